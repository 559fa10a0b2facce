// SPEC §9: hostile input and misuse fail closed and never crash: callbacks, predicates at run time,
// immutable policies, own-property options, responses that can be neither changed nor copied.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  addCorsHeaders, corsPolicy, guardCrossOrigin, isCorsPolicy, noCors, preflight, withCors, type CorsOptions, type CorsPolicy,
} from "../../src/index.ts";
import { actualRequest, preflightRequest } from "./requests.ts";

const APP = "https://app.example.com";

/** Collects the unhandled rejections that happen while `run` and a few turns after it go on. */
async function unhandledDuring(run: () => Promise<void> | void): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", listener);
  try {
    await run();
    // Node reports an unhandled rejection after the microtask queue drains.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 2));
  } finally {
    process.off("unhandledRejection", listener);
  }
  return seen;
}

describe("§9 callbacks: a throw is caught, a rejected promise is never left unhandled", () => {
  const rejecting = () => Promise.reject(new Error("observer down"));

  test("an async onReject that rejects changes no answer and leaves nothing unhandled", async () => {
    const policy = corsPolicy({ origins: [APP], credentials: true, onReject: rejecting });
    const unhandled = await unhandledDuring(() => {
      expect(preflight(preflightRequest("https://evil.test", "PUT"), policy)?.status).toBe(403);
      expect(preflight(preflightRequest(APP, "PURGE"), policy)?.status).toBe(204);
      expect(guardCrossOrigin(actualRequest("https://evil.test", "POST"), policy)?.status).toBe(403);
    });
    expect(unhandled).toEqual([]);
  });

  test("an async onError that rejects still gets the client its 500, and leaves nothing unhandled", async () => {
    const fetch = withCors(() => { throw new Error("handler down"); }, { origins: [APP] }, { onError: rejecting });
    const unhandled = await unhandledDuring(async () => {
      expect((await fetch(actualRequest(APP))).status).toBe(500);
    });
    expect(unhandled).toEqual([]);
  });

  test("a predicate that returns a rejecting promise allows nothing and leaves nothing unhandled", async () => {
    const policy = corsPolicy({ origins: (() => Promise.reject(new Error("store down"))) as unknown as (origin: string) => boolean });
    const unhandled = await unhandledDuring(() => {
      expect(preflight(preflightRequest(APP, "GET"), policy)?.status).toBe(403);
      expect(addCorsHeaders(actualRequest(APP), new Response("x"), policy).headers.has("access-control-allow-origin")).toBe(false);
    });
    expect(unhandled).toEqual([]);
  });

  test("a thenable whose then throws, or that resolves true, allows nothing", () => {
    const thenables = [{ then() { throw new Error("odd"); } }, { then: (resolve: (v: boolean) => void) => resolve(true) }];
    for (const answer of thenables) {
      const policy = corsPolicy({ origins: (() => answer) as unknown as (origin: string) => boolean });
      expect(preflight(preflightRequest(APP, "GET"), policy)?.status).toBe(403);
    }
  });
});

describe("§9 a Node server stays up after 1,000 preflights whose async onReject rejects", () => {
  let server: Server;
  let url: string;
  const rejections: unknown[] = [];
  const record = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", record);
    const fetch = withCors(() => new Response("ok"), {
      origins: [APP],
      onReject: async () => {
        throw new Error("the log service is down");
      },
    });
    server = createServer(async (req, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const response = await fetch(new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method ?? "GET", headers }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items`;
  });

  afterAll(async () => {
    process.off("unhandledRejection", record);
    await new Promise((resolve) => server.close(resolve));
  });

  test("every one is answered 403, no rejection is unhandled, and the server still answers", async () => {
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(url, {
        method: "OPTIONS",
        headers: { origin: "https://evil.test", "access-control-request-method": "PUT" },
      })));
      expect(answers.every((answer) => answer.status === 403)).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(rejections).toEqual([]);
    const after = await fetch(url, { headers: { origin: APP } });
    expect(after.status).toBe(200);
    expect(after.headers.get("access-control-allow-origin")).toBe(APP);
  }, 60_000);
});

describe("§9 predicates obey the credential rules at run time", () => {
  function askedWith(options: Omit<CorsOptions, "origins">, origins: readonly string[]) {
    const seen: string[] = [];
    const policy = corsPolicy({ ...options, origins: (origin) => (seen.push(origin), true) });
    const allowed = origins.filter((origin) => preflight(preflightRequest(origin, "GET"), policy)?.headers.get("access-control-allow-origin") === origin);
    return { seen, allowed };
  }

  test('with credentials a predicate can never allow "null", and is not asked', () => {
    const { seen, allowed } = askedWith({ credentials: true }, ["null"]);
    expect(allowed).toEqual([]);
    expect(seen).toEqual([]);
  });

  test('without credentials "null" is asked about, as the policy could allow it', () => {
    expect(askedWith({}, ["null"]).allowed).toEqual(["null"]);
  });

  test("with credentials a plain-http origin on a non-loopback host is never allowed", () => {
    const { allowed, seen } = askedWith({ credentials: true }, ["http://app.example.com", "http://10.0.0.1:8080"]);
    expect(allowed).toEqual([]);
    expect(seen).toEqual([]);
  });

  test("with credentials loopback http origins may be allowed, as in a list", () => {
    const loopback = ["http://localhost:3000", "http://app.localhost", "http://127.0.0.1:8080", "http://[::1]:5173"];
    expect(askedWith({ credentials: true }, loopback).allowed).toEqual(loopback);
  });

  test("allowInsecureOrigins lets a predicate allow plain http with credentials, as it does a list", () => {
    expect(askedWith({ credentials: true, allowInsecureOrigins: true }, ["http://app.example.com"]).allowed).toEqual(["http://app.example.com"]);
  });

  test("the same rules hold on actual responses", () => {
    const policy = corsPolicy({ origins: () => true, credentials: true });
    for (const origin of ["null", "http://app.example.com"]) {
      expect(addCorsHeaders(actualRequest(origin), new Response("x"), policy).headers.has("access-control-allow-origin")).toBe(false);
    }
  });
});

describe("§9 a predicate is called only with a well-formed origin", () => {
  test.each([
    ["an uppercase host", "https://APP.example.com"],
    ["an explicit default https port", "https://app.example.com:443"],
    ["an explicit default http port", "http://app.example.com:80"],
    ["a trailing slash", "https://app.example.com/"],
    ["a path", "https://app.example.com/x"],
    ["an IPv4 address not as URL writes it", "http://127.1:3000"],
    ["an IPv4 address with a leading zero", "http://127.0.0.01"],
    ["an IPv6 address not as URL writes it", "http://[0:0:0:0:0:0:0:1]"],
    ["another scheme", "ftp://app.example.com"],
    ["an extension's scheme", "chrome-extension://abcdefghijklmnop"],
    ["an empty label", "https://a..example.com"],
    ["a trailing dot", "https://app.example.com."],
    ["port 0", "http://localhost:0"],
    ["a port out of range", "http://localhost:65536"],
    ["an invalid punycode label", "https://xn--.example.com"],
    ["userinfo", "https://user@app.example.com"],
    ["an opaque scheme", "javascript:alert(1)"],
    ["a space in the host", "https://a b.test"],
    ["a NUL byte", "https://a.test\u0000"],
  ])("not with %s (%s)", (_, origin) => {
    const seen: string[] = [];
    const policy = corsPolicy({ origins: (o) => (seen.push(o), true) });
    let request: Request;
    try {
      request = preflightRequest(origin, "GET");
    } catch {
      return; // A value the Headers class refuses cannot arrive.
    }
    expect(preflight(request, policy)?.status).toBe(403);
    expect(seen).toEqual([]);
  });

  test.each(["https://app.example.com", "http://localhost:5173", "https://[::1]", "http://127.0.0.1", "https://xn--bcher-kva.example", "https://a_b.example.com"])(
    "with the well-formed %s",
    (origin) => {
      const seen: string[] = [];
      const policy = corsPolicy({ origins: (o) => (seen.push(o), true) });
      preflight(preflightRequest(origin, "GET"), policy);
      expect(seen).toEqual([origin]);
    },
  );
});

/** Every object reachable from `root` through own properties (symbol-keyed too), users' functions excluded. */
function reachable(root: object, userValues: ReadonlySet<unknown>): object[] {
  const found: object[] = [];
  const queue: unknown[] = [root];
  const visited = new Set<unknown>();
  while (queue.length > 0) {
    const value = queue.shift();
    if ((typeof value !== "object" && typeof value !== "function") || value === null || visited.has(value) || userValues.has(value)) continue;
    visited.add(value);
    found.push(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined) continue;
      queue.push(descriptor.value, descriptor.get, descriptor.set);
    }
  }
  return found;
}

describe("§9 nothing reachable from a compiled policy can change what it allows", () => {
  const predicate = (origin: string) => origin === APP;
  const onReject = () => undefined;
  const policies: [string, CorsPolicy, unknown[]][] = [
    ["a list with patterns", corsPolicy({ origins: [APP, "https://*.example.org", "http://localhost:*"], methods: ["PUT"], requestHeaders: ["x-a"], credentials: true, onReject, crossOriginProtection: { exemptPaths: ["/hook"] } }), [onReject]],
    ["a predicate", corsPolicy({ origins: predicate, requestHeaders: "*", exposeHeaders: ["x-b"] }), [predicate]],
    ['"*"', corsPolicy({ origins: "*", methods: "*" }), []],
    ["noCors", noCors, []],
  ];

  test.each(policies)("%s: every object reachable from it, symbol-keyed properties included, is frozen and none is a Set or Map", (_, policy, user) => {
    // Warm the remembered header lists so that any cache would exist by now.
    preflight(preflightRequest(APP, "PUT", { "access-control-request-headers": "x-a" }), policy);
    const objects = reachable(policy, new Set(user));
    expect(objects.length).toBeGreaterThan(3);
    for (const object of objects) {
      expect(Object.isFrozen(object)).toBe(true);
      expect(object instanceof Set || object instanceof Map || object instanceof WeakMap || object instanceof WeakSet).toBe(false);
    }
  });

  test("writing to the brand, or to anything under it, neither succeeds nor changes the answers", () => {
    const policy = corsPolicy({ origins: [APP], methods: ["PUT"] });
    const before = preflight(preflightRequest("https://evil.test", "DELETE"), policy)?.status;
    for (const object of reachable(policy, new Set())) {
      for (const key of Reflect.ownKeys(object)) {
        try {
          Reflect.set(object, key, () => true);
          Reflect.defineProperty(object, key, { value: true });
          Reflect.deleteProperty(object, key);
        } catch {
          // A frozen function's own properties may throw in strict mode.
        }
      }
    }
    expect(preflight(preflightRequest("https://evil.test", "DELETE"), policy)?.status).toBe(before);
    expect(preflight(preflightRequest(APP, "DELETE"), policy)?.headers.get("cors-rejected")).toMatch(/not allowed/);
  });

  test("a brand found only on a polluted Object.prototype makes no object a policy", () => {
    const brand = Symbol.for("fetch-cors.policy.v2");
    const real = corsPolicy({ origins: "*" });
    const stolen = Object.getOwnPropertyDescriptor(real, brand)?.value as unknown;
    Object.defineProperty(Object.prototype, brand, { value: stolen, configurable: true });
    try {
      expect(isCorsPolicy({ origins: [APP] })).toBe(false);
      expect(() => preflight(preflightRequest(APP, "GET"), { options: {} } as unknown as CorsPolicy)).toThrow(TypeError);
    } finally {
      delete (Object.prototype as Record<symbol, unknown>)[brand];
    }
  });
});

describe("§9 options are read from own properties only", () => {
  const pollution: [keyof CorsOptions | "resolve", unknown][] = [
    ["origins", "*"], ["credentials", true], ["methods", "*"], ["requestHeaders", "*"], ["exposeHeaders", "*"],
    ["debug", true], ["privateNetwork", true], ["maxAge", 86400], ["preflightStatus", 200], ["allowInsecureOrigins", true],
    ["crossOriginProtection", false], ["onReject", () => undefined],
  ];

  test.each(pollution)("a polluted Object.prototype.%s changes no policy", async (key, value) => {
    const clean = corsPolicy({ origins: [APP], credentials: true }).options;
    // Built before the pollution: the Fetch API's own constructors read their init dictionaries
    // through the prototype chain too.
    const request = actualRequest("https://evil.test", "POST");
    let polluted: CorsPolicy["options"];
    let fetch: (request: Request) => Promise<Response>;
    Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
    try {
      polluted = corsPolicy({ origins: [APP], credentials: true }).options;
      fetch = withCors(() => new Response("ok"), { origins: [APP], credentials: true });
    } finally {
      delete (Object.prototype as Record<string, unknown>)[key];
    }
    expect(polluted).toEqual(clean);
    expect((await fetch(request)).status).toBe(403);
  });

  test.each(["constructor", "toString", "__proto__", "hasOwnProperty"])("a header or option named %j is read as a name like any other", (name) => {
    expect(corsPolicy({ origins: [APP], requestHeaders: [name], exposeHeaders: [name] }).options.requestHeaders).toEqual([name.toLowerCase()]);
    expect(() => corsPolicy({ origins: [APP], [name]: 1 } as unknown as CorsOptions)).toThrow(/unknown option; known:/);
  });

  test("a polluted Object.prototype.resolve does not turn options into a policy source", async () => {
    Object.defineProperty(Object.prototype, "resolve", { value: () => corsPolicy({ origins: "*" }), configurable: true, writable: true });
    try {
      const fetch = withCors(() => new Response("ok"), { origins: [APP] });
      expect((await fetch(actualRequest("https://evil.test"))).headers.has("access-control-allow-origin")).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>).resolve;
    }
  });

  test("a hole in an origins list is read as a missing entry, not from a polluted Array.prototype", () => {
    Object.defineProperty(Array.prototype, 1, { value: "https://evil.test", configurable: true, writable: true });
    try {
      // eslint-disable-next-line no-sparse-arrays
      expect(() => corsPolicy({ origins: [APP, , "https://b.example.com"] as string[] })).toThrow(/is not a string/);
    } finally {
      delete (Array.prototype as unknown as Record<number, unknown>)[1];
    }
  });

  test("inherited options (a class instance's getters) are not read", () => {
    class Settings {
      readonly origins = [APP];
      get credentials() {
        return true;
      }
    }
    expect(corsPolicy(new Settings() as unknown as CorsOptions).options.credentials).toBe(false);
  });
});

describe("§9 a response that can be neither changed nor copied fails closed", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      // The upstream sets its own CORS header, which must never reach the browser unchecked.
      res.writeHead(200, { "access-control-allow-origin": "*", "content-type": "text/plain" });
      res.end("upstream body");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const policy = corsPolicy({ origins: [APP], credentials: true });

  test("a fetch() response whose body was already read becomes a 500 with the policy's CORS headers", async () => {
    const upstream = await fetch(base);
    await upstream.text();
    const response = addCorsHeaders(actualRequest(APP), upstream, policy);
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(await response.text()).toBe("Internal Server Error");
  });

  test("a fetch() response whose body is locked likewise, and a disallowed origin gets no CORS header at all", async () => {
    const upstream = await fetch(base);
    upstream.body?.getReader();
    const response = addCorsHeaders(actualRequest("https://evil.test"), upstream, policy);
    expect(response.status).toBe(500);
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    expect(response.headers.get("vary")).toBe("Origin");
  });

  test("withCors reports such a response to onError", async () => {
    const errors: unknown[] = [];
    const fetchWithCors = withCors(async () => {
      const upstream = await fetch(base);
      await upstream.arrayBuffer();
      return upstream;
    }, policy, { onError: (error) => { errors.push(error); } });
    const response = await fetchWithCors(actualRequest(APP));
    expect(response.status).toBe(500);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  test("an unread fetch() response is copied: its own CORS header replaced, its body kept", async () => {
    const response = addCorsHeaders(actualRequest(APP), await fetch(base), policy);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(await response.text()).toBe("upstream body");
  });
});

describe("§9 withCors always returns a real Response", () => {
  test.each([
    ["a Response-like object", () => ({ status: 200, headers: new Headers(), body: null })],
    ["undefined", () => undefined],
    ["a string", () => "ok"],
    ["a promise of a Response-like object", async () => ({ status: 204, headers: new Headers() })],
  ])("%s from the handler is a 500 with the CORS headers", async (_, handler) => {
    const errors: unknown[] = [];
    const fetch = withCors(handler as unknown as () => Response, { origins: [APP] }, { onError: (error) => { errors.push(error); } });
    const response = await fetch(actualRequest(APP));
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  test("addCorsHeaders given something that is not a Response answers a 500, never throws", () => {
    const response = addCorsHeaders(actualRequest(APP), { status: 200 } as unknown as Response, corsPolicy({ origins: [APP] }));
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(500);
  });
});
