import { describe, expect, test } from "vitest";
import { withCors } from "../../../adapters/lambda.ts";
import {
  CONTEXT, EVENT_TYPES, PREFLIGHT_VARY, type AnyResult, corsOf, deleteHeader, fixture, fixturePolicy, receivedHeaders, recordingHandler, setHeader,
  writesOf,
} from "./helpers.ts";

const OK = { statusCode: 200, body: "handler" };

describe("§4 a preflight from an allowed origin for a method or header the policy refuses is answered informatively", () => {
  const refused = [
    { why: "method not allowed", header: "access-control-request-method", value: "PATCH", reason: /^method "PATCH" is not allowed/ },
    { why: "method in the wrong case", header: "access-control-request-method", value: "put", reason: /methods are case-sensitive/ },
    { why: "header not allowed", header: "access-control-request-headers", value: "content-type,x-debug", reason: /^header "x-debug" is not allowed/ },
  ];
  for (const { type, preflight } of EVENT_TYPES) {
    test.each(refused)(`${type}: $why`, async ({ header, value, reason }) => {
      const event = fixture(preflight);
      setHeader(event, header, value);
      const { handler, calls } = recordingHandler(OK);
      const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
      expect(calls).toHaveLength(0);
      expect(result.statusCode).toBe(204);
      expect(corsOf(result)).toEqual({
        "access-control-allow-origin": "https://app.example.com",
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": "PUT, DELETE",
        "access-control-allow-headers": "content-type, authorization",
        vary: PREFLIGHT_VARY,
      });
      expect(receivedHeaders(result)["cors-rejected"]?.[0]).toMatch(reason);
      expect(result.body).toBe("");
    });
  }
});

describe("§4 an allowed preflight is answered without calling the handler", () => {
  test.each(EVENT_TYPES)("$type: 204, the policy's lists, the preflight Vary", async ({ preflight }) => {
    const { handler, calls } = recordingHandler(OK);
    const result: AnyResult = await withCors(handler, fixturePolicy())(fixture(preflight), CONTEXT);
    expect(calls).toHaveLength(0);
    expect(result.statusCode).toBe(204);
    expect(result.body).toBe("");
    expect(result.isBase64Encoded).toBe(false);
    expect(corsOf(result)).toEqual({
      "access-control-allow-origin": "https://app.example.com",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "PUT, DELETE",
      "access-control-allow-headers": "content-type, authorization",
      "access-control-max-age": "600",
      vary: PREFLIGHT_VARY,
    });
  });

  test("preflightStatus 200 answers 200", async () => {
    const { handler } = recordingHandler(OK);
    const result: AnyResult = await withCors(handler, fixturePolicy({ preflightStatus: 200 }))(fixture("http-api-preflight"), CONTEXT);
    expect(result.statusCode).toBe(200);
  });

  test("origins \"*\" answers Access-Control-Allow-Origin: * and leaves Origin out of Vary", async () => {
    const { handler } = recordingHandler(OK);
    const policy = fixturePolicy({ origins: "*", credentials: false });
    const result: AnyResult = await withCors(handler, policy)(fixture("rest-preflight"), CONTEXT);
    expect(corsOf(result)["access-control-allow-origin"]).toBe("*");
    expect(corsOf(result)["vary"]).not.toMatch(/(^|, )Origin(,|$)/);
  });
});

describe("§4 a preflight from a disallowed origin is a 403 without Access-Control-Allow-* headers", () => {
  for (const { type, preflight } of EVENT_TYPES) {
    test(`${type}: origin not listed`, async () => {
      const event = fixture(preflight);
      setHeader(event, "origin", "https://evil.example");
      const { handler, calls } = recordingHandler(OK);
      const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
      expect(calls).toHaveLength(0);
      expect(result.statusCode).toBe(403);
      expect(corsOf(result)).toEqual({ vary: PREFLIGHT_VARY });
      expect(result.body).toBe("");
    });
  }

  test("with debug, the reason is in the CORS-Rejected header and a text body", async () => {
    const event = fixture("alb-preflight");
    event.headers.origin = "https://evil.example";
    const result: AnyResult = await withCors(recordingHandler(OK).handler, fixturePolicy({ debug: true }))(event, CONTEXT);
    expect(result.statusCode).toBe(403);
    expect(result.headers?.["cors-rejected"]).toBe('origin "https://evil.example" is not allowed');
    expect(result.headers?.["content-type"]).toBe("text/plain; charset=utf-8");
    expect(result.body).toBe('origin "https://evil.example" is not allowed');
  });

  test("onReject observes the rejection with the request built from the event", async () => {
    const seen: { code: string; url: string; method: string }[] = [];
    const event = fixture("rest-preflight");
    setHeader(event, "Access-Control-Request-Method", "PATCH");
    const policy = fixturePolicy({ onReject: (rejection, request) => seen.push({ code: rejection.code, url: request.url, method: request.method }) });
    await withCors(recordingHandler(OK).handler, policy)(event, CONTEXT);
    expect(seen).toEqual([{ code: "method-not-allowed", url: "https://k3x9q2w7ab.execute-api.eu-west-3.amazonaws.com/orders/42", method: "OPTIONS" }]);
  });

  test("an empty Origin makes the preflight malformed: rejected, handler not called", async () => {
    const event = fixture("http-api-preflight");
    event.headers.origin = "";
    const { handler, calls } = recordingHandler(OK);
    const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toHaveLength(0);
    expect(result.statusCode).toBe(403);
  });
});

describe("§4 the preflight answer has the shape the integration requires", () => {
  test("ALB with multi-value headers: multiValueHeaders only, one value per header, statusDescription", async () => {
    const result: AnyResult = await withCors(recordingHandler(OK).handler, fixturePolicy())(fixture("alb-multi-preflight"), CONTEXT);
    expect(result.headers).toBeUndefined();
    expect(result.statusDescription).toBe("204 No Content");
    for (const values of Object.values(result.multiValueHeaders ?? {})) expect(values).toHaveLength(1);
    expect(result.multiValueHeaders?.["access-control-allow-origin"]).toEqual(["https://app.example.com"]);
  });

  test("ALB without multi-value headers: headers only, statusDescription", async () => {
    const result: AnyResult = await withCors(recordingHandler(OK).handler, fixturePolicy())(fixture("alb-preflight"), CONTEXT);
    expect(result.multiValueHeaders).toBeUndefined();
    expect(result.statusDescription).toBe("204 No Content");
    expect(result.headers?.["access-control-allow-origin"]).toBe("https://app.example.com");
  });

  test("a rejected ALB preflight is described as 403 Forbidden", async () => {
    const event = fixture("alb-multi-preflight");
    event.multiValueHeaders.origin = ["https://evil.example"];
    const result: AnyResult = await withCors(recordingHandler(OK).handler, fixturePolicy())(event, CONTEXT);
    expect(result.statusDescription).toBe("403 Forbidden");
    expect(result.headers).toBeUndefined();
  });

  test.each(["rest-preflight", "http-api-preflight", "function-url-preflight"] as const)(
    "%s: headers only, no statusDescription, each CORS header written once",
    async (name) => {
      const result: AnyResult = await withCors(recordingHandler(OK).handler, fixturePolicy())(fixture(name), CONTEXT);
      expect(result.multiValueHeaders).toBeUndefined();
      expect(result.statusDescription).toBeUndefined();
      for (const header of Object.keys(corsOf(result))) expect(writesOf(result, header)).toBe(1);
    },
  );
});

describe("§4 an OPTIONS that is not a preflight reaches the handler", () => {
  test.each(EVENT_TYPES)("$type: no Access-Control-Request-Method, the handler answers", async ({ preflight }) => {
    const event = fixture(preflight);
    deleteHeader(event, "access-control-request-method");
    deleteHeader(event, "access-control-request-headers");
    const { handler, calls } = recordingHandler({ statusCode: 200, headers: { allow: "GET, PUT, OPTIONS" }, body: "" });
    const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.event).toBe(event);
    expect(result.statusCode).toBe(200);
    const cors = corsOf(result);
    expect(cors["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(cors["access-control-allow-methods"]).toBeUndefined();
    expect(cors["vary"]).toBe("Origin");
  });

  test("an OPTIONS without Origin reaches the handler", async () => {
    const event = fixture("alb-preflight");
    deleteHeader(event, "origin");
    const { handler, calls } = recordingHandler({ statusCode: 204 });
    await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toHaveLength(1);
  });
});
