import { describe, expect, test } from "vitest";
import { CorsConfigError, corsPolicy, withCors, type CorsPolicy } from "../../src/index.ts";
import { actualRequest, corsHeaders, preflightRequest } from "./requests.ts";

const APP = "https://app.example.com";
const policy = corsPolicy({ origins: [APP], methods: ["PUT"], credentials: true, exposeHeaders: ["x-request-id"] });
const quiet = { onError: () => undefined };

describe("§1 withCors answers preflights without calling the handler", () => {
  test("an allowed preflight is answered by the policy", async () => {
    let calls = 0;
    const fetch = withCors(() => (calls++, new Response("handler")), policy);
    const response = await fetch(preflightRequest(APP, "PUT"));
    expect(response.status).toBe(204);
    expect(calls).toBe(0);
  });

  test("a rejected preflight is answered 403 by the policy, never reaching auth or routing", async () => {
    let calls = 0;
    const fetch = withCors(() => (calls++, new Response("unauthorised", { status: 401 })), policy);
    expect((await fetch(preflightRequest("https://evil.test", "PUT"))).status).toBe(403);
    expect(calls).toBe(0);
  });

  test("an OPTIONS without Access-Control-Request-Method reaches the handler, decorated", async () => {
    const fetch = withCors(() => new Response(null, { status: 204, headers: { allow: "GET, PUT" } }), policy);
    const response = await fetch(preflightRequest(APP, null));
    expect(response.headers.get("allow")).toBe("GET, PUT");
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
  });
});

describe("§1 withCors decorates every other response", () => {
  test("sync and async handlers, with extra arguments passed through", async () => {
    const fetch = withCors((request: Request, env: { name: string }, ctx: number) => Response.json({ env: env.name, ctx }), policy);
    const response = await fetch(actualRequest(APP), { name: "prod" }, 7);
    expect(await response.json()).toEqual({ env: "prod", ctx: 7 });
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    const asyncFetch = withCors(async () => new Response("later"), policy);
    expect((await asyncFetch(actualRequest(APP))).headers.get("access-control-allow-credentials")).toBe("true");
  });

  test("a 404 or 401 from the handler carries the CORS headers, so the page can read the error", async () => {
    for (const status of [401, 404, 503]) {
      const fetch = withCors(() => new Response("no", { status }), policy);
      const response = await fetch(actualRequest(APP));
      expect(response.status).toBe(status);
      expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    }
  });

  test("a response from fetch() (immutable headers) is copied and decorated", async () => {
    const fetch = withCors(() => Response.redirect("https://app.example.com/next", 307), policy);
    const response = await fetch(actualRequest(APP));
    expect(response.status).toBe(307);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
  });
});

describe("§1 a failing handler becomes a 500 that still carries the CORS headers", () => {
  test("a thrown error: 500, CORS headers, a plain body with no internals", async () => {
    const fetch = withCors(() => { throw new Error("database password is hunter2"); }, policy, quiet);
    const response = await fetch(actualRequest(APP));
    expect(response.status).toBe(500);
    expect(corsHeaders(response)).toEqual({
      "access-control-allow-origin": APP,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "x-request-id",
      vary: "Origin",
    });
    const body = await response.text();
    expect(body).toBe("Internal Server Error");
    expect(body).not.toContain("hunter2");
  });

  test("a rejected promise is handled the same way", async () => {
    const fetch = withCors(async () => Promise.reject(new Error("boom")), policy, quiet);
    expect((await fetch(actualRequest(APP))).status).toBe(500);
  });

  test.each([["undefined", undefined], ["null", null], ["a string", "ok"], ["a plain object", { status: 200 }]])(
    "a handler returning %s instead of a Response gives a 500",
    async (_, value) => {
      const fetch = withCors(() => value as unknown as Response, policy, quiet);
      const response = await fetch(actualRequest(APP));
      expect(response.status).toBe(500);
      expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    },
  );

  test("onError receives the error and the request", async () => {
    const seen: unknown[] = [];
    const error = new Error("boom");
    const request = actualRequest(APP);
    await withCors(() => { throw error; }, policy, { onError: (e, r) => seen.push(e, r) })(request);
    expect(seen).toEqual([error, request]);
  });

  test("without onError, the error goes to console.error", async () => {
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(...args);
    try {
      const error = new Error("boom");
      await withCors(() => { throw error; }, policy)(actualRequest(APP));
      expect(logged).toContain(error);
    } finally {
      console.error = original;
    }
  });

  test("an onError that throws does not hide the 500", async () => {
    const fetch = withCors(() => { throw new Error("boom"); }, policy, { onError: () => { throw new Error("logger down"); } });
    expect((await fetch(actualRequest(APP))).status).toBe(500);
  });

  test("a 500 for a disallowed origin carries no CORS headers, only Vary", async () => {
    const fetch = withCors(() => { throw new Error("boom"); }, policy, quiet);
    const response = await fetch(actualRequest("https://evil.test"));
    expect(response.status).toBe(500);
    expect(corsHeaders(response)).toEqual({ vary: "Origin" });
  });
});

describe("§1 withCors refuses wrong arguments when it wraps, not on every request", () => {
  test("a missing policy throws a TypeError that says what to pass", () => {
    expect(() => withCors(() => new Response("ok"), undefined as unknown as CorsPolicy)).toThrowError(/corsPolicy\(options\)/);
  });

  test("plain options with a config problem throw the CorsConfigError at once", () => {
    expect(() => withCors(() => new Response("ok"), { origins: "*", credentials: true } as unknown as CorsPolicy)).toThrowError(CorsConfigError);
  });

  test("plain valid options work as if compiled by corsPolicy", async () => {
    const fetch = withCors(() => new Response("ok"), { origins: [APP] } as unknown as CorsPolicy);
    expect((await fetch(actualRequest(APP))).headers.get("access-control-allow-origin")).toBe(APP);
  });

  test("a handler that is not a function throws a TypeError", () => {
    expect(() => withCors("index.html" as unknown as () => Response, policy)).toThrowError(/handler function/);
  });
});
