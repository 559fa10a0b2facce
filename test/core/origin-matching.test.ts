import { describe, expect, test } from "vitest";
import { addCorsHeaders, corsPolicy, preflight, type CorsOptions } from "../../src/index.ts";
import { actualRequest, preflightRequest } from "./requests.ts";

/** The Access-Control-Allow-Origin an allowed preflight from `origin` gets, or null when rejected. */
function allowOriginFor(options: CorsOptions, origin: string): string | null {
  const response = preflight(preflightRequest(origin, "GET"), corsPolicy(options));
  return response?.headers.get("access-control-allow-origin") ?? null;
}

function allows(options: CorsOptions, origin: string): boolean {
  return allowOriginFor(options, origin) === origin;
}

describe("§2 exact origins are compared byte for byte with the canonical form", () => {
  const options = { origins: ["https://app.example.com", "http://localhost:3000", "https://Bücher.example"] };

  test("the exact origin is allowed and echoed", () => {
    expect(allowOriginFor(options, "https://app.example.com")).toBe("https://app.example.com");
  });

  test.each([
    ["uppercase host", "https://APP.example.com"],
    ["uppercase scheme", "HTTPS://app.example.com"],
    ["explicit default port", "https://app.example.com:443"],
    ["trailing slash", "https://app.example.com/"],
    ["trailing dot", "https://app.example.com."],
    ["other scheme", "http://app.example.com"],
    ["other port", "http://localhost:3001"],
    ["no port where one is listed", "http://localhost"],
    ["a suffix added", "https://app.example.com.evil.com"],
    ["a prefix added", "https://evilapp.example.com"],
    ["a query", "https://app.example.com?x=1"],
    ["the unicode host instead of punycode", "https://bücher.example"],
  ])("an origin differing by %s is not allowed", (_, origin) => {
    expect(allowOriginFor(options, origin)).toBeNull();
  });

  test("an IDN origin is listed in punycode and matches the punycode a browser sends", () => {
    expect(allows(options, "https://xn--bcher-kva.example")).toBe(true);
  });

  test("a listed IPv6 loopback origin matches its bracketed form", () => {
    expect(allows({ origins: ["http://[::1]:8080"] }, "http://[::1]:8080")).toBe(true);
  });
});

describe("§2 subdomain patterns match any depth of subdomain, same scheme and port only", () => {
  const options = { origins: ["https://*.example.com"] };

  test.each(["https://a.example.com", "https://a.b.example.com", "https://x-1.deep.er.example.com"])("%s is allowed", (origin) => {
    expect(allows(options, origin)).toBe(true);
  });

  test.each([
    ["the parent domain itself", "https://example.com"],
    ["a look-alike domain", "https://evilexample.com"],
    ["the domain as a prefix of another", "https://example.com.evil.com"],
    ["a subdomain of a look-alike", "https://a.evilexample.com"],
    ["plain http", "http://a.example.com"],
    ["an explicit port", "https://a.example.com:8443"],
    ["an empty label", "https://.example.com"],
    ["a double dot", "https://a..example.com"],
    ["uppercase", "https://A.example.com"],
    ["a path", "https://a.example.com/x"],
    ["a userinfo trick", "https://a.example.com@evil.com"],
    ["a backslash trick", "https://evil.com\\.example.com"],
  ])("%s is not allowed (%s)", (_, origin) => {
    expect(allowOriginFor(options, origin)).toBeNull();
  });

  test("a pattern with a port matches that port only", () => {
    const withPort = { origins: ["https://*.example.com:8443"] };
    expect(allows(withPort, "https://a.example.com:8443")).toBe(true);
    expect(allows(withPort, "https://a.example.com")).toBe(false);
    expect(allows(withPort, "https://a.example.com:9443")).toBe(false);
  });

  test("a pattern and an exact origin on the same domain combine", () => {
    const both = { origins: ["https://example.com", "https://*.example.com"] };
    expect(allows(both, "https://example.com")).toBe(true);
    expect(allows(both, "https://www.example.com")).toBe(true);
  });

  test("nested patterns: the shorter parent domain also covers the deeper one", () => {
    const nested = { origins: ["https://*.eu.example.com", "https://*.example.org"] };
    expect(allows(nested, "https://a.eu.example.com")).toBe(true);
    expect(allows(nested, "https://a.us.example.com")).toBe(false);
    expect(allows(nested, "https://x.y.example.org")).toBe(true);
  });
});

describe("§2 port wildcards match any explicit port", () => {
  test("http://localhost:* allows every port of localhost, and not the bare host", () => {
    const options = { origins: ["http://localhost:*"] };
    expect(allows(options, "http://localhost:3000")).toBe(true);
    expect(allows(options, "http://localhost:65535")).toBe(true);
    expect(allows(options, "http://localhost")).toBe(false);
    expect(allows(options, "https://localhost:3000")).toBe(false);
    expect(allows(options, "http://localhost.evil.com:3000")).toBe(false);
  });

  test.each(["http://localhost:0", "http://localhost:03000", "http://localhost:65536", "http://localhost:", "http://localhost:3000x"])(
    "a malformed port (%s) is not allowed",
    (origin) => {
      expect(allowOriginFor({ origins: ["http://localhost:*"] }, origin)).toBeNull();
    },
  );

  test.each([
    ["http://localhost:*", "http://localhost:80"],
    ["https://localhost:*", "https://localhost:443"],
    ["https://[::1]:*", "https://[::1]:443"],
    ["https://*.example.com:*", "https://a.example.com:443"],
  ])("%s does not allow %s: a browser never writes the scheme's default port", (pattern, origin) => {
    expect(allowOriginFor({ origins: [pattern] }, origin)).toBeNull();
  });

  test("the other scheme's default port is an ordinary explicit port", () => {
    expect(allows({ origins: ["http://localhost:*"] }, "http://localhost:443")).toBe(true);
    expect(allows({ origins: ["https://localhost:*"] }, "https://localhost:80")).toBe(true);
  });

  test("a predicate never hears of an origin written with its default port", () => {
    const heard: string[] = [];
    const options: CorsOptions = { origins: (origin) => (heard.push(origin), true) };
    expect(allowOriginFor(options, "https://app.example.com:443")).toBeNull();
    expect(allowOriginFor(options, "http://app.example.com:80")).toBeNull();
    expect(heard).toEqual([]);
  });

  test("the two wildcards combine: http://*.localhost:* allows any subdomain on any port", () => {
    const options = { origins: ["http://*.localhost:*"] };
    expect(allows(options, "http://app.localhost:5173")).toBe(true);
    expect(allows(options, "http://a.b.localhost:1")).toBe(true);
    expect(allows(options, "http://localhost:5173")).toBe(false);
    expect(allows(options, "http://app.localhost")).toBe(false);
  });
});

describe('§2 "null" matches only when listed', () => {
  test('a listed "null" allows the opaque origin and echoes "null"', () => {
    expect(allowOriginFor({ origins: ["null"] }, "null")).toBe("null");
  });

  test('patterns and port wildcards never match "null"', () => {
    expect(allowOriginFor({ origins: ["https://*.example.com", "http://localhost:*"] }, "null")).toBeNull();
  });

  test('origins: "*" answers "*" to a "null" origin, never an echo', () => {
    expect(allowOriginFor({ origins: "*" }, "null")).toBe("*");
  });
});

describe('§2 origins: "*" answers "*" and does not look at the Origin', () => {
  test.each(["https://anything.test", "http://x:1", "not an origin", "null"])("a preflight from %s gets *", (origin) => {
    expect(allowOriginFor({ origins: "*" }, origin)).toBe("*");
  });
});

describe("§2 predicate origins", () => {
  test("true allows and echoes the origin; false rejects", () => {
    const options = { origins: (origin: string) => origin.endsWith(".tenant.test") };
    expect(allowOriginFor(options, "https://a.tenant.test")).toBe("https://a.tenant.test");
    expect(allowOriginFor(options, "https://a.other.test")).toBeNull();
  });

  test("the predicate receives the origin string and the request", () => {
    const seen: [string, string][] = [];
    const policy = corsPolicy({ origins: (origin, request) => (seen.push([origin, request.url]), true) });
    preflight(preflightRequest("https://a.test", "GET"), policy);
    expect(seen).toEqual([["https://a.test", "https://api.example.com/items"]]);
  });

  test("a predicate that throws rejects the origin instead of crashing", () => {
    const options = { origins: () => { throw new Error("lookup failed"); } };
    const response = preflight(preflightRequest("https://a.test", "GET"), corsPolicy(options));
    expect(response?.status).toBe(403);
  });

  test("an async predicate never allows: a Promise is not true", () => {
    const options = { origins: (async () => true) as unknown as (origin: string) => boolean };
    expect(allowOriginFor(options, "https://a.test")).toBeNull();
    const actual = addCorsHeaders(actualRequest("https://a.test"), new Response("x"), corsPolicy(options));
    expect(actual.headers.has("access-control-allow-origin")).toBe(false);
  });

  test("a truthy non-boolean answer does not allow", () => {
    const options = { origins: (() => "yes") as unknown as (origin: string) => boolean };
    expect(allowOriginFor(options, "https://a.test")).toBeNull();
  });

  // That a malformed origin never reaches the predicate is §9's rule: test/core/fail-closed.test.ts.

  test('the predicate is asked about "null", which it may allow', () => {
    const policy = corsPolicy({ origins: (origin) => origin === "null" });
    expect(preflight(preflightRequest("null", "GET"), policy)?.headers.get("access-control-allow-origin")).toBe("null");
  });
});

describe("§2 a multi-tenant policy of 10,000 origins and 1,000 patterns matches correctly", () => {
  const origins: string[] = [];
  for (let i = 0; i < 10_000; i++) origins.push(`https://tenant-${i}.customers.example`);
  for (let i = 0; i < 1_000; i++) origins.push(`https://*.region-${i}.example.net`);

  // Its compile time is measured in the benchmarks (npm run bench), not here.
  const policy = corsPolicy({ origins, credentials: true });
  test.each([
    ["the first exact origin", "https://tenant-0.customers.example", true],
    ["the last exact origin", "https://tenant-9999.customers.example", true],
    ["an unlisted tenant", "https://tenant-10000.customers.example", false],
    ["the first pattern", "https://a.region-0.example.net", true],
    ["the last pattern, deep", "https://a.b.c.region-999.example.net", true],
    ["an unlisted region", "https://a.region-1000.example.net", false],
    ["a pattern's parent itself", "https://region-5.example.net", false],
  ])("%s is answered correctly", (_, origin, allowed) => {
    const response = preflight(preflightRequest(origin, "GET"), policy);
    expect(response?.headers.get("access-control-allow-origin") ?? null).toBe(allowed ? origin : null);
  });
});
