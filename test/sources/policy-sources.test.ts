import { Hono } from "hono";
import { describe, expect, test } from "vitest";
import { cors } from "../../adapters/hono.ts";
import { corsMiddleware, corsPolicy, noCors, withCors, type CorsPolicy, type CorsPolicySource } from "../../src/index.ts";
import { corsHeaders } from "../core/requests.ts";
import { allowing, get, preflightTo } from "./helpers.ts";

const APP = "https://app.example.com";
const URL_ = "https://api.example.com/items";

function recorded(source: CorsPolicySource<never[]>) {
  const errors: unknown[] = [];
  let calls = 0;
  const fetch = withCors(() => (calls++, new Response("ok")), source, { onError: (error) => errors.push(error) });
  return { fetch, errors, calls: () => calls };
}

describe("§7 a source is resolved once per request, and that one policy answers it", () => {
  test("one resolve per request, preflight or not, with the handler's own arguments", async () => {
    const seen: unknown[][] = [];
    const source = { resolve: (request: Request, env: string) => (seen.push([request.method, env]), allowing(APP)) };
    const fetch = withCors((_request: Request, _env: string) => new Response("ok"), source);
    await fetch(preflightTo(URL_, APP), "prod");
    await fetch(get(URL_, APP), "prod");
    expect(seen).toEqual([["OPTIONS", "prod"], ["GET", "prod"]]);
  });

  test("the policy that guards a write also decorates its response (a source cannot answer them differently)", async () => {
    let calls = 0;
    const credentialed = corsPolicy({ origins: [APP], credentials: true });
    // A source that would flip between policies if it were asked twice for one request.
    const flipping = { resolve: () => (calls++ % 2 === 0 ? credentialed : corsPolicy({ origins: "*" })) };
    const response = await withCors(() => new Response("ok"), flipping)(new Request(URL_, { method: "POST", headers: { origin: APP, "sec-fetch-site": "cross-site" } }));
    expect(calls).toBe(1);
    expect(corsHeaders(response)).toEqual({ "access-control-allow-origin": APP, "access-control-allow-credentials": "true", vary: "Origin" });
  });

  test("a synchronous and an asynchronous source answer alike", async () => {
    for (const source of [{ resolve: () => allowing(APP) }, { resolve: async () => allowing(APP) }]) {
      expect((await withCors(() => new Response("ok"), source)(get(URL_, APP))).headers.get("access-control-allow-origin")).toBe(APP);
    }
  });
});

describe("§7 a source that fails answers 503 without CORS headers; the error goes to onError", () => {
  test.each([
    ["throws", () => { throw new Error("store down"); }],
    ["rejects", () => Promise.reject(new Error("store down"))],
    ["gives options instead of a policy", () => ({ origins: [APP] })],
    ["gives null", () => null],
    ["gives a promise of something that is not a policy", async () => "policy"],
  ])("a custom source that %s", async (_, resolve) => {
    const { fetch, errors, calls } = recorded({ resolve: resolve as unknown as () => CorsPolicy });
    for (const request of [get(URL_, APP), preflightTo(URL_, APP)]) {
      const response = await fetch(request);
      expect(response.status).toBe(503);
      expect(corsHeaders(response)).toEqual({});
      expect(await response.text()).toBe("Service Unavailable");
    }
    expect(calls()).toBe(0);
    expect(errors).toHaveLength(2);
  });

  test("Hono's cors(source, { onError }) answers 503 and reports there too", async () => {
    const errors: unknown[] = [];
    const app = new Hono();
    app.use("*", cors({ resolve: () => Promise.reject(new Error("store down")) }, { onError: (error) => errors.push(error) }));
    app.get("/items", (c) => c.text("never"));
    const response = await app.request("/items", { headers: { origin: APP } });
    expect([response.status, response.headers.get("access-control-allow-origin")]).toEqual([503, null]);
    expect(errors.map(String)).toEqual(["Error: store down"]);
  });
});

describe("§7 reportingTo: a source reports errors that do not fail the request to its wrapper's onError", () => {
  test("each wrapper calls it once, when it is made, and then resolves the source it returned", async () => {
    const hooks: unknown[] = [];
    const reported: unknown[] = [];
    const source: CorsPolicySource = {
      resolve: () => noCors,
      reportingTo(report) {
        hooks.push(report);
        return { resolve: (request) => (report(new Error("stale"), request), allowing(APP)) };
      },
    };
    const fetch = withCors(() => new Response("ok"), source, { onError: (error) => reported.push(error) });
    expect(hooks).toHaveLength(1);
    const response = await fetch(get(URL_, APP));
    await fetch(get(URL_, APP));
    expect(hooks).toHaveLength(1);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(reported.map(String)).toEqual(["Error: stale", "Error: stale"]);
    corsMiddleware(source);
    expect(hooks).toHaveLength(2);
  });

  test("a hook that returns no source is a TypeError when wrapping", () => {
    const source = { resolve: () => noCors, reportingTo: () => ({}) as CorsPolicySource };
    expect(() => withCors(() => new Response("ok"), source)).toThrow(/reportingTo\(report\) must return a policy source/);
  });

  test("a reportingTo that only a polluted Object.prototype gives is never called", async () => {
    let called = false;
    Object.defineProperty(Object.prototype, "reportingTo", { value: () => ((called = true), { resolve: () => allowing("https://evil.example") }), configurable: true });
    try {
      const fetch = withCors(() => new Response("ok"), { resolve: () => allowing(APP) });
      expect((await fetch(get(URL_, "https://evil.example"))).headers.get("access-control-allow-origin")).toBeNull();
      expect(called).toBe(false);
    } finally {
      delete (Object.prototype as { reportingTo?: unknown }).reportingTo;
    }
  });

  test("a static policy is untouched by all this: no source, no hook", async () => {
    const policy = allowing(APP);
    expect((await withCors(() => new Response("ok"), policy)(get(URL_, APP))).headers.get("access-control-allow-origin")).toBe(APP);
  });
});
