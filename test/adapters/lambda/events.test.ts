import { describe, expect, test } from "vitest";
import { withCors } from "../../../adapters/lambda.ts";
import {
  CONTEXT, EVENT_TYPES, PREFLIGHT_VARY, corsOf, deleteHeader, fixture, fixturePolicy, receivedHeaders, recordingHandler, setHeader, type AnyResult,
} from "./helpers.ts";

const OK = { statusCode: 200, body: "" };
const ALLOWED_ORIGIN = "https://app.example.com";

/** Runs an event through withCors with a policy whose predicate records the Request the core saw. */
async function seenRequest(event: unknown): Promise<{ request: Request | undefined; result: AnyResult }> {
  let request: Request | undefined;
  const policy = fixturePolicy({
    origins: (origin, req) => {
      request = req;
      return origin === ALLOWED_ORIGIN;
    },
  });
  const result: AnyResult = await withCors(async () => OK, policy)(event, CONTEXT);
  return { request, result };
}

describe("§4 header names in events can have any case", () => {
  const spellings = [
    ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"],
    ["origin", "access-control-request-method", "access-control-request-headers"],
    ["ORIGIN", "ACCESS-CONTROL-REQUEST-METHOD", "ACCESS-CONTROL-REQUEST-HEADERS"],
    ["oRiGiN", "Access-control-request-METHOD", "access-Control-Request-headers"],
  ];
  for (const { type, preflight } of EVENT_TYPES) {
    test.each(spellings)(`${type}: %s / %s / %s`, async (origin, method, headers) => {
      const event = fixture(preflight);
      for (const name of ["origin", "access-control-request-method", "access-control-request-headers"]) deleteHeader(event, name);
      const values: [string, string][] = [[origin!, ALLOWED_ORIGIN], [method!, "PUT"], [headers!, "Content-Type, Authorization"]];
      for (const field of ["headers", "multiValueHeaders"] as const) {
        if (!event[field]) continue;
        for (const [name, value] of values) event[field][name] = field === "headers" ? value : [value];
      }
      const { handler, calls } = recordingHandler(OK);
      const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
      expect(calls).toHaveLength(0);
      expect(result.statusCode).toBe(204);
      expect(corsOf(result)["access-control-allow-origin"]).toBe(ALLOWED_ORIGIN);
    });
  }
});

describe("§4 single- and multi-value header maps are merged as API Gateway fills them", () => {
  test("REST: multiValueHeaders holds every value; headers only the last one", async () => {
    const event = fixture("rest-actual");
    event.multiValueHeaders["x-forwarded-for"] = ["203.0.113.1", "198.51.100.2"];
    event.headers["x-forwarded-for"] = "198.51.100.2";
    const { request } = await seenRequest(event);
    expect(request?.headers.get("x-forwarded-for")).toBe("203.0.113.1, 198.51.100.2");
  });

  test("REST: a header only in headers (a hand-made event) still counts", async () => {
    const event = fixture("rest-preflight");
    delete event.multiValueHeaders;
    const result: AnyResult = await withCors(async () => OK, fixturePolicy())(event, CONTEXT);
    expect(result.statusCode).toBe(204);
  });

  test("REST: a header only in multiValueHeaders still counts", async () => {
    const event = fixture("rest-preflight");
    event.headers = null;
    const result: AnyResult = await withCors(async () => OK, fixturePolicy())(event, CONTEXT);
    expect(result.statusCode).toBe(204);
  });

  test("REST: two Origin values are one malformed Origin, never a match", async () => {
    const event = fixture("rest-actual");
    event.multiValueHeaders.origin = [ALLOWED_ORIGIN, "https://evil.example"];
    // Protection off, so the PUT reaches the handler and its response shows the (absent) match.
    const result: AnyResult = await withCors(async () => OK, fixturePolicy({ crossOriginProtection: false }))(event, CONTEXT);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });

  // API Gateway fills both maps from one request, so they agree; hand-made and replayed events may not.
  const disagreeing = [
    {
      what: "headers names another Origin: multiValueHeaders, which holds every value, decides",
      headers: { origin: "https://evil.example" }, multi: { Origin: [ALLOWED_ORIGIN] }, allowed: true,
    },
    {
      what: "multiValueHeaders names another Origin: it still decides",
      headers: { Origin: ALLOWED_ORIGIN }, multi: { origin: ["https://evil.example"] }, allowed: false,
    },
    {
      what: "the same Origin in both, in different cases, counts once",
      headers: { ORIGIN: ALLOWED_ORIGIN }, multi: { origin: [ALLOWED_ORIGIN] }, allowed: true,
    },
    {
      what: "an empty list in multiValueHeaders leaves the header to headers",
      headers: { Origin: ALLOWED_ORIGIN }, multi: { Origin: [] }, allowed: true,
    },
    {
      what: "a null list in multiValueHeaders leaves the header to headers",
      headers: { Origin: ALLOWED_ORIGIN }, multi: { Origin: null }, allowed: true,
    },
    { what: "multiValueHeaders null: headers decides", headers: { Origin: ALLOWED_ORIGIN }, multi: null, allowed: true },
    { what: "headers null: multiValueHeaders decides", headers: null, multi: { Origin: [ALLOWED_ORIGIN] }, allowed: true },
    { what: "both null: no Origin", headers: null, multi: null, allowed: false },
  ];
  for (const { what, headers, multi, allowed } of disagreeing) {
    test(`REST: ${what}`, async () => {
      const event = fixture("rest-actual");
      deleteHeader(event, "origin");
      event.headers = headers === null ? null : { ...event.headers, ...headers };
      event.multiValueHeaders = multi === null ? null : { ...event.multiValueHeaders, ...multi };
      const { request, result } = await seenRequest(event);
      expect(corsOf(result)["access-control-allow-origin"]).toBe(allowed ? ALLOWED_ORIGIN : undefined);
      if (allowed) expect(request?.headers.get("origin")).toBe(ALLOWED_ORIGIN);
    });
  }

  test("HTTP API: comma-joined values and the cookies array reach the Request", async () => {
    const { request } = await seenRequest(fixture("http-api-actual"));
    expect(request?.headers.get("x-custom")).toBe("one,two");
    expect(request?.headers.get("cookie")).toBe("session=abc; theme=dark");
  });

  test("ALB multi-value: every value of a repeated header reaches the Request", async () => {
    const event = fixture("alb-multi-actual");
    event.multiValueHeaders["x-forwarded-for"] = ["203.0.113.1", "198.51.100.2"];
    const { request } = await seenRequest(event);
    expect(request?.headers.get("x-forwarded-for")).toBe("203.0.113.1, 198.51.100.2");
    expect(request?.headers.get("cookie")).toBe("session=abc; theme=dark");
  });
});

describe("§4 the Request the core decides on mirrors the event", () => {
  const expectations = [
    { name: "rest-actual", method: "PUT", url: "https://k3x9q2w7ab.execute-api.eu-west-3.amazonaws.com/orders/42?dryRun=true&tag=a&tag=b" },
    { name: "http-api-actual", method: "POST", url: "https://p8m2r4t6vz.execute-api.eu-west-3.amazonaws.com/orders?tag=a&tag=b&note=caf%C3%A9" },
    { name: "function-url-actual", method: "DELETE", url: "https://z7y6x5w4v3u2t1s0r9q8p7o6n5m4l3k2.lambda-url.eu-west-3.on.aws/items/7" },
    { name: "alb-actual", method: "GET", url: "https://api.example.com/orders/42?fields=id%2Cstatus" },
    { name: "alb-multi-actual", method: "GET", url: "https://api.example.com/orders/42?tag=a&tag=b" },
  ] as const;
  test.each(expectations)("$name: $method $url", async ({ name, method, url }) => {
    const { request } = await seenRequest(fixture(name));
    expect(request?.method).toBe(method);
    expect(request?.url).toBe(url);
    expect(request?.body).toBeNull();
  });

  test("x-forwarded-proto http gives an http URL (an ALB HTTP listener)", async () => {
    const event = fixture("alb-actual");
    event.headers["x-forwarded-proto"] = "http";
    const { request } = await seenRequest(event);
    expect(request?.url.startsWith("http://api.example.com/")).toBe(true);
  });

  test("without a Host header, requestContext.domainName names the host", async () => {
    const event = fixture("http-api-actual");
    delete event.headers.host;
    const { request } = await seenRequest(event);
    expect(new URL(request!.url).host).toBe("p8m2r4t6vz.execute-api.eu-west-3.amazonaws.com");
  });

  test("a path like //evil.example/x stays a path on the API's host", async () => {
    const event = fixture("rest-actual");
    event.path = "//evil.example/x";
    const { request } = await seenRequest(event);
    expect(new URL(request!.url).host).toBe("k3x9q2w7ab.execute-api.eu-west-3.amazonaws.com");
  });
});

describe("§4 odd, huge and missing values get a clear answer, never a crash", () => {
  test.each(EVENT_TYPES)("$type: an Access-Control-Request-Headers of 100 kB refuses the preflight", async ({ preflight }) => {
    const event = fixture(preflight);
    setHeader(event, "access-control-request-headers", "x-a,".repeat(25_000));
    const { handler, calls } = recordingHandler(OK);
    const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toHaveLength(0);
    expect(receivedHeaders(result)["cors-rejected"]?.[0]).toMatch(/^Access-Control-Request-Headers is too large/);
    expect(corsOf(result)["access-control-allow-headers"]).toBeUndefined();
  });

  test.each(EVENT_TYPES)("$type: a 1 MB Origin is not allowed, and the handler still answers", async ({ actual }) => {
    const event = fixture(actual);
    setHeader(event, "origin", `https://${"a".repeat(1_000_000)}.example`);
    const result: AnyResult = await withCors(async () => OK, fixturePolicy({ crossOriginProtection: false }))(event, CONTEXT);
    expect(result.statusCode).toBe(200);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });

  test.each(EVENT_TYPES)("$type: an event with 10,000 headers is answered", async ({ actual }) => {
    const event = fixture(actual);
    for (let i = 0; i < 10_000; i++) {
      if (event.headers) event.headers[`x-filler-${i}`] = "v";
      if (event.multiValueHeaders) event.multiValueHeaders[`x-filler-${i}`] = ["v"];
    }
    const result: AnyResult = await withCors(async () => OK, fixturePolicy())(event, CONTEXT);
    expect(result.statusCode).toBe(200);
    expect(corsOf(result)["access-control-allow-origin"]).toBe(ALLOWED_ORIGIN);
  });

  test("REST: an Origin repeated 10,000 times in multiValueHeaders is one malformed Origin", async () => {
    const event = fixture("rest-actual");
    event.multiValueHeaders.Origin = Array.from({ length: 10_000 }, () => ALLOWED_ORIGIN);
    const result: AnyResult = await withCors(async () => OK, fixturePolicy({ crossOriginProtection: false }))(event, CONTEXT);
    expect(result.statusCode).toBe(200);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });

  const oddOrigins = [
    { what: "characters beyond Latin-1", value: "https://日本.example" },
    { what: "a newline", value: "https://app.example.com\nx-injected: 1" },
    { what: "a NUL byte", value: "https://app.example.com\u0000" },
  ];
  test.each(oddOrigins)("a preflight whose Origin holds $what is rejected, not passed to the handler", async ({ value }) => {
    const event = fixture("http-api-preflight");
    event.headers.origin = value;
    const { handler, calls } = recordingHandler(OK);
    const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toHaveLength(0);
    expect(result.statusCode).toBe(403);
    expect(corsOf(result)).toEqual({ vary: PREFLIGHT_VARY });
  });

  test("an Origin holding a lone surrogate cannot be an HTTP header: no Origin, so the handler answers", async () => {
    const event = fixture("http-api-preflight");
    event.headers.origin = "https://app.example.com\uD800";
    const { handler, calls } = recordingHandler(OK);
    const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toHaveLength(1);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });

  test("header values of other types are read as text, null and undefined ones ignored", async () => {
    const event = fixture("alb-actual");
    Object.assign(event.headers, { "x-number": 5, "x-bool": true, "x-null": null, "x-undefined": undefined, "x-object": { a: 1 } });
    const { request, result } = await seenRequest(event);
    expect(result.statusCode).toBe(200);
    expect(request?.headers.get("x-number")).toBe("5");
    expect(request?.headers.get("x-bool")).toBe("true");
    expect(request?.headers.has("x-null")).toBe(false);
    expect(request?.headers.has("x-object")).toBe(false);
  });

  test("an invalid header name is skipped, the rest of the event still counts", async () => {
    const event = fixture("rest-preflight");
    event.headers["bad name"] = "x";
    event.multiValueHeaders["bad name"] = ["x"];
    event.headers[""] = "empty";
    const result: AnyResult = await withCors(async () => OK, fixturePolicy())(event, CONTEXT);
    expect(result.statusCode).toBe(204);
  });

  test("a Host that is not a host falls back to localhost", async () => {
    const event = fixture("alb-actual");
    event.headers.host = "exa mple.com:99999";
    const { request, result } = await seenRequest(event);
    expect(result.statusCode).toBe(200);
    expect(request?.url).toBe("https://localhost/orders/42?fields=id%2Cstatus");
  });

  test("a method Fetch refuses still reaches the handler, with CORS headers on its answer", async () => {
    const event = fixture("rest-actual");
    event.httpMethod = "TRACE";
    const { handler, calls } = recordingHandler({ statusCode: 405, body: "" });
    const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toHaveLength(1);
    expect(result.statusCode).toBe(405);
    expect(corsOf(result)["access-control-allow-origin"]).toBe(ALLOWED_ORIGIN);
  });

  const oddMethods = [
    { label: "CONNECT", method: "CONNECT" },
    { label: "TRACK", method: "TRACK" },
    { label: "an empty method", method: "" },
    { label: "a blank method", method: " " },
    { label: "a method holding a path", method: "GET /admin" },
    { label: "a non-ASCII method", method: "PØST" },
    { label: "OPTIONS followed by CRLF", method: "OPTIONS\r\n" },
    { label: "a 10,000-character method", method: "X".repeat(10_000) },
  ];
  for (const { type, actual, preflight } of EVENT_TYPES) {
    test.each(oddMethods)(`${type}: $label reaches the handler, whose answer gets the CORS headers`, async ({ method }) => {
      for (const name of [actual, preflight]) {
        const event = fixture(name);
        if (event.requestContext?.http) event.requestContext.http.method = method;
        else event.httpMethod = method;
        const { handler, calls } = recordingHandler({ statusCode: 405, body: "" });
        const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
        expect(calls).toHaveLength(1);
        expect(result.statusCode).toBe(405);
        expect(corsOf(result)["access-control-allow-origin"]).toBe(ALLOWED_ORIGIN);
      }
    });
  }

  test("a lowercase options method is still a preflight (Fetch normalises it)", async () => {
    const event = fixture("alb-preflight");
    event.httpMethod = "options";
    const result: AnyResult = await withCors(async () => OK, fixturePolicy())(event, CONTEXT);
    expect(result.statusCode).toBe(204);
  });

  const stripped = [
    { what: "REST without requestContext, headers or path", event: { httpMethod: "GET" } },
    { what: "REST with null maps", event: { httpMethod: "GET", headers: null, multiValueHeaders: null, queryStringParameters: null, multiValueQueryStringParameters: null, requestContext: null, path: null } },
    { what: "HTTP API with only requestContext.http", event: { requestContext: { http: { method: "GET" } } } },
    { what: "HTTP API whose http has no method", event: { version: "2.0", requestContext: { http: {} } } },
    { what: "ALB with only requestContext.elb", event: { requestContext: { elb: {} }, httpMethod: "GET" } },
    { what: "query maps holding non-arrays and non-strings", event: { httpMethod: "GET", multiValueQueryStringParameters: { a: "x", b: [1, null] }, queryStringParameters: { c: { d: 1 } } } },
  ];
  test.each(stripped)("$what: the handler answers, with Vary: Origin", async ({ event }) => {
    const { handler, calls } = recordingHandler(OK);
    const result: AnyResult = await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toHaveLength(1);
    expect(result.statusCode).toBe(200);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });
});

describe("§4 events that are not HTTP requests go to the handler untouched", () => {
  const others = [
    { what: "a warm-up ping", event: { source: "serverless-plugin-warmup" } },
    { what: "an EventBridge schedule", event: { "detail-type": "Scheduled Event", source: "aws.events", detail: {} } },
    { what: "an SQS batch", event: { Records: [{ messageId: "1", body: "{}", eventSource: "aws:sqs" }] } },
    { what: "a VPC Lattice v2 request", event: { version: "2.0", path: "/", method: "GET", headers: { origin: ["https://app.example.com"] }, requestContext: { serviceArn: "arn:aws:vpc-lattice:x" } } },
    { what: "a string", event: "hello" },
    { what: "null", event: null },
    { what: "an array", event: [1, 2] },
  ];
  test.each(others)("$what: the handler's result comes back as is", async ({ event }) => {
    const returned = { batchItemFailures: [] };
    const { handler, calls } = recordingHandler(returned);
    const result = await withCors(handler, fixturePolicy())(event, CONTEXT);
    expect(calls).toEqual([{ event, context: CONTEXT }]);
    expect(result).toBe(returned);
  });

  test("an error thrown for such an event propagates (Lambda's own retry semantics apply)", async () => {
    const wrapped = withCors(async () => { throw new Error("queue failure"); }, fixturePolicy());
    await expect(wrapped({ Records: [] }, CONTEXT)).rejects.toThrow("queue failure");
  });
});
