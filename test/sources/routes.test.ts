import { describe, expect, test } from "vitest";
import { CorsConfigError, corsPolicy, corsRoutes, noCors, withCors, type CorsPolicy, type CorsPolicySource } from "../../src/index.ts";
import { corsHeaders } from "../core/requests.ts";
import { allowing, get, preflightTo } from "./helpers.ts";

const HOST = "https://api.example.com";
const [HEALTH, API, AVATAR, TENANT, ROOT, FALLBACK] = ["health", "api", "avatar", "tenant", "root", "fallback"].map((name) => allowing(`https://${name}.example`)) as [CorsPolicy, CorsPolicy, CorsPolicy, CorsPolicy, CorsPolicy, CorsPolicy];
const NAMES = new Map([[HEALTH, "HEALTH"], [API, "API"], [AVATAR, "AVATAR"], [TENANT, "TENANT"], [ROOT, "ROOT"], [FALLBACK, "FALLBACK"]]);

/** Which route answered a request for `path` (its policy's name). */
function chosen(source: CorsPolicySource, path: string): string | undefined {
  return NAMES.get(source.resolve(get(`${HOST}${path}`)) as CorsPolicy);
}

/** One test per [path, route name] case: the route that answers a request for that path. */
function choices(source: CorsPolicySource, cases: readonly (readonly [path: string, route: string])[]): void {
  test.each(cases)("%s → %s", (path, expected) => {
    expect(chosen(source, path)).toBe(expected);
  });
}

function problemsOf(make: () => unknown): { option: string; code: string; message: string }[] {
  try {
    make();
  } catch (error) {
    if (CorsConfigError.is(error)) return error.problems.map(({ option, code, message }) => ({ option, code, message }));
    throw error;
  }
  throw new Error("expected a CorsConfigError");
}

describe("§7 corsRoutes: exact paths, prefixes and :name segments", () => {
  const routes = corsRoutes([
    ["/health", HEALTH],
    ["/api/*", API],
    ["/users/:id/avatar", AVATAR],
    ["/t/:id/*", TENANT],
    ["/", ROOT],
  ], FALLBACK);

  choices(routes, [
    ["/health", "HEALTH"],
    ["/health?verbose=1", "HEALTH"],
    ["/health#top", "HEALTH"],
    ["/health/", "FALLBACK"],
    ["/healthz", "FALLBACK"],
    ["/api", "API"],
    ["/api/", "API"],
    ["/api/items/42", "API"],
    ["/apix", "FALLBACK"],
    ["/users/42/avatar", "AVATAR"],
    ["/users//avatar", "FALLBACK"],
    ["/users/42/avatar/large", "FALLBACK"],
    ["/users/42", "FALLBACK"],
    ["/t/acme", "TENANT"],
    ["/t/acme/", "TENANT"],
    ["/t/acme/orders/7", "TENANT"],
    ["/t/", "FALLBACK"],
    ["/t", "FALLBACK"],
    ["/", "ROOT"],
    ["/?q=1", "ROOT"],
    ["/other", "FALLBACK"],
  ]);

  test('"/*" matches every path, the root included', () => {
    const all = corsRoutes([["/*", API]], FALLBACK);
    for (const path of ["/", "/a", "/a/b/c", "/%2F"]) expect(chosen(all, path)).toBe("API");
  });

  test("no match, without a fallback, is noCors", () => {
    expect(corsRoutes([["/api/*", API]]).resolve(get(`${HOST}/other`))).toBe(noCors);
  });

  test("a trailing slash is a path of its own in an exact pattern", () => {
    const slash = corsRoutes([["/docs/", HEALTH]], FALLBACK);
    expect([chosen(slash, "/docs/"), chosen(slash, "/docs")]).toEqual(["HEALTH", "FALLBACK"]);
  });

  test("a colon inside a segment is a literal character (custom methods such as /v1/items:batch)", () => {
    const custom = corsRoutes([["/v1/items:batch", API]], FALLBACK);
    expect([chosen(custom, "/v1/items:batch"), chosen(custom, "/v1/items")]).toEqual(["API", "FALLBACK"]);
  });

  test("matching looks at the path only, not the host, query or fragment", () => {
    const request = get("https://other.example:8443/api/x?next=/health#/health");
    expect(corsRoutes([["/api/*", API]]).resolve(request)).toBe(API);
  });
});

describe("§7 corsRoutes: the first matching route wins", () => {
  test.each([
    ["/users/me", "HEALTH"],
    ["/users/7", "API"],
  ])("a literal listed before a :name segment: %s → %s", (path, expected) => {
    expect(chosen(corsRoutes([["/users/me", HEALTH], ["/users/:id", API]], FALLBACK), path)).toBe(expected);
  });

  test.each([
    [[["/a/:x/c", HEALTH], ["/a/b/*", API]] as const, "/a/b/c", "HEALTH"],
    [[["/a/:x/c", HEALTH], ["/a/b/*", API]] as const, "/a/b/d", "API"],
    [[["/a/b/*", API], ["/a/:x/c", HEALTH]] as const, "/a/b/c", "API"],
    [[["/a/b/*", API], ["/a/:x/c", HEALTH]] as const, "/a/z/c", "HEALTH"],
    [[["/a/*", API], ["/:x/b", HEALTH]] as const, "/a/b", "API"],
    [[["/:x/b", HEALTH], ["/a/*", API]] as const, "/a/b", "HEALTH"],
  ])("%j: %s → %s", (table, path, expected) => {
    expect(chosen(corsRoutes(table, FALLBACK), path)).toBe(expected);
  });

  test.each([
    [[["/api/*", API], ["/api/users", HEALTH]] as const, "/api/users", "API"],
    [[["/users/:id", API], ["/users/me", HEALTH]] as const, "/users/me", "API"],
    [[["/*", API], ["/x", HEALTH]] as const, "/x", "API"],
    [[["/health", API], ["/health", HEALTH]] as const, "/health", "API"],
    [[["/a/*", API], ["/a/b/*", HEALTH]] as const, "/a/b/c", "API"],
  ])("a route shadowed by an earlier one is accepted, and the earlier one answers: %j: %s → %s", (table, path, expected) => {
    expect(chosen(corsRoutes(table, FALLBACK), path)).toBe(expected);
  });

  test("a partly shadowed route still answers the paths no earlier route matches", () => {
    const routes = corsRoutes([["/users/me", HEALTH], ["/users/:id", API], ["/users/*", AVATAR]], FALLBACK);
    expect(["/users/me", "/users/7", "/users", "/users/", "/users/7/x"].map((path) => chosen(routes, path))).toEqual(["HEALTH", "API", "AVATAR", "AVATAR", "AVATAR"]);
  });

  test("50 routes are matched as a table of 50, in order", () => {
    const policies = Array.from({ length: 50 }, (_, i) => allowing(`https://r${i}.example`));
    const routes = corsRoutes(policies.map((policy, i) => [`/v1/resource${i}/*`, policy] as const), FALLBACK);
    policies.forEach((policy, i) => expect(routes.resolve(get(`${HOST}/v1/resource${i}/items/${i}`))).toBe(policy));
    expect(routes.resolve(get(`${HOST}/v1/resource50`))).toBe(FALLBACK);
  });
});

describe("§7 corsRoutes: an empty segment is a literal segment, as the URL parser keeps it", () => {
  test.each(["/a//b", "//a", "/a//", "//"])("the parser keeps %s as it is", (path) => {
    expect(new URL(`${HOST}${path}`).pathname).toBe(path);
  });

  choices(corsRoutes([["/a//b", HEALTH], ["//x", API], ["/p//*", TENANT], ["/u/:id/v", AVATAR]], FALLBACK), [
    ["/a//b", "HEALTH"],
    ["/a/b", "FALLBACK"],
    ["/a///b", "FALLBACK"],
    ["/a//b/", "FALLBACK"],
    ["//x", "API"],
    ["/x", "FALLBACK"],
    ["/p/", "TENANT"],
    ["/p//", "TENANT"],
    ["/p//q", "TENANT"],
    ["/p", "FALLBACK"],
    ["/p/q", "FALLBACK"],
    ["/u/1/v", "AVATAR"],
    ["/u//v", "FALLBACK"],
  ]);

  test('"//" is the path of one empty segment after the root, not a host', () => {
    const routes = corsRoutes([["//", API]], FALLBACK);
    expect([chosen(routes, "//"), chosen(routes, "/")]).toEqual(["API", "FALLBACK"]);
  });

  test("a :name segment never matches an empty one, even beside a literal empty segment", () => {
    const routes = corsRoutes([["/a/:x/b", API], ["/a//b", HEALTH]], FALLBACK);
    expect([chosen(routes, "/a//b"), chosen(routes, "/a/z/b")]).toEqual(["HEALTH", "API"]);
  });
});

describe("§7 corsRoutes: matching is case-sensitive", () => {
  choices(corsRoutes([["/API/*", API], ["/health", HEALTH]], FALLBACK), [
    ["/API/x", "API"],
    ["/api/x", "FALLBACK"],
    ["/Api", "FALLBACK"],
    ["/HEALTH", "FALLBACK"],
  ]);
});

describe("§7 corsRoutes: dot segments are resolved by the URL parser before matching", () => {
  const routes = corsRoutes([["/api/*", API], ["/admin/*", HEALTH]], FALLBACK);
  // What the parser gives each request URL is checked too: the table states what matching sees.
  test.each([
    ["/api/../admin", "/admin", "HEALTH"],
    ["/api/%2e%2e/admin", "/admin", "HEALTH"],
    ["/api/%2E%2E/admin", "/admin", "HEALTH"],
    ["/api/.%2e/admin", "/admin", "HEALTH"],
    ["/api/./items", "/api/items", "API"],
    ["/api/%2e/items", "/api/items", "API"],
    ["/api\\..\\admin", "/admin", "HEALTH"],
    ["/api/../../../admin/x", "/admin/x", "HEALTH"],
    ["/api/%2e%2e%2fadmin", "/api/%2e%2e%2fadmin", "API"],
    ["/%61pi/items", "/%61pi/items", "FALLBACK"],
    ["/api%2Fitems", "/api%2Fitems", "FALLBACK"],
  ])("%s is %s → %s", (path, parsed, expected) => {
    const request = get(`${HOST}${path}`);
    expect(new URL(request.url).pathname).toBe(parsed);
    expect(NAMES.get(routes.resolve(request) as CorsPolicy)).toBe(expected);
  });
});

describe("§7 corsRoutes: a route's value is a policy, options (compiled once) or a source", () => {
  test("options are compiled when the routes are made: every request gets the same policy", () => {
    const routes = corsRoutes([["/api/*", { origins: ["https://app.example.com"], credentials: true }]]);
    const first = routes.resolve(get(`${HOST}/api/a`));
    expect(first).toBe(routes.resolve(get(`${HOST}/api/b`)));
    expect((first as CorsPolicy).options.credentials).toBe(true);
  });

  test("a source is asked with the request and the runtime's context; its promise is passed on", async () => {
    const calls: unknown[][] = [];
    const source = { resolve: async (request: Request, env: string, ctx: number) => (calls.push([new URL(request.url).pathname, env, ctx]), API) };
    const routes = corsRoutes<[string, number]>([["/t/:id/*", source]], FALLBACK);
    expect(await routes.resolve(get(`${HOST}/t/acme/x`), "env", 7)).toBe(API);
    expect(routes.resolve(get(`${HOST}/other`), "env", 7)).toBe(FALLBACK);
    expect(calls).toEqual([["/t/acme/x", "env", 7]]);
  });

  test("a policy route answers synchronously", () => {
    expect(corsRoutes([["/api/*", API]]).resolve(get(`${HOST}/api`))).toBe(API);
  });

  test("the fallback may be options or a source too", async () => {
    expect((corsRoutes([["/api/*", API]], { origins: "*" }).resolve(get(`${HOST}/x`)) as CorsPolicy).options.origins).toBe("*");
    expect(await corsRoutes([["/api/*", API]], { resolve: async () => HEALTH }).resolve(get(`${HOST}/x`))).toBe(HEALTH);
  });
});

describe("§7 corsRoutes: one policy answers a route's preflight, guard and response", () => {
  const APP = "https://app.example.com";
  const fetch = withCors(() => Response.json({ ok: true }), corsRoutes([
    ["/public/*", { origins: "*" }],
    ["/api/*", { origins: [APP], credentials: true, methods: ["PUT"] }],
  ]), { onError: () => undefined });

  test("a public route allows any origin, preflight and response alike", async () => {
    expect(corsHeaders(await fetch(preflightTo(`${HOST}/public/feed`, "https://elsewhere.example")))).toMatchObject({ "access-control-allow-origin": "*" });
    expect(corsHeaders(await fetch(get(`${HOST}/public/feed`, "https://elsewhere.example")))).toEqual({ "access-control-allow-origin": "*" });
  });

  test("the credentialed route allows only its origin, and guards its writes", async () => {
    expect((await fetch(preflightTo(`${HOST}/api/items`, APP))).headers.get("access-control-allow-credentials")).toBe("true");
    expect((await fetch(preflightTo(`${HOST}/api/items`, "https://elsewhere.example"))).status).toBe(403);
    const post = new Request(`${HOST}/api/items`, { method: "POST", headers: { origin: "https://elsewhere.example", "sec-fetch-site": "cross-site" } });
    expect((await fetch(post)).status).toBe(403);
  });

  test("a path no route matches gets no CORS at all (noCors)", async () => {
    const response = await fetch(get(`${HOST}/internal/metrics`, APP));
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual({});
    expect((await fetch(preflightTo(`${HOST}/internal/metrics`, APP))).status).toBe(403);
  });

  test("a dot-segment path cannot borrow the public route's policy", async () => {
    const response = await fetch(preflightTo(`${HOST}/public/%2e%2e/api/items`, "https://elsewhere.example"));
    expect(response.status).toBe(403);
  });
});

describe("§7 corsRoutes: invalid routes throw at construction, listing every problem", () => {
  test("every problem of a table at once, each naming its route", () => {
    const problems = problemsOf(() => corsRoutes([
      ["api/*", API],
      ["/api*", API],
      ["/a/*/b", API],
      ["/users/:", API],
      ["/users/:id.json", API],
      ["/a/../b", API],
      ["/search?q", API],
      ["/café", API],
      ["/\\a", API],
      ["/x", "not a policy" as never],
      ["/y", { origins: "*", credentials: true }],
      "/z" as never,
    ]));
    expect(problems.map(({ option, code }) => `${option} ${code}`)).toEqual([
      "routes[11] invalid-route",
      "routes[0] invalid-pattern",
      "routes[1] invalid-pattern",
      "routes[2] invalid-pattern",
      "routes[3] invalid-pattern",
      "routes[4] invalid-pattern",
      "routes[5] invalid-pattern",
      "routes[6] invalid-pattern",
      "routes[7] invalid-pattern",
      "routes[8] invalid-pattern",
      'routes[9] "/x" invalid-policy',
      'routes[10] "/y".origins wildcard-with-credentials',
    ]);
    const messages = problems.map((problem) => problem.message).join("\n");
    expect(messages).toContain('"/api/*"'); // the absolute form to write
    expect(messages).toContain('write "/b"');
    expect(messages).toContain('write "/caf%C3%A9"');
    expect(messages).toContain('write "//a"'); // "\" is read as "/", as in a request's URL
  });

  test.each([
    ["an empty list", [], "empty-routes"],
    ["not a list", { "/api/*": API }, "invalid-type"],
  ])("%s", (_, routes, code) => {
    expect(problemsOf(() => corsRoutes(routes as never)).map((problem) => problem.code)).toEqual([code]);
  });

  test("a fallback that is not a policy, options or a source", () => {
    expect(problemsOf(() => corsRoutes([["/api/*", API]], 42 as never))).toEqual([expect.objectContaining({ option: "fallback", code: "invalid-policy" })]);
  });

  test("options are read as corsPolicy reads them (a polluted prototype is no source)", () => {
    Object.defineProperty(Object.prototype, "resolve", { value: () => API, configurable: true });
    try {
      expect(problemsOf(() => corsRoutes([["/api/*", {} as never]]))).toEqual([expect.objectContaining({ option: 'routes[0] "/api/*".origins', code: "required" })]);
    } finally {
      delete (Object.prototype as { resolve?: unknown }).resolve;
    }
  });
});

describe("§7 corsRoutes composes: the policy of a route may itself come from a source", () => {
  test("nested routes", () => {
    const inner = corsRoutes([["/v1/admin/*", HEALTH]], API);
    const outer = corsRoutes([["/v1/*", inner]], FALLBACK);
    expect([chosen(outer, "/v1/admin/x"), chosen(outer, "/v1/items"), chosen(outer, "/v2")]).toEqual(["HEALTH", "API", "FALLBACK"]);
  });

  test("a compiled policy is taken as it is (corsPolicy is idempotent on it)", () => {
    const policy = corsPolicy({ origins: ["https://app.example.com"] });
    expect(corsRoutes([["/*", policy]]).resolve(get(`${HOST}/`))).toBe(policy);
  });
});
