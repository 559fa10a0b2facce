import type { ALBResult, APIGatewayProxyResult, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, test } from "vitest";
import { withCors } from "../../../adapters/lambda.ts";
import {
  CONTEXT, EVENT_TYPES, corsOf, type AnyResult, fixture, fixturePolicy, receivedHeaders, recordingHandler, setHeader, writesOf,
} from "./helpers.ts";

const ALLOWED = {
  "access-control-allow-origin": "https://app.example.com",
  "access-control-allow-credentials": "true",
  "access-control-expose-headers": "x-request-id",
  vary: "Origin",
};

function answering<R>(result: R) {
  return async (): Promise<R> => result;
}

describe("§4 a handler result gets the policy's CORS headers", () => {
  test.each(EVENT_TYPES)("$type: allowed origin, credentials and exposed headers, Vary: Origin", async ({ actual, field }) => {
    const handler = answering({ statusCode: 201, headers: { "content-type": "application/json" }, body: '{"id":7}' });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture(actual), CONTEXT);
    expect(result.statusCode).toBe(201);
    expect(result.body).toBe('{"id":7}');
    expect(corsOf(result)).toEqual(ALLOWED);
    const target = result[field] as Record<string, unknown>;
    expect(Object.keys(target)).toContain("access-control-allow-origin");
  });

  test.each(EVENT_TYPES)("$type: a disallowed origin gets no Access-Control-* header but still Vary: Origin", async ({ actual }) => {
    const event = fixture(actual);
    setHeader(event, "origin", "https://evil.example");
    // Cross-origin protection off, so that the handler answers whatever the method.
    const policy = fixturePolicy({ crossOriginProtection: false });
    const result: AnyResult = await withCors(answering({ statusCode: 200, body: "" }), policy)(event, CONTEXT);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });

  test.each(EVENT_TYPES)("$type: with credentials, an unsafe request from a disallowed origin is refused before the handler (SPEC §6)", async ({ actual }) => {
    const event = fixture(actual);
    setHeader(event, "origin", "https://evil.example");
    const { handler, calls } = recordingHandler({ statusCode: 200, body: "" });
    const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
    const method = String(event.httpMethod ?? event.requestContext?.http?.method);
    if (method === "GET") {
      expect(calls).toHaveLength(1);
      return;
    }
    expect(calls).toHaveLength(0);
    expect(result.statusCode).toBe(403);
    expect(corsOf(result)).toEqual({ vary: "Origin, Sec-Fetch-Site" });
  });

  test("a request without Origin gets Vary: Origin only", async () => {
    const event = fixture("function-url-actual");
    delete event.headers.origin;
    const result: AnyResult = await withCors(answering({ statusCode: 200, body: "" }), fixturePolicy())(event, CONTEXT);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });

  test("origins \"*\" puts Access-Control-Allow-Origin: * on every response and no Vary", async () => {
    const event = fixture("rest-actual");
    setHeader(event, "origin", "https://anyone.example");
    const policy = fixturePolicy({ origins: "*", credentials: false });
    const result: AnyResult = await withCors(answering({ statusCode: 200, body: "" }), policy)(event, CONTEXT);
    expect(corsOf(result)).toEqual({ "access-control-allow-origin": "*", "access-control-expose-headers": "x-request-id" });
  });
});

describe("§4 Access-Control-* headers the handler set are replaced, never duplicated", () => {
  const stale = [
    { where: "headers, canonical case", result: { headers: { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "false" } } },
    { where: "headers, upper case", result: { headers: { "ACCESS-CONTROL-ALLOW-ORIGIN": "https://old.example" } } },
    { where: "multiValueHeaders", result: { multiValueHeaders: { "access-control-allow-origin": ["*", "https://old.example"] } } },
    { where: "both fields, different cases", result: { headers: { "access-control-allow-origin": "*" }, multiValueHeaders: { "Access-Control-Allow-Origin": ["*"] } } },
    { where: "a preflight-only header on an actual response", result: { headers: { "Access-Control-Allow-Methods": "GET", "access-control-max-age": 5 } } },
  ];
  for (const { type, actual } of EVENT_TYPES) {
    test.each(stale)(`${type}: stale values in $where`, async ({ result: extra }) => {
      const result: AnyResult = await withCors(answering({ statusCode: 200, body: "ok", ...extra }), fixturePolicy())(fixture(actual), CONTEXT);
      expect(corsOf(result)).toEqual(ALLOWED);
      for (const name of Object.keys(ALLOWED)) expect(writesOf(result, name)).toBe(1);
    });
  }

  test("a stale Access-Control-Allow-Origin is removed when the origin is not allowed", async () => {
    const event = fixture("http-api-actual");
    event.headers.origin = "https://evil.example";
    const handler = answering({ statusCode: 200, headers: { "Access-Control-Allow-Origin": "*" }, body: "" });
    const result: AnyResult = await withCors(handler, fixturePolicy({ crossOriginProtection: false }))(event, CONTEXT);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });
});

describe("§4 Vary is merged, never duplicated or lost", () => {
  const varies = [
    { given: { headers: { Vary: "Accept-Encoding" } }, expected: "Accept-Encoding, Origin" },
    { given: { headers: { vary: "origin" } }, expected: "origin" },
    { given: { headers: { VARY: "*" } }, expected: "*" },
    { given: { multiValueHeaders: { Vary: ["Accept-Encoding", "Accept-Language"] } }, expected: "Accept-Encoding, Accept-Language, Origin" },
    { given: { headers: { Vary: "Accept" }, multiValueHeaders: { vary: ["Accept"] } }, expected: "Accept, Origin" },
  ];
  for (const { type, actual } of EVENT_TYPES) {
    test.each(varies)(`${type}: $given gives Vary: $expected`, async ({ given, expected }) => {
      const result: AnyResult = await withCors(answering({ statusCode: 200, body: "", ...given }), fixturePolicy())(fixture(actual), CONTEXT);
      expect(receivedHeaders(result)["vary"]).toEqual([expected]);
      expect(writesOf(result, "vary")).toBe(1);
    });
  }
});

describe("§4 each CORS header is written once, in the one field the integration reads", () => {
  test("ALB with multi-value headers: everything in multiValueHeaders, the handler's headers moved there", async () => {
    const handler = answering<ALBResult>({
      statusCode: 200,
      statusDescription: "200 OK",
      headers: { Vary: "Accept", "Cache-Control": "no-store", "content-type": "text/plain", "x-count": 2 },
      multiValueHeaders: { "Content-Type": ["text/plain"], "Access-Control-Allow-Origin": ["*"], "set-cookie": ["a=1", "b=2"] },
      body: "ok",
      isBase64Encoded: false,
    });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture("alb-multi-actual"), CONTEXT);
    expect(result.headers).toBeUndefined();
    expect(result.multiValueHeaders).toEqual({
      "Content-Type": ["text/plain"],
      "set-cookie": ["a=1", "b=2"],
      "Cache-Control": ["no-store"],
      "x-count": [2],
      "access-control-allow-origin": ["https://app.example.com"],
      "access-control-allow-credentials": ["true"],
      "access-control-expose-headers": ["x-request-id"],
      vary: ["Accept, Origin"],
    });
    expect(result.statusDescription).toBe("200 OK");
  });

  test("ALB without multi-value headers: CORS headers only in headers", async () => {
    const handler = answering<ALBResult>({ statusCode: 200, headers: { "content-type": "text/plain" }, body: "ok" });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture("alb-actual"), CONTEXT);
    expect(result.multiValueHeaders).toBeUndefined();
    expect(result.headers).toEqual({ "content-type": "text/plain", ...ALLOWED });
  });

  test("REST: CORS headers in headers, removed from multiValueHeaders", async () => {
    const handler = answering<APIGatewayProxyResult>({
      statusCode: 200,
      multiValueHeaders: { "Access-Control-Expose-Headers": ["x-old"], "x-trace": ["1", "2"] },
      body: "",
    });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture("rest-actual"), CONTEXT);
    expect(result.multiValueHeaders).toEqual({ "x-trace": ["1", "2"] });
    expect(result.headers).toEqual(ALLOWED);
  });
});

describe("§4 everything else in the result is preserved", () => {
  test("REST: two Set-Cookie values in multiValueHeaders survive", async () => {
    const cookies = ["session=abc; Path=/; Secure; HttpOnly", "theme=dark; Path=/"];
    const handler = answering<APIGatewayProxyResult>({ statusCode: 200, multiValueHeaders: { "Set-Cookie": cookies }, body: "" });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture("rest-actual"), CONTEXT);
    expect(result.multiValueHeaders?.["Set-Cookie"]).toEqual(cookies);
  });

  test("ALB multi-value: two Set-Cookie values survive", async () => {
    const cookies = ["a=1; Secure", "b=2; Secure"];
    const handler = answering<ALBResult>({ statusCode: 200, multiValueHeaders: { "set-cookie": cookies }, body: "" });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture("alb-multi-actual"), CONTEXT);
    expect(result.multiValueHeaders?.["set-cookie"]).toEqual(cookies);
  });

  test("HTTP API: cookies survive untouched", async () => {
    const cookies = ["session=abc; Secure; HttpOnly", "theme=dark"];
    const handler = answering<APIGatewayProxyStructuredResultV2>({ statusCode: 200, cookies, body: "" });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture("http-api-actual"), CONTEXT);
    expect(result).toMatchObject({ cookies });
  });

  test.each(EVENT_TYPES)("$type: a base64 body and its flag are passed through untouched", async ({ actual }) => {
    const body = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const handler = answering({ statusCode: 200, headers: { "content-type": "image/png" }, body, isBase64Encoded: true });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture(actual), CONTEXT);
    expect(result.body).toBe(body);
    expect(result.isBase64Encoded).toBe(true);
  });

  test("other fields, the status and non-CORS headers (number and boolean values too) are kept", async () => {
    const handler = answering({ statusCode: 418, headers: { "x-count": 3, "x-flag": true, "Content-Type": "text/plain" }, body: "tea", extra: "kept" });
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture("rest-actual"), CONTEXT);
    expect(result).toMatchObject({ statusCode: 418, body: "tea", extra: "kept" });
    expect(result.headers).toMatchObject({ "x-count": 3, "x-flag": true, "Content-Type": "text/plain" });
  });

  test("the handler's own result object is never mutated (a shared constant stays clean)", async () => {
    const shared = Object.freeze({
      statusCode: 404,
      headers: Object.freeze({ "content-type": "text/plain", "Access-Control-Allow-Origin": "*" }),
      multiValueHeaders: Object.freeze({ Vary: Object.freeze(["Accept"]) }),
      body: "not found",
    });
    const snapshot = JSON.stringify(shared);
    const wrapped = withCors(answering(shared), fixturePolicy());
    const first: AnyResult = await wrapped(fixture("rest-actual"), CONTEXT);
    const other = fixture("rest-actual");
    setHeader(other, "origin", "https://evil.example");
    const second: AnyResult = await wrapped(other, CONTEXT);
    expect(JSON.stringify(shared)).toBe(snapshot);
    expect(corsOf(first)["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(corsOf(second)["access-control-allow-origin"]).toBeUndefined();
  });

  test("a result without headers gets a headers field holding only the CORS headers", async () => {
    const result: AnyResult = await withCors(answering({ statusCode: 204 }), fixturePolicy())(fixture("function-url-actual"), CONTEXT);
    expect(result).toEqual({ statusCode: 204, headers: ALLOWED });
  });

  test("concurrent invocations never see each other's origin", async () => {
    const policy = fixturePolicy({ origins: ["https://a.example", "https://b.example"] });
    const wrapped = withCors(async (event: { headers: Record<string, string> }) => {
      // The slower request is the one that started first.
      await new Promise((resolve) => setTimeout(resolve, event.headers.origin === "https://a.example" ? 20 : 1));
      return { statusCode: 200, body: event.headers.origin ?? "" };
    }, policy);
    const a = fixture<{ headers: Record<string, string> }>("http-api-actual");
    a.headers.origin = "https://a.example";
    const b = fixture<{ headers: Record<string, string> }>("http-api-actual");
    b.headers.origin = "https://b.example";
    const [ra, rb]: AnyResult[] = await Promise.all([wrapped(a, CONTEXT), wrapped(b, CONTEXT)]);
    expect(corsOf(ra!)["access-control-allow-origin"]).toBe("https://a.example");
    expect(corsOf(rb!)["access-control-allow-origin"]).toBe("https://b.example");
  });
});
