// SPEC §6: with cross-origin protection on, the policy that answers preflights also refuses the
// cross-origin writes and WebSocket handshakes CORS cannot stop, before the handler runs.
import { describe, expect, test } from "vitest";
import { CorsConfigError, corsPolicy, guardCrossOrigin, withCors, type CorsOptions, type CorsRejection } from "../../src/index.ts";
import { corsHeaders } from "./requests.ts";

const API = "https://api.example.com";
const APP = "https://app.example.com";
const EVIL = "https://evil.example";
const base = { origins: [APP, "https://*.example.org"], credentials: true } satisfies CorsOptions;

function request(method: string, headers: Record<string, string> = {}, url = `${API}/items`): Request {
  return new Request(url, { method, headers });
}

function guard(options: CorsOptions, req: Request): Response | null {
  return guardCrossOrigin(req, corsPolicy(options));
}

const goesOn = (options: CorsOptions, req: Request) => guard(options, req) === null;

describe("§6 the option: on by default with credentials, off without", () => {
  test("credentials: true turns it on", () => {
    expect(goesOn(base, request("POST", { origin: EVIL }))).toBe(false);
  });

  test("without credentials it is off: every request goes on", () => {
    expect(goesOn({ origins: [APP] }, request("POST", { origin: EVIL, "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(goesOn({ origins: [APP] }, request("GET", { origin: EVIL, upgrade: "websocket" }))).toBe(true);
  });

  test("crossOriginProtection: true turns it on without credentials, false turns it off with them", () => {
    expect(goesOn({ origins: [APP], crossOriginProtection: true }, request("POST", { origin: EVIL }))).toBe(false);
    expect(goesOn({ ...base, crossOriginProtection: false }, request("POST", { origin: EVIL }))).toBe(true);
  });

  test("{ exemptPaths } turns it on", () => {
    expect(goesOn({ origins: [APP], crossOriginProtection: { exemptPaths: ["/saml/acs"] } }, request("POST", { origin: EVIL }))).toBe(false);
  });

  test("the normalised options say whether it is on and which paths are exempt", () => {
    expect(corsPolicy(base).options.crossOriginProtection).toEqual({ exemptPaths: [] });
    expect(corsPolicy({ origins: [APP] }).options.crossOriginProtection).toBe(false);
    expect(corsPolicy({ origins: [APP], crossOriginProtection: { exemptPaths: ["/a", "/a"] } }).options.crossOriginProtection).toEqual({ exemptPaths: ["/a"] });
  });
});

describe("§6 config errors", () => {
  function problems(options: unknown) {
    try {
      corsPolicy(options as CorsOptions);
    } catch (error) {
      if (CorsConfigError.is(error)) return error.problems.map((p) => [p.option, p.code, p.message] as const);
      throw error;
    }
    return [];
  }

  test.each([true, { exemptPaths: [] }])('on together with origins: "*" is an error (it would trust every origin): %j', (crossOriginProtection) => {
    expect(problems({ origins: "*", crossOriginProtection })).toEqual([["crossOriginProtection", "wildcard-protection", expect.stringContaining("trusts every origin")]]);
  });

  test('off together with origins: "*" is fine', () => {
    expect(problems({ origins: "*", crossOriginProtection: false })).toEqual([]);
  });

  test.each([
    ["saml/acs", 'write "/saml/acs"'],
    ["/oauth/*", "exact"],
    ["/callback?x=1", "exact"],
    ["/callback#x", "exact"],
    ["/a/../b", 'write "/b"'],
    ["/with space", 'write "/with%20space"'],
  ])("the exempt path %j is an error that says what to write", (path, fix) => {
    const found = problems({ origins: [APP], crossOriginProtection: { exemptPaths: [path] } });
    expect(found).toHaveLength(1);
    expect(found[0]?.[0]).toBe("crossOriginProtection.exemptPaths");
    expect(found[0]?.[1]).toBe("invalid-exempt-path");
    expect(found[0]?.[2]).toContain(fix);
  });

  test("every bad path, a bad type and an unknown key are reported together", () => {
    const found = problems({ origins: [APP], crossOriginProtection: { exemptPaths: ["a", 5, "/ok", "/x*"], paths: ["/b"] } });
    expect(found.map(([option, code]) => `${option}:${code}`)).toEqual([
      "crossOriginProtection.paths:unknown-option",
      "crossOriginProtection.exemptPaths:invalid-exempt-path",
      "crossOriginProtection.exemptPaths:invalid-exempt-path",
      "crossOriginProtection.exemptPaths:invalid-exempt-path",
    ]);
  });

  test.each([["yes"], [1], [["/a"]], [{}], [null]])("%j is not a valid value", (value) => {
    expect(problems({ origins: [APP], crossOriginProtection: value }).length).toBeGreaterThan(0);
  });
});

describe("§6 rule 0: an exempt path goes on, WebSocket handshakes included, checked first", () => {
  const exempt = { ...base, crossOriginProtection: { exemptPaths: ["/saml/acs", "/ws/public"] } };

  test("a cross-site form post to an exempt path goes on", () => {
    expect(goesOn(exempt, request("POST", { origin: EVIL, "sec-fetch-site": "cross-site" }, `${API}/saml/acs`))).toBe(true);
  });

  test("a WebSocket handshake to an exempt path goes on", () => {
    expect(goesOn(exempt, request("GET", { origin: EVIL, upgrade: "websocket" }, `${API}/ws/public`))).toBe(true);
  });

  test("the path is exact: a query does not matter, a prefix, a trailing slash or another case does", () => {
    const post = (path: string) => goesOn(exempt, request("POST", { origin: EVIL, "sec-fetch-site": "cross-site" }, `${API}${path}`));
    expect(post("/saml/acs?RelayState=x")).toBe(true);
    expect(post("/saml/acs/")).toBe(false);
    expect(post("/saml/acs/more")).toBe(false);
    expect(post("/saml")).toBe(false);
    expect(post("/SAML/acs")).toBe(false);
  });

  test("a path is compared as the URL parser writes it: dot segments resolved", () => {
    expect(goesOn(exempt, request("POST", { origin: EVIL }, `${API}/x/../saml/acs`))).toBe(true);
    expect(goesOn(exempt, request("POST", { origin: EVIL }, `${API}/saml/acs/..`))).toBe(false);
  });
});

describe("§6 rule 1: a WebSocket handshake is checked by its Origin", () => {
  const ws = (headers: Record<string, string>, url = `${API}/socket`) => request("GET", { upgrade: "websocket", connection: "Upgrade", ...headers }, url);

  test("an allowed origin goes on, a pattern too", () => {
    expect(goesOn(base, ws({ origin: APP }))).toBe(true);
    expect(goesOn(base, ws({ origin: "https://chat.example.org" }))).toBe(true);
  });

  test("another origin is refused, whatever Sec-Fetch-Site says", () => {
    expect(goesOn(base, ws({ origin: EVIL }))).toBe(false);
    expect(goesOn(base, ws({ origin: EVIL, "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(goesOn(base, ws({ origin: EVIL, "sec-fetch-site": "none" }))).toBe(false);
  });

  test("the request URL's own origin goes on, ws: read as http: and wss: as https:", () => {
    expect(goesOn(base, ws({ origin: API }))).toBe(true);
    expect(goesOn(base, ws({ origin: "http://api.example.com:8080" }, "ws://api.example.com:8080/socket"))).toBe(true);
    expect(goesOn(base, ws({ origin: API }, "wss://api.example.com/socket"))).toBe(true);
    expect(goesOn(base, ws({ origin: "http://api.example.com" }, "wss://api.example.com/socket"))).toBe(false);
  });

  test("no Origin (not a browser) goes on; an empty Origin counts as none", () => {
    expect(goesOn(base, ws({}))).toBe(true);
    expect(goesOn(base, ws({ origin: "" }))).toBe(true);
  });

  test.each(["websocket", "WebSocket", "WEBSOCKET", "h2c, websocket"])("Upgrade: %s is a handshake", (upgrade) => {
    expect(goesOn(base, request("GET", { origin: EVIL, upgrade }))).toBe(false);
  });

  test("another Upgrade is not a handshake: a GET with it goes on", () => {
    expect(goesOn(base, request("GET", { origin: EVIL, upgrade: "h2c" }))).toBe(true);
  });

  test("a preflight carrying Upgrade: websocket is never refused here (§3 answers it)", () => {
    const preflightWithUpgrade = request("OPTIONS", { origin: EVIL, "access-control-request-method": "PUT", upgrade: "websocket" });
    expect(goesOn(base, preflightWithUpgrade)).toBe(true);
    // An OPTIONS without Access-Control-Request-Method is no preflight: rule 1 judges it.
    expect(goesOn(base, request("OPTIONS", { origin: EVIL, upgrade: "websocket" }))).toBe(false);
  });

  test("an unsafe method asking for an upgrade is judged by rule 1 too", () => {
    expect(goesOn(base, request("POST", { origin: APP, upgrade: "websocket", "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(goesOn(base, request("POST", { origin: EVIL, upgrade: "websocket", "sec-fetch-site": "same-origin" }))).toBe(false);
  });
});

describe("§6 rule 2: GET, HEAD and OPTIONS go on; every other method is unsafe, QUERY included", () => {
  test.each(["GET", "HEAD", "OPTIONS"])("%s from another origin goes on", (method) => {
    expect(goesOn(base, request(method, { origin: EVIL, "sec-fetch-site": "cross-site" }))).toBe(true);
  });

  test.each(["POST", "PUT", "PATCH", "DELETE", "QUERY", "PURGE", "patch"])("%s from another origin is refused", (method) => {
    expect(goesOn(base, request(method, { origin: EVIL, "sec-fetch-site": "cross-site" }))).toBe(false);
  });

  test("a preflight is never refused here: preflight() owns it", () => {
    expect(goesOn(base, request("OPTIONS", { origin: EVIL, "access-control-request-method": "POST", "sec-fetch-site": "cross-site" }))).toBe(true);
  });
});

describe("§6 rule 3: Sec-Fetch-Site same-origin or none goes on", () => {
  test.each(["same-origin", "none"])("%s goes on whatever the Origin", (site) => {
    expect(goesOn(base, request("POST", { "sec-fetch-site": site, origin: EVIL }))).toBe(true);
    expect(goesOn(base, request("POST", { "sec-fetch-site": site }))).toBe(true);
  });
});

describe("§6 rule 4: any other Sec-Fetch-Site goes on only with an allowed Origin", () => {
  test.each(["cross-site", "same-site", "something-new", ""])("Sec-Fetch-Site %j: an allowed origin goes on, another is refused", (site) => {
    expect(goesOn(base, request("POST", { "sec-fetch-site": site, origin: APP }))).toBe(true);
    expect(goesOn(base, request("POST", { "sec-fetch-site": site, origin: "https://a.b.example.org" }))).toBe(true);
    expect(goesOn(base, request("POST", { "sec-fetch-site": site, origin: EVIL }))).toBe(false);
  });

  test("same-site is cross-origin: a sibling subdomain, or the API's own host on another port, is refused unless allowed", () => {
    expect(goesOn(base, request("POST", { "sec-fetch-site": "same-site", origin: "https://www.example.com" }))).toBe(false);
    expect(goesOn(base, request("POST", { "sec-fetch-site": "same-site", origin: "https://api.example.com:8443" }))).toBe(false);
  });

  test("without an Origin a cross-site request is refused", () => {
    expect(goesOn(base, request("POST", { "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(goesOn(base, request("POST", { "sec-fetch-site": "cross-site", origin: "" }))).toBe(false);
  });

  test("the request URL's own origin does not excuse a cross-site Sec-Fetch-Site", () => {
    expect(goesOn(base, request("POST", { "sec-fetch-site": "cross-site", origin: API }))).toBe(false);
  });
});

describe("§6 rule 5: without Sec-Fetch-Site the Origin decides", () => {
  test("no Origin (an older browser's same-origin request, or not a browser) goes on; an empty one counts as none", () => {
    expect(goesOn(base, request("POST"))).toBe(true);
    expect(goesOn(base, request("POST", { origin: "" }))).toBe(true);
  });

  test("the request URL's own origin (scheme, host and port) goes on", () => {
    expect(goesOn(base, request("POST", { origin: API }))).toBe(true);
    expect(goesOn(base, request("POST", { origin: "http://localhost:8787" }, "http://localhost:8787/items"))).toBe(true);
    expect(goesOn(base, request("POST", { origin: "http://localhost:8788" }, "http://localhost:8787/items"))).toBe(false);
    expect(goesOn(base, request("POST", { origin: "http://api.example.com" }))).toBe(false);
  });

  test("an allowed origin goes on; any other, null included, is refused", () => {
    expect(goesOn(base, request("POST", { origin: APP }))).toBe(true);
    expect(goesOn(base, request("POST", { origin: EVIL }))).toBe(false);
    expect(goesOn(base, request("POST", { origin: "null" }))).toBe(false);
  });

  test("a null origin the policy lists (no credentials) goes on, like any listed origin", () => {
    expect(goesOn({ origins: ["null"], crossOriginProtection: true }, request("POST", { origin: "null" }))).toBe(true);
  });

  test("matching is byte for byte, as in §2: another case is another origin", () => {
    expect(goesOn(base, request("POST", { origin: "https://APP.example.com" }))).toBe(false);
  });
});

describe("§6 the refusal", () => {
  test("403, text/plain, no Access-Control-* headers, Vary: Origin, Sec-Fetch-Site", async () => {
    const response = guard(base, request("POST", { origin: EVIL, "sec-fetch-site": "cross-site" }))!;
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(corsHeaders(response)).toEqual({ vary: "Origin, Sec-Fetch-Site" });
    expect(response.headers.has("cors-rejected")).toBe(false);
    // Without debug there is no body: nothing about which origins would be allowed.
    expect(await response.text()).toBe("");
  });

  test("with debug, the body and a CORS-Rejected header say why: method, origin, Sec-Fetch-Site and how to allow it", async () => {
    const response = guard({ ...base, debug: true }, request("PUT", { origin: EVIL, "sec-fetch-site": "cross-site" }))!;
    const reason = response.headers.get("cors-rejected")!;
    expect(reason).toBe('cross-origin "PUT" from origin "https://evil.example" (Sec-Fetch-Site: "cross-site") is refused: add the origin to origins to allow it, or list the path in crossOriginProtection.exemptPaths');
    expect(await response.text()).toBe(reason);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  test("a debug reason for a WebSocket handshake names it, its method, Sec-Fetch-Site and both ways to allow it", () => {
    const refused = (headers: Record<string, string>) => guard({ ...base, debug: true }, request("GET", { origin: EVIL, upgrade: "websocket", ...headers }))!.headers.get("cors-rejected");
    expect(refused({})).toBe('WebSocket handshake ("GET") from origin "https://evil.example" (no Sec-Fetch-Site) is refused: it is neither an allowed origin nor the API\'s own; add it to origins to allow it, or list the path in crossOriginProtection.exemptPaths');
    expect(refused({ "sec-fetch-site": "cross-site" })).toContain('(Sec-Fetch-Site: "cross-site")');
  });

  test("a debug reason without Sec-Fetch-Site says it was absent", () => {
    const response = guard({ ...base, debug: true }, request("POST", { origin: EVIL }))!;
    expect(response.headers.get("cors-rejected")).toBe('cross-origin "POST" from origin "https://evil.example" (no Sec-Fetch-Site) is refused: add the origin to origins to allow it, or list the path in crossOriginProtection.exemptPaths');
  });

  test("request data in the reason is quoted, printable and bounded", () => {
    const response = guard({ ...base, debug: true }, request("POST", { origin: `https://${"e".repeat(300)}.test`, "sec-fetch-site": "cross\u00e9" }))!;
    const reason = response.headers.get("cors-rejected")!;
    expect(reason).toMatch(/^[\x20-\x7e]+$/);
    expect(reason.length).toBeLessThan(300);
  });

  test("onReject gets cross-origin-request with the origin, the reason and the request", () => {
    const seen: [CorsRejection, Request][] = [];
    const req = request("POST", { origin: EVIL });
    guard({ ...base, onReject: (rejection, r) => { seen.push([rejection, r]); } }, req);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0]).toEqual({ code: "cross-origin-request", origin: EVIL, message: expect.stringContaining("refused") });
    expect(seen[0]?.[1]).toBe(req);
  });

  test("requests that go on are not reported", () => {
    const seen: CorsRejection[] = [];
    guard({ ...base, onReject: (rejection) => { seen.push(rejection); } }, request("POST", { origin: APP }));
    expect(seen).toEqual([]);
  });
});

describe("§6 it uses the §2 matcher: predicates obey the same run-time rules", () => {
  test("a predicate decides, called with the origin and the request", () => {
    const calls: string[] = [];
    const options: CorsOptions = { origins: (origin) => (calls.push(origin), origin === "https://tenant.example.net"), credentials: true };
    expect(goesOn(options, request("POST", { origin: "https://tenant.example.net" }))).toBe(true);
    expect(goesOn(options, request("POST", { origin: EVIL }))).toBe(false);
    expect(calls).toEqual(["https://tenant.example.net", EVIL]);
  });

  test("with credentials a predicate cannot let in null or a plain-http non-loopback origin", () => {
    const options: CorsOptions = { origins: () => true, credentials: true };
    expect(goesOn(options, request("POST", { origin: "null" }))).toBe(false);
    expect(goesOn(options, request("POST", { origin: "http://evil.example" }))).toBe(false);
    expect(goesOn(options, request("POST", { origin: "http://localhost:3000" }))).toBe(true);
  });
});

describe("§6 withCors runs it after the preflight and before the handler", () => {
  test("a refused request never reaches the handler", async () => {
    let calls = 0;
    const fetch = withCors(() => (calls++, new Response("ran")), base);
    const response = await fetch(request("POST", { origin: EVIL, "sec-fetch-site": "cross-site" }));
    expect(response.status).toBe(403);
    expect(calls).toBe(0);
    expect((await fetch(request("POST", { origin: APP, "sec-fetch-site": "cross-site" }))).status).toBe(200);
    expect(calls).toBe(1);
  });

  test("a preflight from an allowed origin is still answered by preflight()", async () => {
    const fetch = withCors(() => new Response("ran"), base);
    const response = await fetch(request("OPTIONS", { origin: APP, "access-control-request-method": "PUT" }));
    expect(response.status).toBe(204);
  });

  test("the guard throws nothing even for a request whose url has no path", () => {
    const odd = new Request("https://api.example.com", { method: "POST", headers: { origin: EVIL } });
    expect(guard({ ...base, crossOriginProtection: { exemptPaths: ["/"] } }, odd)).toBeNull();
  });
});
