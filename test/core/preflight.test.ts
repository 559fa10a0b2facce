import { describe, expect, test } from "vitest";
import { corsPolicy, preflight, type CorsOptions, type CorsRejection } from "../../src/index.ts";
import { API, PNA_PREFLIGHT_VARY, PREFLIGHT_VARY, corsHeaders, preflightRequest } from "./requests.ts";

const APP = "https://app.example.com";
const base = {
  origins: [APP],
  methods: ["PUT", "DELETE", "PATCH"],
  requestHeaders: ["content-type", "x-trace"],
} satisfies CorsOptions;

function answer(options: CorsOptions, request: Request) {
  return preflight(request, corsPolicy(options));
}

describe("§1 preflight detection: OPTIONS with both Origin and Access-Control-Request-Method", () => {
  const policy = corsPolicy(base);

  test("an OPTIONS without Access-Control-Request-Method is not a preflight (null)", () => {
    expect(preflight(preflightRequest(APP, null), policy)).toBeNull();
  });

  test("an OPTIONS without Origin is not a preflight (null)", () => {
    expect(preflight(preflightRequest(null, "PUT"), policy)).toBeNull();
  });

  test.each(["GET", "POST", "PUT", "PATCH"])("a %s carrying both headers is not a preflight (null)", (method) => {
    const request = new Request(API, { method, headers: { origin: APP, "access-control-request-method": "PUT" } });
    expect(preflight(request, policy)).toBeNull();
  });

  test("a lowercase options is normalised to OPTIONS by the Fetch API, so it is a preflight", () => {
    const request = new Request(API, { method: "options", headers: { origin: APP, "access-control-request-method": "PUT" } });
    expect(preflight(request, policy)?.status).toBe(204);
  });

  test("an empty Origin makes the preflight malformed: rejected, not passed on", () => {
    const response = preflight(preflightRequest("", "PUT"), policy);
    expect(response?.status).toBe(403);
  });

  test("an empty Access-Control-Request-Method makes the preflight malformed: rejected", () => {
    const response = preflight(preflightRequest(APP, ""), policy);
    expect(response?.status).toBe(403);
  });

  test("an Access-Control-Request-Method that is not a token is rejected", () => {
    expect(preflight(preflightRequest(APP, "P UT"), policy)?.status).toBe(403);
    expect(preflight(preflightRequest(APP, "GET,PUT"), policy)?.status).toBe(403);
  });
});

describe("§3 an allowed preflight answers the full precomputed lists", () => {
  test("status 204, empty body, origin echoed, full method and header lists, Vary", async () => {
    const response = answer({ ...base, credentials: true, maxAge: 600 }, preflightRequest(APP, "PUT", { "access-control-request-headers": "content-type" }));
    expect(response?.status).toBe(204);
    expect(await response?.text()).toBe("");
    expect(corsHeaders(response!)).toEqual({
      "access-control-allow-origin": APP,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "PUT, DELETE, PATCH",
      "access-control-allow-headers": "content-type, x-trace",
      "access-control-max-age": "600",
      vary: PREFLIGHT_VARY,
    });
  });

  test("without requested headers, Access-Control-Allow-Headers is omitted", () => {
    const response = answer(base, preflightRequest(APP, "DELETE"));
    expect(response?.headers.has("access-control-allow-headers")).toBe(false);
    expect(response?.headers.get("access-control-allow-methods")).toBe("PUT, DELETE, PATCH");
  });

  test("without credentials, Access-Control-Allow-Credentials is omitted", () => {
    expect(answer(base, preflightRequest(APP, "PUT"))?.headers.has("access-control-allow-credentials")).toBe(false);
  });

  test("with methods: [] (safelisted only) a safelisted method passes, answered as GET, HEAD, POST", () => {
    const methodOnly = answer({ origins: [APP], methods: [] }, preflightRequest(APP, "POST"));
    expect(methodOnly?.status).toBe(204);
    expect(methodOnly?.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST");
  });

  test("preflightStatus: 200 answers allowed preflights with 200", () => {
    expect(answer({ ...base, preflightStatus: 200 }, preflightRequest(APP, "PUT"))?.status).toBe(200);
  });

  test("a preflight from a disallowed origin stays 403 whatever preflightStatus says", () => {
    expect(answer({ ...base, preflightStatus: 200 }, preflightRequest("https://evil.test", "PUT"))?.status).toBe(403);
  });

  test('origins: "*" answers "*" and leaves Origin out of Vary', () => {
    const response = answer({ origins: "*", methods: ["PUT"] }, preflightRequest(APP, "PUT"));
    expect(response?.headers.get("access-control-allow-origin")).toBe("*");
    expect(response?.headers.get("vary")).toBe("Access-Control-Request-Method, Access-Control-Request-Headers");
  });

  test("two preflights get separate Response objects (nothing shared between requests)", () => {
    const policy = corsPolicy(base);
    const first = preflight(preflightRequest(APP, "PUT"), policy)!;
    const second = preflight(preflightRequest(APP, "PUT"), policy)!;
    expect(first).not.toBe(second);
    first.headers.set("x-mutated", "1");
    expect(second.headers.has("x-mutated")).toBe(false);
  });
});

describe("§2 Max-Age", () => {
  test("maxAge 0 is sent as 0, which disables caching", () => {
    expect(answer({ ...base, maxAge: 0 }, preflightRequest(APP, "PUT"))?.headers.get("access-control-max-age")).toBe("0");
  });

  test("no maxAge, no header", () => {
    expect(answer(base, preflightRequest(APP, "PUT"))?.headers.has("access-control-max-age")).toBe(false);
  });

  test("maxAge 86400 is sent as configured (Chrome caps it at 7200 itself)", () => {
    expect(answer({ ...base, maxAge: 86400 }, preflightRequest(APP, "PUT"))?.headers.get("access-control-max-age")).toBe("86400");
  });

  test.each([
    ["a disallowed origin", preflightRequest("https://evil.test", "TEAPOT")],
    ["a refused method", preflightRequest(APP, "TEAPOT")],
    ["a refused header", preflightRequest(APP, "PUT", { "access-control-request-headers": "x-nope" })],
  ])("a refused preflight (%s) never carries Max-Age, so nothing about a refusal is cached", (_, request) => {
    expect(answer({ ...base, maxAge: 600 }, request)?.headers.has("access-control-max-age")).toBe(false);
  });
});

describe("§3 Private Network Access (deprecated)", () => {
  const pna = { "access-control-request-private-network": "true" };

  test("with privateNetwork on, a PNA preflight gets Access-Control-Allow-Private-Network: true", () => {
    const response = answer({ ...base, privateNetwork: true }, preflightRequest(APP, "PUT", pna));
    expect(response?.status).toBe(204);
    expect(response?.headers.get("access-control-allow-private-network")).toBe("true");
  });

  test("with privateNetwork off, the PNA header is not read: the preflight is answered as if it were absent", () => {
    const withHeader = answer(base, preflightRequest(APP, "PUT", pna))!;
    const without = answer(base, preflightRequest(APP, "PUT"))!;
    expect(withHeader.status).toBe(204);
    expect(corsHeaders(withHeader)).toEqual(corsHeaders(without));
    expect(withHeader.headers.has("access-control-allow-private-network")).toBe(false);
  });

  test("with privateNetwork off, the PNA header is never even looked up", () => {
    const request = preflightRequest(APP, "PUT", pna);
    const read: string[] = [];
    const get = request.headers.get.bind(request.headers);
    request.headers.get = (name: string) => {
      read.push(name.toLowerCase());
      return get(name);
    };
    preflight(request, corsPolicy(base));
    expect(read).not.toContain("access-control-request-private-network");
  });

  test("a preflight without the PNA header never gets the PNA answer", () => {
    const response = answer({ ...base, privateNetwork: true }, preflightRequest(APP, "PUT"));
    expect(response?.headers.has("access-control-allow-private-network")).toBe(false);
  });

  test('only the exact value "true" asks for private network access', () => {
    const response = answer({ ...base, privateNetwork: true }, preflightRequest(APP, "PUT", { "access-control-request-private-network": "false" }));
    expect(response?.status).toBe(204);
    expect(response?.headers.has("access-control-allow-private-network")).toBe(false);
  });

  test("Vary names Access-Control-Request-Private-Network only when privateNetwork is on", () => {
    const on = { ...base, privateNetwork: true };
    expect(answer(on, preflightRequest(APP, "PUT"))?.headers.get("vary")).toBe(PNA_PREFLIGHT_VARY);
    expect(answer(on, preflightRequest("https://evil.test", "PUT"))?.headers.get("vary")).toBe(PNA_PREFLIGHT_VARY);
    expect(answer(base, preflightRequest(APP, "PUT"))?.headers.get("vary")).toBe(PREFLIGHT_VARY);
    expect(answer(base, preflightRequest("https://evil.test", "PUT"))?.headers.get("vary")).toBe(PREFLIGHT_VARY);
  });
});

describe("§3 a preflight from a disallowed origin, or a malformed one, discloses nothing", () => {
  test.each([
    ["an unknown origin", preflightRequest("https://evil.test", "PUT")],
    ["an unknown origin asking for a refused method", preflightRequest("https://evil.test", "PURGE")],
    ["an unknown origin asking for a refused header", preflightRequest("https://evil.test", "PUT", { "access-control-request-headers": "x-secret" })],
    ["a malformed header list from an allowed origin", preflightRequest(APP, "PUT", { "access-control-request-headers": "x-a, b@d" })],
    ["an empty Origin", preflightRequest("", "PUT")],
    ["a method that is not a token", preflightRequest(APP, "P UT")],
  ])("%s: 403, empty body, no Access-Control-Allow-* headers, the preflight Vary", async (_, request) => {
    const response = preflight(request, corsPolicy({ ...base, credentials: true, maxAge: 60 }))!;
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("");
    expect(corsHeaders(response)).toEqual({ vary: PREFLIGHT_VARY });
    expect(response.headers.has("cors-rejected")).toBe(false);
  });

  test("the request's own Vary is never copied into the answer", () => {
    const response = answer(base, preflightRequest("https://evil.test", "PUT", { vary: "Cookie, X-Injected" }));
    expect(response?.headers.get("vary")).toBe(PREFLIGHT_VARY);
  });
});

describe("§3 debug explains what a disallowed origin is refused", () => {
  const debug = { ...base, debug: true };

  test("an unknown origin: 403 with a CORS-Rejected header and the same reason as text", async () => {
    const response = answer(debug, preflightRequest("https://evil.test", "PUT"))!;
    expect(response.status).toBe(403);
    expect(response.headers.get("cors-rejected")).toBe('origin "https://evil.test" is not allowed');
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe('origin "https://evil.test" is not allowed');
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
  });

  test("request data in the reason is quoted, printable and bounded", () => {
    const response = answer(debug, preflightRequest(`https://${"e".repeat(200)}.test`, "PUT"))!;
    const reason = response.headers.get("cors-rejected")!;
    expect(reason.length).toBeLessThan(120);
    expect(reason).toMatch(/^origin "https:\/\/e+\.\.\." is not allowed$/);
  });

  test("non-ASCII request data is replaced in the reason, so the header stays valid", () => {
    const response = answer(debug, preflightRequest(APP, "PUT", { "access-control-request-headers": "x-\u00e9" }))!;
    expect(response.headers.get("cors-rejected")).toBe('Access-Control-Request-Headers names an invalid header "x-?"');
  });
});

describe("§1 onReject observes every rejected preflight", () => {
  function observed(options: CorsOptions, request: Request) {
    const seen: { rejection: CorsRejection; request: Request }[] = [];
    preflight(request, corsPolicy({ ...options, onReject: (rejection, req) => seen.push({ rejection, request: req }) }));
    return seen;
  }

  test.each([
    ["origin-not-allowed", preflightRequest("https://evil.test", "PUT")],
    ["method-not-allowed", preflightRequest(APP, "patch")],
    ["header-not-allowed", preflightRequest(APP, "PUT", { "access-control-request-headers": "x-nope" })],
    ["malformed-preflight", preflightRequest("", "PUT")],
    ["headers-too-large", preflightRequest(APP, "PUT", { "access-control-request-headers": "x-a,".repeat(2000) })],
  ])("%s is reported with the origin and the request", (code, request) => {
    const seen = observed(base, request);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.rejection.code).toBe(code);
    expect(seen[0]!.rejection.origin).toBe(request.headers.get("origin"));
    expect(seen[0]!.request).toBe(request);
  });

  test("allowed preflights are not reported", () => {
    expect(observed(base, preflightRequest(APP, "PUT"))).toEqual([]);
  });

  test("an onReject that throws does not change the answer", () => {
    const policy = corsPolicy({ ...base, onReject: () => { throw new Error("logger down"); } });
    expect(preflight(preflightRequest("https://evil.test", "PUT"), policy)?.status).toBe(403);
    expect(preflight(preflightRequest(APP, "PURGE"), policy)?.status).toBe(204);
  });

  test("the reason given to onReject is the one the answer carries in CORS-Rejected", () => {
    for (const request of [preflightRequest(APP, "patch"), preflightRequest("https://evil.test", "PUT")]) {
      const seen = observed({ ...base, debug: true }, request);
      const response = answer({ ...base, debug: true }, request)!;
      expect(seen[0]!.rejection.message).toBe(response.headers.get("cors-rejected"));
    }
  });
});
