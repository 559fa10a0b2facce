import { describe, expect, test } from "vitest";
import {
  CorsConfigError, cachedPolicies, corsPolicy, corsRoutes, noCors, withCors, type CorsOptions, type CorsPolicy, type LoadedPolicy,
} from "../../src/index.ts";
import { corsHeaders } from "../core/requests.ts";
import { allowing, deferred, get, manualClock, preflightTo, settle } from "./helpers.ts";

const byHost = (request: Request) => new URL(request.url).hostname;
const originOf = (host: string) => `https://app.${host}`;
const optionsFor = (host: string): CorsOptions => ({ origins: [originOf(host)] });

/** A cache over `load`, with a manual clock, that counts its loads per key. */
function counted(load: (key: string) => LoadedPolicy | Promise<LoadedPolicy>, options: { maxEntries?: number; ttl?: number } = {}) {
  const clock = manualClock();
  const loads: string[] = [];
  const cache = cachedPolicies({ key: byHost, load: (key) => (loads.push(key), load(key)), now: clock.now, ...options });
  return { cache, clock, loads, resolve: (host: string) => cache.resolve(get(`https://${host}/`)) };
}

/** A wrapped handler over a cache, recording handler calls and onError reports. */
function served(cache: Parameters<typeof withCors>[1]) {
  const errors: unknown[] = [];
  let calls = 0;
  const fetch = withCors(() => (calls++, Response.json({ ok: true })), cache, { onError: (error) => errors.push(error) });
  return { fetch, errors, calls: () => calls };
}

describe("§7 cachedPolicies: key picks the tenant, load reads its policy", () => {
  test("load gets the key and the runtime's context; its options are compiled with corsPolicy", async () => {
    const seen: unknown[][] = [];
    const cache = cachedPolicies({
      key: (request, env: { region: string }) => `${env.region}:${byHost(request)}`,
      load: async (key, env: { region: string }, ctx: number) => (seen.push([key, env.region, ctx]), { origins: ["https://app.example.com"], credentials: true }),
    });
    const policy = await cache.resolve(get("https://a.example/"), { region: "eu" }, 7);
    expect(seen).toEqual([["eu:a.example", "eu", 7]]);
    expect(policy.options).toMatchObject({ origins: ["https://app.example.com"], credentials: true });
  });

  test("a compiled policy from load is used as it is", async () => {
    const policy = allowing("https://app.example.com");
    expect(await counted(() => policy).resolve("a.example")).toBe(policy);
  });

  test("an unknown tenant's null is noCors, cached like a policy", async () => {
    const { resolve, loads } = counted(async () => null);
    expect(await resolve("nobody.example")).toBe(noCors);
    expect(resolve("nobody.example")).toBe(noCors);
    expect(loads).toEqual(["nobody.example"]);
  });

  test("the unknown tenant gets no CORS headers, and a bare 403 to preflights", async () => {
    const { fetch } = served(cachedPolicies({ key: byHost, load: async () => null }));
    expect(corsHeaders(await fetch(get("https://nobody.example/", "https://app.example.com")))).toEqual({});
    expect((await fetch(preflightTo("https://nobody.example/", "https://app.example.com"))).status).toBe(403);
  });
});

describe("§7 cachedPolicies: a cached hit answers synchronously, without loading", () => {
  test("the second request gets the policy itself, not a promise", async () => {
    const { resolve, loads } = counted(async (host) => optionsFor(host));
    const first = await resolve("a.example");
    expect(resolve("a.example")).toBe(first);
    expect(loads).toEqual(["a.example"]);
  });

  test("a load that answers synchronously is cached and answered synchronously", () => {
    const { resolve, loads } = counted((host) => optionsFor(host));
    const first = resolve("a.example") as CorsPolicy;
    expect(first.options.origins).toEqual(["https://app.a.example"]);
    expect(resolve("a.example")).toBe(first);
    expect(loads).toEqual(["a.example"]);
  });
});

describe("§7 cachedPolicies: at most maxEntries policies, the least recently used evicted first", () => {
  test("a used policy is kept, the one used least recently goes", async () => {
    const { cache, resolve, loads } = counted(async (host) => optionsFor(host), { maxEntries: 3 });
    for (const host of ["a", "b", "c"]) await resolve(host);
    resolve("a");
    await resolve("d");
    expect(cache.size).toBe(3);
    loads.length = 0;
    for (const host of ["a", "c", "d"]) resolve(host);
    expect(loads).toEqual([]);
    await resolve("b");
    expect(loads).toEqual(["b"]);
  });

  test("the order is the order of use, not of loading", async () => {
    const { resolve, loads } = counted(async (host) => optionsFor(host), { maxEntries: 3 });
    for (const host of ["a", "b", "c"]) await resolve(host);
    resolve("b");
    resolve("a");
    await resolve("d"); // evicts c, the least recently used
    await resolve("e"); // evicts b (used before a), not a
    loads.length = 0;
    for (const host of ["a", "d", "e"]) resolve(host);
    expect(loads).toEqual([]);
    await resolve("b");
    await resolve("c");
    expect(loads).toEqual(["b", "c"]);
  });

  test("maxEntries 1 keeps only the last key", async () => {
    const { cache, resolve, loads } = counted(async (host) => optionsFor(host), { maxEntries: 1 });
    await resolve("a");
    await resolve("b");
    await resolve("a");
    expect(loads).toEqual(["a", "b", "a"]);
    expect(cache.size).toBe(1);
  });

  test("the default bound is 1000", async () => {
    const { cache, resolve } = counted((host) => optionsFor(host));
    for (let i = 0; i < 1001; i++) resolve(`t${i}.example`);
    expect(cache.size).toBe(1000);
  });
});

describe("§7 cachedPolicies: each policy is used for ttl seconds after it was loaded", () => {
  test("within ttl no reload; at ttl the next request waits for the reload and gets its result", async () => {
    let origin = "https://one.example";
    const { resolve, clock, loads } = counted(async () => ({ origins: [origin] }), { ttl: 30 });
    await resolve("a");
    clock.advance(29.999);
    expect((resolve("a") as CorsPolicy).options.origins).toEqual(["https://one.example"]);
    origin = "https://two.example";
    clock.advance(0.001);
    const reloaded = resolve("a");
    expect(reloaded).toBeInstanceOf(Promise);
    expect((await reloaded).options.origins).toEqual(["https://two.example"]);
    expect(loads).toEqual(["a", "a"]);
    expect((resolve("a") as CorsPolicy).options.origins).toEqual(["https://two.example"]);
  });

  test("ttl is counted from the end of the load, not its start", async () => {
    const slow = deferred<LoadedPolicy>();
    const { resolve, clock, loads } = counted(() => slow.promise, { ttl: 10 });
    const pending = resolve("a");
    clock.advance(5);
    slow.resolve(optionsFor("a"));
    await pending;
    clock.advance(9);
    resolve("a");
    expect(loads).toEqual(["a"]);
  });

  test("the default ttl is 60 seconds", async () => {
    const { resolve, clock, loads } = counted(async (host) => optionsFor(host));
    await resolve("a");
    clock.advance(59);
    resolve("a");
    clock.advance(1);
    await resolve("a");
    expect(loads).toEqual(["a", "a"]);
  });

  test("ttl 0 reloads on every request (concurrent ones still share a load)", async () => {
    const { resolve, loads } = counted(async (host) => optionsFor(host), { ttl: 0 });
    await resolve("a");
    await Promise.all([resolve("a"), resolve("a")]);
    expect(loads).toEqual(["a", "a"]);
  });

  test("the clock defaults to Date.now", async () => {
    const loads: string[] = [];
    const cache = cachedPolicies({ key: byHost, load: async (key) => (loads.push(key), optionsFor(key)), ttl: 0.001 });
    await cache.resolve(get("https://a.example/"));
    const start = Date.now();
    while (Date.now() - start < 3) await settle();
    await cache.resolve(get("https://a.example/"));
    expect(loads).toEqual(["a.example", "a.example"]);
  });
});

describe("§7 cachedPolicies: concurrent requests for a loading key share one load", () => {
  test("ten requests for a cold key: one load, one policy for all", async () => {
    const slow = deferred<LoadedPolicy>();
    const { resolve, loads } = counted(() => slow.promise);
    const waiting = Array.from({ length: 10 }, () => resolve("a"));
    slow.resolve(optionsFor("a"));
    const policies = await Promise.all(waiting);
    expect(loads).toEqual(["a"]);
    expect(new Set(policies).size).toBe(1);
  });

  test("requests that arrive during a reload wait for it too, and get the reloaded policy", async () => {
    let next = deferred<LoadedPolicy>();
    const { resolve, clock, loads } = counted(() => next.promise, { ttl: 1 });
    next.resolve({ origins: ["https://old.example"] });
    await resolve("a");
    next = deferred();
    clock.advance(1);
    const waiting = [resolve("a"), resolve("a"), resolve("a")];
    next.resolve({ origins: ["https://new.example"] });
    for (const policy of await Promise.all(waiting)) expect(policy.options.origins).toEqual(["https://new.example"]);
    expect(loads).toEqual(["a", "a"]);
  });
});

describe("§7 cachedPolicies: a first load that fails answers 503 and is retried by the next request", () => {
  const failures: [string, (key: string) => LoadedPolicy | Promise<LoadedPolicy>, RegExp][] = [
    ["rejects", async () => { throw new Error("KV is down"); }, /KV is down/],
    ["throws", () => { throw new Error("KV is down"); }, /KV is down/],
    ["gives invalid options", async () => ({ origins: ["https://*.com"] }), /Invalid CORS policy/],
    ["gives a string (unparsed JSON)", async () => '{"origins":["https://app.example.com"]}' as never, /Invalid CORS policy/],
    ["gives undefined", async () => undefined as never, /returned undefined/],
  ];
  test.each(failures)("a load that %s: 503 without CORS headers, handler not called, error to onError", async (_, load, message) => {
    const { fetch, errors, calls } = served(cachedPolicies({ key: byHost, load }));
    for (const request of [get("https://a.example/", "https://app.a.example"), preflightTo("https://a.example/", "https://app.a.example")]) {
      const response = await fetch(request);
      expect(response.status).toBe(503);
      expect(corsHeaders(response)).toEqual({});
    }
    expect(calls()).toBe(0);
    expect(errors).toHaveLength(2);
    expect(String(errors[0])).toMatch(message);
  });

  test("the next request loads again, and a success is then cached", async () => {
    let fail = true;
    const { cache, resolve, loads } = counted(async (host) => {
      if (fail) throw new Error("KV is down");
      return optionsFor(host);
    });
    await expect(resolve("a")).rejects.toThrow("KV is down");
    expect(cache.size).toBe(0);
    fail = false;
    await resolve("a");
    resolve("a");
    expect(loads).toEqual(["a", "a"]);
  });

  test("every request waiting on the failed load is answered 503", async () => {
    const slow = deferred<LoadedPolicy>();
    const { fetch, errors } = served(cachedPolicies({ key: byHost, load: () => slow.promise }));
    const waiting = [fetch(get("https://a.example/")), fetch(get("https://a.example/"))];
    slow.reject(new Error("timeout"));
    expect((await Promise.all(waiting)).map((response) => response.status)).toEqual([503, 503]);
    expect(errors).toHaveLength(2);
  });
});

describe("§7 cachedPolicies: a reload that fails keeps the previous policy for another ttl", () => {
  const APP = "https://app.a.example";
  test.each([
    ["rejects", () => Promise.reject(new Error("KV is down"))],
    ["gives invalid options", async () => ({ origins: "*", credentials: true })],
  ] as const)("a reload that %s: the previous policy answers, the error goes to onError once", async (_, failing) => {
    const clock = manualClock();
    let load: (key: string) => Promise<LoadedPolicy> = async (host) => optionsFor(host);
    let loads = 0;
    const { fetch, errors } = served(cachedPolicies({ key: byHost, load: (key) => (loads++, load(key)), ttl: 10, now: clock.now }));
    await fetch(get("https://a.example/", APP));
    load = failing as typeof load;
    clock.advance(10);
    const [actual, preflight] = await Promise.all([fetch(get("https://a.example/", APP)), fetch(preflightTo("https://a.example/", APP))]);
    expect(actual.headers.get("access-control-allow-origin")).toBe(APP);
    expect(preflight.status).toBe(204);
    expect(errors).toHaveLength(1);
    expect(loads).toBe(2);
    clock.advance(9.999);
    await fetch(get("https://a.example/", APP));
    expect(loads).toBe(2);
    load = async () => ({ origins: ["https://new.example"] });
    clock.advance(0.001);
    expect((await fetch(get("https://a.example/", APP))).headers.get("access-control-allow-origin")).toBeNull();
    expect(loads).toBe(3);
  });

  test("onError hears of it with the request that found the failure", async () => {
    const clock = manualClock();
    let fail = false;
    const reports: [unknown, string][] = [];
    const cache = cachedPolicies({ key: byHost, load: async (host) => { if (fail) throw new Error("KV is down"); return optionsFor(host); }, ttl: 1, now: clock.now });
    const fetch = withCors(() => new Response("ok"), cache, { onError: (error, request) => reports.push([error, request.url]) });
    await fetch(get("https://a.example/first"));
    fail = true;
    clock.advance(1);
    await fetch(get("https://a.example/second"));
    expect(reports.map(([error, url]) => [String(error), url])).toEqual([["Error: KV is down", "https://a.example/second"]]);
  });
});

describe("§7 cachedPolicies: errors a reload reports go to the onError of the wrapper that served the request", () => {
  test("two wrappers sharing one cache each hear of their own requests' failures", async () => {
    const clock = manualClock();
    let fail = false;
    const cache = cachedPolicies({ key: byHost, load: async (host) => { if (fail) throw new Error(`down for ${host}`); return optionsFor(host); }, ttl: 1, now: clock.now });
    const one = served(cache);
    const two = served(cache);
    await one.fetch(get("https://a.example/"));
    await two.fetch(get("https://b.example/"));
    fail = true;
    clock.advance(1);
    await two.fetch(get("https://a.example/"));
    expect(one.errors).toEqual([]);
    expect(two.errors.map(String)).toEqual(["Error: down for a.example"]);
  });

  test("a cache behind a route reports through corsRoutes to the wrapper", async () => {
    const clock = manualClock();
    let fail = false;
    const cache = cachedPolicies({ key: byHost, load: async (host) => { if (fail) throw new Error("down"); return optionsFor(host); }, ttl: 1, now: clock.now });
    const { fetch, errors } = served(corsRoutes([["/api/*", cache]]));
    await fetch(get("https://a.example/api/x"));
    fail = true;
    clock.advance(1);
    const response = await fetch(get("https://a.example/api/x", "https://app.a.example"));
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.a.example");
    expect(errors.map(String)).toEqual(["Error: down"]);
  });

  test("a source used on its own (no wrapper) reports to console.error", async () => {
    const clock = manualClock();
    let fail = false;
    const cache = cachedPolicies({ key: byHost, load: async (host) => { if (fail) throw new Error("down"); return optionsFor(host); }, ttl: 1, now: clock.now });
    await cache.resolve(get("https://a.example/"));
    fail = true;
    clock.advance(1);
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (error: unknown) => logged.push(error);
    try {
      await cache.resolve(get("https://a.example/"));
    } finally {
      console.error = original;
    }
    expect(logged.map(String)).toEqual(["Error: down"]);
  });

  test("an onError that throws or rejects changes nothing", async () => {
    const clock = manualClock();
    let fail = false;
    const cache = cachedPolicies({ key: byHost, load: async (host) => { if (fail) throw new Error("down"); return optionsFor(host); }, ttl: 1, now: clock.now });
    for (const onError of [() => { throw new Error("observer"); }, () => Promise.reject(new Error("observer"))]) {
      const fetch = withCors(() => new Response("ok"), cache, { onError });
      await fetch(get("https://a.example/"));
      fail = true;
      clock.advance(1);
      expect((await fetch(get("https://a.example/", "https://app.a.example"))).headers.get("access-control-allow-origin")).toBe("https://app.a.example");
      fail = false;
    }
  });
});

describe("§7 cachedPolicies: invalidate drops one key, or all", () => {
  test("invalidate(key): that key loads again, the others do not", async () => {
    const { cache, resolve, loads } = counted(async (host) => optionsFor(host));
    await resolve("a");
    await resolve("b");
    cache.invalidate("a");
    await resolve("a");
    resolve("b");
    expect(loads).toEqual(["a", "b", "a"]);
  });

  test("invalidate(): every key loads again", async () => {
    const { cache, resolve, loads } = counted(async (host) => optionsFor(host));
    await resolve("a");
    await resolve("b");
    cache.invalidate();
    expect(cache.size).toBe(0);
    await resolve("a");
    await resolve("b");
    expect(loads).toEqual(["a", "b", "a", "b"]);
  });

  test("invalidating an unknown key does nothing", async () => {
    const { cache, resolve, loads } = counted(async (host) => optionsFor(host));
    await resolve("a");
    cache.invalidate("zzz");
    resolve("a");
    expect(loads).toEqual(["a"]);
  });

  test.each(["a", undefined])("a load in flight when %s is invalidated answers its waiting requests, but is not kept", async (which) => {
    const first = deferred<LoadedPolicy>();
    const second = deferred<LoadedPolicy>();
    const pending = [first, second];
    const { cache, resolve, loads } = counted(() => pending.shift()!.promise);
    const waiting = [resolve("a"), resolve("a")];
    cache.invalidate(which);
    const after = resolve("a");
    first.resolve({ origins: ["https://before.example"] });
    second.resolve({ origins: ["https://after.example"] });
    for (const policy of await Promise.all(waiting)) expect(policy.options.origins).toEqual(["https://before.example"]);
    expect((await after).options.origins).toEqual(["https://after.example"]);
    expect((resolve("a") as CorsPolicy).options.origins).toEqual(["https://after.example"]);
    expect(loads).toEqual(["a", "a"]);
  });

  test("a key that is not a string is a TypeError", () => {
    expect(() => counted(() => null).cache.invalidate(42 as never)).toThrow(TypeError);
  });
});

describe("§7 cachedPolicies: a key or load that misbehaves answers 503", () => {
  test.each([
    ["throws", () => { throw new Error("no host"); }],
    ["returns a number", () => 42],
    ["returns undefined", () => undefined],
    ["returns a promise (that rejects)", () => Promise.reject(new Error("async key"))],
  ])("a key function that %s", async (_, key) => {
    let loads = 0;
    const { fetch, errors, calls } = served(cachedPolicies({ key: key as never, load: () => (loads++, null) }));
    const response = await fetch(get("https://a.example/", "https://app.a.example"));
    expect(response.status).toBe(503);
    expect(corsHeaders(response)).toEqual({});
    expect([calls(), loads, errors.length]).toEqual([0, 0, 1]);
    await settle();
  });

  test("a load whose promise is a hostile thenable", async () => {
    const thenable = { then() { throw new Error("hostile then"); } };
    const { fetch, errors } = served(cachedPolicies({ key: byHost, load: () => thenable as never }));
    expect((await fetch(get("https://a.example/"))).status).toBe(503);
    expect(String(errors[0])).toContain("hostile then");
  });
});

describe("§7 cachedPolicies: invalid options throw at construction, listing every problem", () => {
  const codes = (make: () => unknown) => {
    try {
      make();
    } catch (error) {
      if (CorsConfigError.is(error)) return error.problems.map(({ option, code }) => `${option} ${code}`);
      throw error;
    }
    return [];
  };

  test("every problem at once", () => {
    expect(codes(() => cachedPolicies({ key: "host", load: undefined, maxEntries: 0, ttl: -1, now: 5, ttlSeconds: 60 } as never))).toEqual([
      "ttlSeconds unknown-option",
      "key invalid-type",
      "load required",
      "now invalid-type",
      "maxEntries invalid-max-entries",
      "ttl invalid-ttl",
    ]);
  });

  test.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, -3, "1000", 2 ** 53])("maxEntries %s", (maxEntries) => {
    expect(codes(() => cachedPolicies({ key: byHost, load: () => null, maxEntries: maxEntries as number }))).toEqual(["maxEntries invalid-max-entries"]);
  });

  test.each([Number.NaN, -0.5, "60", null])("ttl %s", (ttl) => {
    expect(codes(() => cachedPolicies({ key: byHost, load: () => null, ttl: ttl as number }))).toEqual(["ttl invalid-ttl"]);
  });

  test.each([0, 0.25, 3600, Number.POSITIVE_INFINITY])("ttl %s is valid", (ttl) => {
    expect(codes(() => cachedPolicies({ key: byHost, load: () => null, ttl }))).toEqual([]);
  });

  test("not an object", () => {
    expect(codes(() => cachedPolicies(null as never))).toEqual(["options invalid-type"]);
  });

  test("key and load are read from own properties only (a polluted prototype supplies none)", () => {
    for (const name of ["key", "load"]) Object.defineProperty(Object.prototype, name, { value: () => "x", configurable: true });
    try {
      expect(codes(() => cachedPolicies({} as never))).toEqual(["key required", "load required"]);
    } finally {
      delete (Object.prototype as { key?: unknown }).key;
      delete (Object.prototype as { load?: unknown }).load;
    }
  });

  test("options compiled by the cache are the same corsPolicy checks", async () => {
    const policy = await cachedPolicies({ key: byHost, load: async () => ({ origins: ["HTTPS://APP.EXAMPLE.COM:443"] }) }).resolve(get("https://a.example/"));
    expect(policy.options.origins).toEqual(["https://app.example.com"]);
    expect(corsPolicy(policy)).toBe(policy);
  });
});
