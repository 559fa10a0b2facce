// checkPreflightResponse against the CORS-preflight fetch of the Fetch Standard
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch) and the preflight cache max-age.
import { describe, expect, it } from "vitest";
import { checkPreflightResponse, preflightAllows, type CorsRequestInfo } from "../../src/check/index.ts";

const ORIGIN = "https://app.example.com";
const OK = { "access-control-allow-origin": ORIGIN };

function check(status: number, headers: Record<string, string>, request: Partial<CorsRequestInfo> = {}, redirected = false) {
  return checkPreflightResponse({ status, headers: new Headers(headers), redirected }, { origin: ORIGIN, method: "PUT", ...request });
}

const codes = (result: { problems: readonly { code: string }[] }) => result.problems.map((p) => p.code);

describe("the preflight must not be redirected", () => {
  it.each([301, 302, 303, 307, 308])("a %i is preflight-redirect, before anything else", (status) => {
    const result = check(status, { location: "https://api.example.com/items" });
    expect(codes(result)[0]).toBe("preflight-redirect");
    expect(result.allowed).toBe(false);
    expect(result.problems[0]?.message).toContain("https://api.example.com/items");
    expect(result.consoleMessage).toBe("Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.");
  });

  it("a followed redirect (response.redirected) is preflight-redirect too", () => {
    expect(codes(check(204, { ...OK, "access-control-allow-methods": "PUT" }, {}, true))).toEqual(["preflight-redirect"]);
  });

  it("still lists what else the redirect response lacks", () => {
    expect(codes(check(301, { location: "/x" }))).toEqual(["preflight-redirect", "missing-allow-origin", "method-not-allowed"]);
  });
});

describe("the preflight needs an ok status (200-299)", () => {
  it.each([200, 204, 299])("%i passes", (status) => {
    expect(check(status, { ...OK, "access-control-allow-methods": "PUT" }).allowed).toBe(true);
  });

  it.each([100, 300, 304, 400, 401, 403, 404, 405, 500, 501, 503])("%i is preflight-status", (status) => {
    const result = check(status, { ...OK, "access-control-allow-methods": "PUT" });
    expect(codes(result)).toEqual(["preflight-status"]);
    expect(result.consoleMessage).toBe("Response to preflight request doesn't pass access control check: It does not have HTTP ok status.");
  });

  it("a bare 405 is preflight-status, then missing-allow-origin", () => {
    const result = check(405, {}, { method: "POST", unsafeHeaders: [] });
    expect(codes(result)).toEqual(["preflight-status", "missing-allow-origin"]);
    // Chrome checks the origin before the status, so it names the missing header.
    expect(result.consoleMessage).toBe("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.");
  });

  it.each([[401, "authentication"], [403, "authentication"], [404, "handles OPTIONS"], [405, "handles OPTIONS"], [500, "failed"]])(
    "the message of a %i says why (%s)",
    (status, words) => {
      expect(check(status, OK).problems[0]?.message).toContain(words);
    },
  );
});

describe("the CORS check applies to the preflight response", () => {
  it.each([
    [{}, "missing-allow-origin"],
    [{ "access-control-allow-origin": "https://evil.example" }, "origin-mismatch"],
    [{ "access-control-allow-origin": `${ORIGIN}/` }, "origin-mismatch"],
    [{ "access-control-allow-origin": `${ORIGIN}, ${ORIGIN}` }, "multiple-allow-origin"],
  ])("%j → %s", (headers, code) => {
    expect(codes(check(204, { ...headers, "access-control-allow-methods": "PUT" }))).toEqual([code]);
  });

  it("needs Access-Control-Allow-Credentials: true on the preflight of a credentialed request", () => {
    expect(codes(check(204, { ...OK, "access-control-allow-methods": "PUT" }, { credentials: "include" }))).toEqual(["missing-allow-credentials"]);
    expect(check(204, { ...OK, "access-control-allow-methods": "PUT", "access-control-allow-credentials": "true" }, { credentials: true }).allowed).toBe(true);
  });

  it("accepts * without credentials and refuses it with them", () => {
    const headers = { "access-control-allow-origin": "*", "access-control-allow-methods": "PUT", "access-control-allow-credentials": "true" };
    expect(check(204, headers).allowed).toBe(true);
    expect(codes(check(204, headers, { credentials: "include" }))).toEqual(["wildcard-with-credentials"]);
  });
});

describe("Access-Control-Allow-Methods must list a method that is not CORS-safelisted", () => {
  it.each([
    ["PUT", "PUT", true], ["PUT", "GET, PUT", true], ["PUT", " GET ,, PUT ", true], ["PUT", "GET", false],
    ["GET", "", true], ["POST", "PUT", true], ["HEAD", "DELETE", true], ["DELETE", "*", true], ["X-CUSTOM", "*", true],
  ])("%s with %j → allowed %s", (method, allowMethods, allowed) => {
    expect(check(204, { ...OK, "access-control-allow-methods": allowMethods }, { method }).allowed).toBe(allowed);
  });

  it("a missing header allows only GET, HEAD and POST", () => {
    const result = check(204, OK, { method: "DELETE" });
    expect(codes(result)).toEqual(["method-not-allowed"]);
    expect(result.problems[0]?.message).toContain("no Access-Control-Allow-Methods");
    expect(result.consoleMessage).toBe("Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.");
  });

  it("* is a literal method name with credentials", () => {
    const headers = { ...OK, "access-control-allow-methods": "*", "access-control-allow-credentials": "true" };
    const result = check(204, headers, { credentials: "include" });
    expect(codes(result)).toEqual(["method-not-allowed"]);
    expect(result.problems[0]?.message).toContain("literal");
    expect(check(204, { ...headers, "access-control-allow-methods": "*, PUT" }, { credentials: "include" }).allowed).toBe(true);
  });

  it("with the use-CORS-preflight flag, a missing header allows the request's own method", () => {
    expect(check(204, OK, { method: "DELETE", useCorsPreflight: true }).allowed).toBe(true);
  });
});

describe("methods are compared case-sensitively", () => {
  it("patch does not match PATCH, and a warning says why", () => {
    const result = check(204, { ...OK, "access-control-allow-methods": "GET, PATCH" }, { method: "patch" });
    expect(result.problems.map((p) => [p.code, p.severity])).toEqual([["method-not-allowed", "error"], ["method-case", "warning"]]);
    expect(result.problems[1]?.fix).toContain('method: "PATCH"');
  });

  it("PATCH does not match a lowercase patch in the answer, and the warning says to fix the server's list", () => {
    const result = check(204, { ...OK, "access-control-allow-methods": "GET, patch" }, { method: "PATCH" });
    expect(result.problems.map((p) => [p.code, p.severity])).toEqual([["method-not-allowed", "error"], ["method-case", "warning"]]);
    expect(result.problems[1]?.fix).toBe('Write "PATCH" in Access-Control-Allow-Methods.');
  });

  it("an exact match passes without a warning", () => {
    expect(check(204, { ...OK, "access-control-allow-methods": "patch" }, { method: "patch" }).problems).toEqual([]);
  });
});

describe("Access-Control-Allow-Headers must list every CORS-unsafe request header", () => {
  it.each([
    [["content-type"], "Content-Type", true], [["x-a", "x-b"], "x-b, X-A", true], [["x-a", "x-b"], "x-a", false],
    [["x-a"], "*", true], [[], "", true], [["x-a"], "", false],
  ])("%j with %j → allowed %s", (unsafeHeaders, allowHeaders, allowed) => {
    expect(check(204, { ...OK, "access-control-allow-methods": "PUT", "access-control-allow-headers": allowHeaders }, { unsafeHeaders }).allowed).toBe(allowed);
  });

  it("reports each header that is not allowed", () => {
    const result = check(204, { ...OK, "access-control-allow-methods": "PUT", "access-control-allow-headers": "x-a" }, { unsafeHeaders: ["x-a", "x-b", "x-c"] });
    expect(result.problems.map((p) => p.message.match(/header (x-\w)/)?.[1])).toEqual(["x-b", "x-c"]);
    expect(result.consoleMessage).toBe("Request header field x-b is not allowed by Access-Control-Allow-Headers in preflight response.");
  });

  it("names the refused headers in the order the preflight sends them (lowercase, sorted), as Chrome does", () => {
    const result = check(204, { ...OK, "access-control-allow-methods": "PUT" }, { unsafeHeaders: ["X-Z", "x-a", "x-z"] });
    expect(result.problems.map((p) => p.message.match(/header (x-\w)/)?.[1])).toEqual(["x-a", "x-z"]);
    expect(result.consoleMessage).toBe("Request header field x-a is not allowed by Access-Control-Allow-Headers in preflight response.");
  });

  it("explains the content-type rule when content-type is refused", () => {
    const result = check(204, { ...OK, "access-control-allow-methods": "PUT" }, { unsafeHeaders: ["content-type"] });
    expect(result.problems[0]?.message).toContain("application/json");
  });

  it("for an Access-Control-* request header, the fix is to remove it from the request", () => {
    const result = check(204, { ...OK, "access-control-allow-methods": "PUT" }, { unsafeHeaders: ["access-control-allow-origin"] });
    expect(codes(result)).toEqual(["header-not-allowed"]);
    expect(result.problems[0]?.message).toContain("access-control-allow-origin is a response header");
    expect(result.problems[0]?.fix).toBe("Remove access-control-allow-origin from the request's headers (the fetch() call); the server, not the page, sends Access-Control-* headers.");
  });

  it("* is a literal header name with credentials", () => {
    const headers = { ...OK, "access-control-allow-methods": "PUT", "access-control-allow-headers": "*", "access-control-allow-credentials": "true" };
    expect(codes(check(204, headers, { unsafeHeaders: ["x-a"], credentials: true }))).toEqual(["header-not-allowed"]);
  });
});

describe("* never covers Authorization", () => {
  const headers = { ...OK, "access-control-allow-methods": "PUT", "access-control-allow-headers": "*" };

  it("refuses authorization under * and says to list it", () => {
    const result = check(204, headers, { unsafeHeaders: ["authorization", "x-a"] });
    expect(codes(result)).toEqual(["header-not-allowed"]);
    expect(result.problems[0]?.fix).toContain("*, authorization");
  });

  it("has no Chrome console message, since Chrome still lets it through", () => {
    expect(check(204, headers, { unsafeHeaders: ["authorization"] }).consoleMessage).toBeNull();
  });

  it("is blocked by the Fetch Standard and allowed by the browsers: two verdicts, the problem marked", () => {
    const result = check(204, headers, { unsafeHeaders: ["authorization"] });
    expect(result.allowed).toBe(false);
    expect(result.browsersAllow).toBe(true);
    expect(result.problems[0]).toMatchObject({ code: "header-not-allowed", severity: "error", browsersAllow: true });
    expect(result.problems[0]?.message).toContain("deprecated");
  });

  it("with credentials the browsers block it too: * is a literal name then", () => {
    const result = check(204, { ...headers, "access-control-allow-credentials": "true" }, { unsafeHeaders: ["authorization"], credentials: true });
    expect(result.browsersAllow).toBe(false);
    expect(result.problems[0]?.browsersAllow).toBeUndefined();
  });

  it("another failure beside it still blocks the browsers", () => {
    const result = check(204, headers, { method: "DELETE", unsafeHeaders: ["authorization"] });
    expect(result.browsersAllow).toBe(false);
    expect(result.consoleMessage).toBe("Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.");
  });

  it("accepts authorization listed by name beside *", () => {
    expect(check(204, { ...headers, "access-control-allow-headers": "*, Authorization" }, { unsafeHeaders: ["authorization", "x-a"] }).allowed).toBe(true);
  });
});

describe("unparsable method and header lists fail the preflight", () => {
  it.each([["access-control-allow-methods", "GET, P U T", "invalid-allow-methods"], ["access-control-allow-headers", "x-a, x(b)", "invalid-allow-headers"]])(
    "%s: %j → %s",
    (name, value, code) => {
      const result = check(204, { ...OK, "access-control-allow-methods": "PUT", [name]: value }, { method: "POST" });
      expect(codes(result)).toEqual([code]);
    },
  );
});

describe("Access-Control-Max-Age: 5 seconds by default, Chrome caps at 7200", () => {
  const allowed = { ...OK, "access-control-allow-methods": "PUT" };
  it.each([
    [undefined, 5, []], ["0", 0, []], ["600", 600, []], ["7200", 7200, []], ["86400", 7200, ["max-age-capped"]],
    ["-1", 5, ["invalid-max-age"]], ["1.5", 5, ["invalid-max-age"]], ["600, 600", 5, ["invalid-max-age"]], ["ten", 5, ["invalid-max-age"]],
  ])("%j → %i s, warnings %j", (maxAge, seconds, warnings) => {
    const result = check(204, maxAge === undefined ? allowed : { ...allowed, "access-control-max-age": maxAge });
    expect(result.maxAge).toBe(seconds);
    expect(codes(result)).toEqual(warnings);
    expect(result.allowed).toBe(true);
  });
});

describe("every failed check is listed, root cause first, errors before warnings", () => {
  it("a 401 from auth middleware for a credentialed PATCH with headers", () => {
    const result = check(401, { "access-control-allow-methods": "PATCH", "access-control-max-age": "99999" }, { method: "patch", unsafeHeaders: ["authorization"], credentials: "include" });
    expect(codes(result)).toEqual(["preflight-status", "missing-allow-origin", "missing-allow-credentials", "method-not-allowed", "header-not-allowed", "method-case", "max-age-capped"]);
  });

  it("preflightAllows is the boolean form of the same checks", () => {
    const response = { status: 204, headers: new Headers({ ...OK, "access-control-allow-methods": "PUT" }) };
    expect(preflightAllows(response, { origin: ORIGIN, method: "PUT" })).toBe(true);
    expect(preflightAllows(response, { origin: ORIGIN, method: "DELETE" })).toBe(false);
  });
});
