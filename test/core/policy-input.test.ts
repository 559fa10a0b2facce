// SPEC §1, §2 and §7: wherever a compiled policy is accepted, options (compiled once, when
// wrapping) and policy sources (resolved once per request) are accepted too.
import { describe, expect, test, vi } from "vitest";
import {
  CorsConfigError, corsMiddleware, corsPolicy, isCorsPolicy, noCors, policyPerEnv, preflight, withCors, type CorsOptions,
  type CorsPolicy, type CorsPolicySource,
} from "../../src/index.ts";
import { actualRequest, corsHeaders, preflightRequest } from "./requests.ts";

const APP = "https://app.example.com";
const ok = () => new Response("ok");

describe("§2 withCors accepts options and compiles them once, when wrapping", () => {
  test("options work as if compiled by corsPolicy", async () => {
    const fetch = withCors(ok, { origins: [APP] });
    expect((await fetch(actualRequest(APP))).headers.get("access-control-allow-origin")).toBe(APP);
    const pre = await fetch(preflightRequest(APP, "PUT", { "access-control-request-headers": "content-type" }));
    expect(pre.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE");
  });

  test("the options are read once: changing them afterwards changes nothing", async () => {
    const options = { origins: [APP] as string[] };
    const fetch = withCors(ok, options);
    options.origins.push("https://late.example.com");
    expect((await fetch(actualRequest("https://late.example.com"))).headers.has("access-control-allow-origin")).toBe(false);
  });

  test("invalid options throw CorsConfigError at once, listing every problem", () => {
    let thrown: unknown;
    try {
      withCors(ok, { origins: "*", credentials: true, maxAge: -1 });
    } catch (error) {
      thrown = error;
    }
    expect(CorsConfigError.is(thrown)).toBe(true);
    expect((thrown as CorsConfigError).problems.map((p) => p.code)).toEqual(["wildcard-with-credentials", "invalid-max-age"]);
  });

  test("something that is neither a policy, options nor a source is a TypeError saying what to pass", () => {
    for (const value of [undefined, null, "*", 5, ["https://a.example.com"]]) {
      expect(() => withCors(ok, value as unknown as CorsPolicy)).toThrow(/policy made by corsPolicy\(options\), options such as/);
    }
    expect(() => withCors(ok, (() => corsPolicy({ origins: "*" })) as unknown as CorsPolicy)).toThrow(/got a function/);
  });

  test("an onError that is not a function is refused when wrapping", () => {
    expect(() => withCors(ok, { origins: [APP] }, { onError: "log" as unknown as () => void })).toThrow(/onError must be a function/);
  });
});

describe("§1 corsPolicy and isCorsPolicy", () => {
  test("corsPolicy returns a compiled policy passed to it as it is", () => {
    const policy = corsPolicy({ origins: [APP] });
    expect(corsPolicy(policy)).toBe(policy);
  });

  test("isCorsPolicy is true for compiled policies and noCors, false for options, sources and anything else", () => {
    expect(isCorsPolicy(corsPolicy({ origins: [APP] }))).toBe(true);
    expect(isCorsPolicy(noCors)).toBe(true);
    for (const value of [{ origins: [APP] }, { resolve: () => noCors }, { options: {} }, null, undefined, "policy"]) expect(isCorsPolicy(value)).toBe(false);
  });

  test("a copy of a compiled policy is not a policy (the brand points back at the original)", () => {
    const policy = corsPolicy({ origins: [APP] });
    const copy = Object.create(null) as object;
    for (const key of Reflect.ownKeys(policy)) Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(policy, key)!);
    expect(isCorsPolicy(copy)).toBe(false);
    expect(() => preflight(preflightRequest(APP, "GET"), copy as CorsPolicy)).toThrow(TypeError);
  });

  test("the core's request functions refuse plain options with a TypeError that says how to compile them", () => {
    expect(() => preflight(preflightRequest(APP, "GET"), { origins: [APP] } as unknown as CorsPolicy)).toThrow(/compile options once with corsPolicy\(\)/);
  });
});

describe("§7 noCors: no origin is allowed and nothing is added", () => {
  test("a preflight gets a bare 403, without Vary", () => {
    const response = preflight(preflightRequest(APP, "GET"), noCors)!;
    expect(response.status).toBe(403);
    expect(corsHeaders(response)).toEqual({});
  });

  test("a response gets no Access-Control-* header and no Vary; app-set ones are removed", async () => {
    const fetch = withCors(() => new Response("x", { headers: { "access-control-allow-origin": "*" } }), noCors);
    const response = await fetch(actualRequest(APP, "POST"));
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual({});
  });
});

describe("§7 a policy source is resolved once per request, with the handler's own arguments", () => {
  const open = corsPolicy({ origins: "*" });
  const listed = corsPolicy({ origins: [APP], credentials: true });

  test("the one policy resolved answers the preflight, guards the request and decorates the response", async () => {
    const resolve = vi.fn((request: Request, tenant: string) => (tenant === "a" ? listed : open));
    const fetch = withCors((_request: Request, _tenant: string) => ok(), { resolve });
    const refused = await fetch(actualRequest("https://evil.test", "POST"), "a");
    expect(refused.status).toBe(403);
    const decorated = await fetch(actualRequest(APP), "a");
    expect(decorated.headers.get("access-control-allow-credentials")).toBe("true");
    const other = await fetch(actualRequest("https://evil.test", "POST"), "b");
    expect(other.headers.get("access-control-allow-origin")).toBe("*");
    expect(resolve).toHaveBeenCalledTimes(3);
    expect(resolve.mock.calls.map(([request, tenant]) => [request instanceof Request, tenant])).toEqual([[true, "a"], [true, "a"], [true, "b"]]);
  });

  test("a source may answer with a promise", async () => {
    const fetch = withCors(ok, { resolve: async () => listed });
    expect((await fetch(actualRequest(APP))).headers.get("access-control-allow-origin")).toBe(APP);
  });

  test("a class instance's resolve method makes it a source", async () => {
    class Tenants implements CorsPolicySource<[]> {
      resolve() {
        return listed;
      }
    }
    const fetch = withCors(ok, new Tenants());
    expect((await fetch(actualRequest(APP))).headers.get("access-control-allow-origin")).toBe(APP);
  });

  test.each([
    ["throws", () => { throw new Error("store down"); }],
    ["rejects", () => Promise.reject(new Error("store down"))],
    ["answers options instead of a policy", () => ({ origins: [APP] }) as unknown as CorsPolicy],
    ["answers nothing", () => undefined as unknown as CorsPolicy],
  ])("a source that %s answers 503 without CORS headers, never calls the handler, and reports to onError", async (_, resolve) => {
    const handler = vi.fn(ok);
    const errors: unknown[] = [];
    const fetch = withCors(handler, { resolve }, { onError: (error) => { errors.push(error); } });
    for (const request of [actualRequest(APP), preflightRequest(APP, "PUT")]) {
      const response = await fetch(request);
      expect(response.status).toBe(503);
      expect(corsHeaders(response)).toEqual({});
      expect(await response.text()).toBe("Service Unavailable");
    }
    expect(handler).not.toHaveBeenCalled();
    expect(errors).toHaveLength(2);
  });
});

describe("§1 corsMiddleware is the same pipeline around a next step", () => {
  test("a preflight is answered without next; another request gets next's response decorated", async () => {
    const cors = corsMiddleware({ origins: [APP] });
    const next = vi.fn(ok);
    expect((await cors(preflightRequest(APP, "PUT"), next)).status).toBe(204);
    expect(next).not.toHaveBeenCalled();
    const response = await cors(actualRequest(APP), next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
  });

  test("the context after next reaches a source", async () => {
    const seen: unknown[] = [];
    const cors = corsMiddleware<[env: { TENANT: string }]>({ resolve: (_request, env) => (seen.push(env.TENANT), noCors) });
    await cors(actualRequest(APP), ok, { TENANT: "a" });
    expect(seen).toEqual(["a"]);
  });

  test("a next that throws becomes a 500 with the CORS headers, the error to onError", async () => {
    const errors: unknown[] = [];
    const cors = corsMiddleware({ origins: [APP] }, { onError: (error) => { errors.push(error); } });
    const response = await cors(actualRequest(APP), () => { throw new Error("boom"); });
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(errors).toEqual([new Error("boom")]);
  });
});

describe("§4 policyPerEnv: a policy built from the runtime's bindings, once per env", () => {
  interface Env {
    readonly ORIGINS: string;
  }
  const build = (env: Env): CorsOptions => ({ origins: env.ORIGINS.split(",") });

  test("builds once per distinct env object and keeps each env's policy apart", async () => {
    const spy = vi.fn(build);
    const source = policyPerEnv(spy, (env: Env) => env);
    const first = { ORIGINS: APP };
    const second = { ORIGINS: "https://b.example.com" };
    const request = actualRequest(APP);
    expect(await source.resolve(request, first)).toBe(await source.resolve(request, first));
    expect((await source.resolve(request, second)).options.origins).toEqual(["https://b.example.com"]);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  test("a failure is kept and thrown again for that env, without building again", () => {
    const spy = vi.fn((env: Env): CorsOptions => ({ origins: [env.ORIGINS] }));
    const source = policyPerEnv(spy, (env: Env) => env);
    const bad = { ORIGINS: "https://*.com" };
    expect(() => source.resolve(actualRequest(APP), bad)).toThrow(CorsConfigError);
    expect(() => source.resolve(actualRequest(APP), bad)).toThrow(CorsConfigError);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  test("a build that returns a Promise is refused with what to do instead", () => {
    const source = policyPerEnv((async (env: Env) => build(env)) as unknown as (env: Env) => CorsOptions, (env: Env) => env);
    expect(() => source.resolve(actualRequest(APP), { ORIGINS: APP })).toThrow(/returned a Promise; build the policy synchronously/);
  });

  test("an env that is not an object is keyed by value", () => {
    const spy = vi.fn(() => corsPolicy({ origins: [APP] }));
    const source = policyPerEnv(spy, (env: undefined) => env);
    source.resolve(actualRequest(APP), undefined);
    source.resolve(actualRequest(APP), undefined);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  test("something that is not a function is refused at once", () => {
    expect(() => policyPerEnv("nope" as unknown as () => CorsPolicy, () => undefined)).toThrow(TypeError);
  });
});
