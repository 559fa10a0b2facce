// SPEC §3: a preflight from an ALLOWED origin that asks for a method or headers the policy refuses
// is answered informatively, with or without debug, so that the browser names the exact cause
// instead of printing "No 'Access-Control-Allow-Origin' header is present".
import { describe, expect, test } from "vitest";
import { checkPreflightResponse } from "../../src/check/index.ts";
import { corsPolicy, preflight, type CorsOptions, type CorsRejection } from "../../src/index.ts";
import { PREFLIGHT_VARY, corsHeaders, preflightRequest } from "./requests.ts";

const APP = "https://app.example.com";

function refusal(options: Omit<CorsOptions, "origins"> & { origins?: CorsOptions["origins"] }, method: string, headers?: string) {
  const extra: Record<string, string> = headers === undefined ? {} : { "access-control-request-headers": headers };
  return preflight(preflightRequest(APP, method, extra), corsPolicy({ origins: [APP], ...options }))!;
}

/** What Chrome prints for this answer, from the browser-side checker. */
function chromeSays(response: Response, method: string, unsafeHeaders: string[] = [], credentials = false) {
  return checkPreflightResponse(response, { origin: APP, method, unsafeHeaders, credentials });
}

describe("§3 a refused method: the browser names the method", () => {
  test("with only origins set, a lowercase patch is refused; Chrome names the method, not a missing Allow-Origin", async () => {
    const response = refusal({}, "patch");
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(corsHeaders(response)).toEqual({
      "access-control-allow-origin": APP,
      "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
      "access-control-allow-headers": "content-type",
      vary: PREFLIGHT_VARY,
    });
    expect(response.headers.get("cors-rejected")).toBe('method "patch" is not allowed (methods are case-sensitive; allowed: GET, HEAD, POST, PUT, PATCH, DELETE)');
    const chrome = chromeSays(response, "patch");
    expect(chrome.allowed).toBe(false);
    expect(chrome.consoleMessage).toBe("Method patch is not allowed by Access-Control-Allow-Methods in preflight response.");
  });

  test("an extension method not listed: the allowed list lacks it, and the headers list is the policy's", () => {
    const response = refusal({ requestHeaders: ["content-type", "x-trace"] }, "PURGE", "x-trace");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE");
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type, x-trace");
    expect(chromeSays(response, "PURGE", ["x-trace"]).consoleMessage).toMatch(/^Method PURGE is not allowed/);
  });

  test("methods: [] (safelisted only) answers the safelisted list an allowed preflight sends, and PUT is still named", () => {
    const response = refusal({ methods: [] }, "PUT");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST");
    expect(chromeSays(response, "PUT").consoleMessage).toMatch(/^Method PUT is not allowed/);
  });
});

describe("§3 a refused header: the browser names the header", () => {
  test.each([["x-api-key"], ["authorization"]])("with only origins set, %s is refused and named", (header) => {
    const response = refusal({}, "PUT", `content-type,${header}`);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type");
    expect(response.headers.get("cors-rejected")).toBe(`header "${header}" is not allowed (allowed: content-type)`);
    expect(chromeSays(response, "PUT", ["content-type", header]).consoleMessage)
      .toBe(`Request header field ${header} is not allowed by Access-Control-Allow-Headers in preflight response.`);
  });

  test('requestHeaders: "*" refuses authorization without ever answering "*" (browsers would let it through)', () => {
    for (const credentials of [false, true]) {
      const response = refusal({ requestHeaders: "*", credentials }, "POST", "authorization,x-a");
      expect(response.headers.has("access-control-allow-headers")).toBe(false);
      expect(chromeSays(response, "POST", ["authorization", "x-a"], credentials).allowed).toBe(false);
    }
  });

  test('beside "*", the names the policy lists are answered, without the "*"', () => {
    const response = refusal({ requestHeaders: ["*", "x-trace"], credentials: true }, "POST", "authorization");
    expect(response.headers.get("access-control-allow-headers")).toBe("x-trace");
  });

  test('methods: "*": the allowed method is named, so the browser goes on to name the header', () => {
    for (const credentials of [false, true]) {
      const response = refusal({ methods: "*", requestHeaders: ["x-a"], credentials }, "PURGE", "x-b");
      expect(response.headers.get("access-control-allow-methods")).toBe("PURGE");
      expect(chromeSays(response, "PURGE", ["x-b"], credentials).consoleMessage).toMatch(/^Request header field x-b is not allowed/);
    }
  });

  test('methods ["*", "PURGE"]: the listed name is answered once', () => {
    expect(refusal({ methods: ["*", "PURGE"] }, "PURGE", "x-b").headers.get("access-control-allow-methods")).toBe("PURGE");
  });

  test("a refused header with methods: [] gets the same method list as an allowed preflight", () => {
    const response = refusal({ methods: [] }, "POST", "x-b");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST");
    expect(chromeSays(response, "POST", ["x-b"]).consoleMessage).toMatch(/^Request header field x-b is not allowed/);
  });

  test('methods: "*" with nothing named: a safelisted method is not added, the browser needs no permission for it', () => {
    expect(refusal({ methods: "*" }, "POST", "x-b").headers.has("access-control-allow-methods")).toBe(false);
  });
});

describe("§3 too many or too long request headers", () => {
  test.each([
    ["65 names", Array.from({ length: 65 }, (_, i) => `x-h${i}`).join(",")],
    ["more than 4096 bytes", `x-${"a".repeat(4100)}`],
  ])("%s: refused informatively, with no Access-Control-Allow-Headers (even a list of allowed names fails)", (_, value) => {
    const response = refusal({ requestHeaders: "*" }, "PUT", value);
    expect(response.status).toBe(204);
    expect(response.headers.get("cors-rejected")).toMatch(/^Access-Control-Request-Headers is too large/);
    expect(response.headers.has("access-control-allow-headers")).toBe(false);
  });
});

describe("§3 what an informative answer carries, and what it never does", () => {
  test("preflightStatus, Access-Control-Allow-Credentials with credentials, no Max-Age", () => {
    const response = refusal({ preflightStatus: 200, credentials: true, maxAge: 7200 }, "PURGE");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.has("access-control-max-age")).toBe(false);
  });

  test('origins: "*" answers "*" and a Vary without Origin', () => {
    const response = refusal({ origins: "*" }, "PURGE");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("vary")).toBe("Access-Control-Request-Method, Access-Control-Request-Headers");
  });

  test("it is the same with or without debug", () => {
    const plain = refusal({}, "PURGE");
    const debugged = refusal({ debug: true }, "PURGE");
    expect([...debugged.headers]).toEqual([...plain.headers]);
  });

  test("onReject is told, with the same reason", () => {
    const seen: CorsRejection[] = [];
    const response = refusal({ onReject: (rejection) => { seen.push(rejection); } }, "PUT", "x-nope");
    expect(seen).toEqual([{ code: "header-not-allowed", message: response.headers.get("cors-rejected"), origin: APP }]);
  });

  test("an origin the policy does not allow never gets one: a bare 403, whatever it asks", () => {
    const policy = corsPolicy({ origins: [APP] });
    for (const method of ["patch", "PURGE", "PUT"]) {
      const response = preflight(preflightRequest("https://evil.test", method, { "access-control-request-headers": "x-api-key" }), policy)!;
      expect(response.status).toBe(403);
      expect(corsHeaders(response)).toEqual({ vary: PREFLIGHT_VARY });
    }
  });
});

describe("§2 with only origins set, a page's JSON requests go through", () => {
  test.each(["POST", "PUT", "PATCH", "DELETE"])("a JSON %s: allowed preflight that the browser accepts", (method) => {
    const response = preflight(preflightRequest(APP, method, { "access-control-request-headers": "content-type" }), corsPolicy({ origins: [APP] }))!;
    expect(response.headers.has("cors-rejected")).toBe(false);
    expect(chromeSays(response, method, ["content-type"]).allowed).toBe(true);
  });
});
