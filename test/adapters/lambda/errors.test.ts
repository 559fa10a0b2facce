import { afterEach, describe, expect, test, vi } from "vitest";
import { withCors } from "../../../adapters/lambda.ts";
import { CONTEXT, EVENT_TYPES, corsOf, fixture, fixturePolicy, setHeader, type AnyResult } from "./helpers.ts";

const SECRET = "db password is hunter2 at 10.0.0.12";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("§4 a thrown error becomes a 500 with the CORS headers and no internals", () => {
  const failures = [
    { how: "throws synchronously", handler: () => { throw new Error(SECRET); } },
    { how: "rejects", handler: async () => { throw new Error(SECRET); } },
    { how: "rejects with a non-Error", handler: async () => Promise.reject(SECRET) },
  ];
  for (const { type, actual, field } of EVENT_TYPES) {
    test.each(failures)(`${type}: the handler $how`, async ({ handler }) => {
      const errors: { error: unknown; url: string }[] = [];
      const wrapped = withCors(handler, fixturePolicy(), { onError: (error, request) => errors.push({ error, url: request.url }) });
      const result: AnyResult = await wrapped(fixture(actual), CONTEXT);
      expect(result.statusCode).toBe(500);
      expect(result.body).toBe("Internal Server Error");
      expect(JSON.stringify(result)).not.toContain("hunter2");
      expect(corsOf(result)).toEqual({
        "access-control-allow-origin": "https://app.example.com",
        "access-control-allow-credentials": "true",
        "access-control-expose-headers": "x-request-id",
        vary: "Origin",
      });
      expect(Object.keys(result[field])).toContain("access-control-allow-origin");
      expect(errors).toHaveLength(1);
      expect(String(errors[0]!.error)).toContain("hunter2");
      expect(errors[0]!.url).toMatch(/^https?:\/\/[^/]+\//);
    });
  }

  test("ALB 500s are described as 500 Internal Server Error, in the field the target group uses", async () => {
    const wrapped = withCors(() => { throw new Error("x"); }, fixturePolicy(), { onError: () => {} });
    const single: AnyResult = await wrapped(fixture("alb-actual"), CONTEXT);
    const multi: AnyResult = await wrapped(fixture("alb-multi-actual"), CONTEXT);
    expect(single.statusDescription).toBe("500 Internal Server Error");
    expect(single.multiValueHeaders).toBeUndefined();
    expect(multi.statusDescription).toBe("500 Internal Server Error");
    expect(multi.headers).toBeUndefined();
    expect(multi.multiValueHeaders["content-type"]).toEqual(["text/plain; charset=utf-8"]);
  });

  test("a disallowed origin still gets its 500, without Access-Control-Allow-Origin", async () => {
    const event = fixture("rest-actual");
    setHeader(event, "origin", "https://evil.example");
    // Protection off, so the PUT from that origin reaches the handler.
    const policy = fixturePolicy({ crossOriginProtection: false });
    const result: AnyResult = await withCors(() => { throw new Error("x"); }, policy, { onError: () => {} })(event, CONTEXT);
    expect(result.statusCode).toBe(500);
    expect(corsOf(result)).toEqual({ vary: "Origin" });
  });

  test("without onError, the error goes to console.error", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = new Error("boom");
    await withCors(() => { throw error; }, fixturePolicy())(fixture("http-api-actual"), CONTEXT);
    expect(logged).toHaveBeenCalledWith(error);
  });

  test("an onError that throws does not hide the 500", async () => {
    const wrapped = withCors(() => { throw new Error("x"); }, fixturePolicy(), { onError: () => { throw new Error("logger down"); } });
    const result: AnyResult = await wrapped(fixture("function-url-actual"), CONTEXT);
    expect(result.statusCode).toBe(500);
  });

  test("a preflight never reaches onError", async () => {
    const errors: unknown[] = [];
    await withCors(() => { throw new Error("x"); }, fixturePolicy(), { onError: (e) => errors.push(e) })(fixture("rest-preflight"), CONTEXT);
    expect(errors).toEqual([]);
  });
});

describe("§4 a result the integration would refuse becomes a 500 that says why", () => {
  const malformed = [
    { result: undefined, message: /returned undefined; return a result such as \{ statusCode: 204 \}/ },
    { result: null, message: /returned null/ },
    { result: { body: "no status" }, message: /without a numeric statusCode/ },
    { result: { statusCode: "OK", body: "" }, message: /without a numeric statusCode/ },
    { result: ["a"], message: /returned an array instead of a result object/ },
  ];
  // ALB wants a number; API Gateway's REST proxy integration also takes three digits as a string.
  const albOnly = [{ result: { statusCode: "200", body: "" }, message: /without a numeric statusCode/ }];
  for (const name of ["rest-actual", "alb-actual", "alb-multi-actual"] as const) {
    test.each(name === "rest-actual" ? malformed : [...malformed, ...albOnly])(`${name}: %j`, async ({ result: returned, message }) => {
      const errors: unknown[] = [];
      const wrapped = withCors(async () => returned, fixturePolicy(), { onError: (e) => errors.push(e) });
      const result = (await wrapped(fixture(name), CONTEXT)) as AnyResult;
      expect(result.statusCode).toBe(500);
      expect(corsOf(result)["access-control-allow-origin"]).toBe("https://app.example.com");
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect(String(errors[0])).toMatch(message);
    });
  }

  test.each([undefined, null])("payload 2.0: a handler returning %s gets a 500 (a forgotten return), not a body", async (returned) => {
    const errors: unknown[] = [];
    const wrapped = withCors(async () => returned, fixturePolicy(), { onError: (e) => errors.push(e) });
    const result = (await wrapped(fixture("http-api-actual"), CONTEXT)) as AnyResult;
    expect(result.statusCode).toBe(500);
    expect(String(errors[0])).toMatch(/HTTP API \/ Function URL handler returned/);
  });

  test("payload 2.0: a bare result with no JSON form (a function, a BigInt) is a 500", async () => {
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    const fn: AnyResult = await withCors(async () => () => 1, fixturePolicy(), { onError })(fixture("http-api-actual"), CONTEXT);
    const big: AnyResult = await withCors(async () => ({ n: 1n }), fixturePolicy(), { onError })(fixture("http-api-actual"), CONTEXT);
    expect(fn.statusCode).toBe(500);
    expect(big.statusCode).toBe(500);
    expect(String(errors[0])).toMatch(/returned a function value, which has no JSON form/);
    expect(errors[1]).toBeInstanceOf(TypeError);
  });
});

describe("§4 a REST (payload 1.0) result may give its status as three digits in a string", () => {
  test('{ statusCode: "200" } (AWS\'s own blueprint) is passed on as written, with CORS headers', async () => {
    const errors: unknown[] = [];
    const wrapped = withCors(async () => ({ statusCode: "200", body: "{}" }), fixturePolicy(), { onError: (e) => errors.push(e) });
    const result = (await wrapped(fixture("rest-actual"), CONTEXT)) as AnyResult;
    expect(result.statusCode).toBe("200");
    expect(corsOf(result)["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(errors).toEqual([]);
  });
});

describe("§7 a failing policy source answers 503 in the shape of each integration", () => {
  test.each(["alb-actual", "alb-multi-actual"] as const)("%s: statusDescription names it, 503 Service Unavailable", async (name) => {
    const wrapped = withCors(async () => ({ statusCode: 200, body: "" }), { resolve: async () => { throw new Error("store down"); } }, { onError: () => undefined });
    const result = (await wrapped(fixture(name), CONTEXT)) as AnyResult & { statusDescription?: string };
    expect(result.statusCode).toBe(503);
    expect(result.statusDescription).toBe("503 Service Unavailable");
  });
});
