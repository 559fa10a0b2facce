// The browser-side checks (fetch-cors/check) answer every input: a server under diagnosis may send
// anything, and a script may pass anything to fetch(). They never throw, and their answers keep
// the shape a browser's decisions have.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkActualResponse, checkPreflightResponse, needsPreflight } from "../../src/check/index.ts";
import { RUNS, requestOrigin } from "./arbitraries.ts";

const latin1 = fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code));
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: latin1, maxLength: 40 }), fc.string({ unit: "binary", maxLength: 10 }));

const headerName = fc.oneof(
  fc.constantFrom("Accept", "accept-language", "Content-Language", "content-type", "Range", "Authorization", "X-Api-Key", "Cookie", "sec-x", "Access-Control-Allow-Origin"),
  anyText,
);
const headerValue = fc.oneof(
  fc.constantFrom("text/plain", "application/json", "bytes=0-", "en-US", "*/*", "", "a".repeat(128), "a".repeat(129)),
  anyText,
);
const scriptRequest = fc.record({
  method: fc.option(fc.oneof(fc.constantFrom("GET", "get", "POST", "PUT", "patch", "PATCH", "TRACE", "OPTIONS"), anyText), { nil: undefined }),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 10 }),
});

const SAFELISTED_METHODS = ["GET", "HEAD", "POST"];

describe("needsPreflight answers any fetch() input", () => {
  it("never throws; Access-Control-Request-Headers is the sorted, lowercase, unique unsafe names joined by \",\"", () => {
    fc.assert(fc.property(scriptRequest, (request) => {
      const need = needsPreflight(request);
      const names = need.unsafeHeaders;
      expect([...names].sort()).toEqual(names);
      expect(new Set(names).size).toBe(names.length);
      expect(names.every((name) => name === name.toLowerCase())).toBe(true);
      expect(need.accessControlRequestHeaders).toBe(names.length > 0 ? names.join(",") : null);
      expect(need.preflight).toBe(need.reasons.length > 0);
      if (need.invalid.length === 0) {
        expect(need.preflight).toBe(!SAFELISTED_METHODS.includes(need.method) || names.length > 0);
        // Only names the script set are named, plus the Accept that fetch() adds itself.
        const given = new Set(request.headers.map(([name]) => name.toLowerCase()));
        expect(names.every((name) => given.has(name) || name === "accept")).toBe(true);
        expect(names.some((name) => need.dropped.includes(name))).toBe(false);
      }
    }), { numRuns: RUNS });
  });
});

const CORS_FIELDS = [
  "access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-methods",
  "access-control-allow-headers", "access-control-max-age", "vary", "location",
];
const fieldValue = fc.oneof(
  fc.constantFrom("*", "true", "https://app.example.com", "null", "", "GET, PUT", "*, authorization", "600", "86400", "Origin", ",,,", "x(y)"),
  fc.string({ unit: latin1, maxLength: 30 }),
);
const anyResponse = fc.record({
  status: fc.oneof(fc.constantFrom(200, 204, 301, 302, 307, 308, 401, 403, 404, 405, 500), fc.integer({ min: 200, max: 599 })),
  fields: fc.array(fc.tuple(fc.constantFrom(...CORS_FIELDS), fieldValue), { maxLength: 8 }),
  redirected: fc.boolean(),
});
const browserRequest = fc.record({
  // A serialized origin never holds a comma (the browser reads one in the answer as two values).
  origin: requestOrigin.filter((origin) => !origin.includes(",")),
  method: fc.constantFrom("GET", "PUT", "DELETE", "patch", "PATCH", "X-CUSTOM"),
  unsafeHeaders: fc.subarray(["authorization", "content-type", "x-api-key"]),
  credentials: fc.constantFrom<boolean | "include" | "omit" | "same-origin">(true, false, "include", "omit", "same-origin"),
});

/** Headers as a response can carry them: values Headers refuses (NUL, CR, LF) cannot arrive. */
function headersOf(fields: readonly (readonly [string, string])[]): Headers {
  const headers = new Headers();
  for (const [name, value] of fields) {
    try {
      headers.append(name, value);
    } catch {
      // Not a value a response can carry.
    }
  }
  return headers;
}

function wellOrdered(result: { allowed: boolean; problems: readonly { severity: string }[]; consoleMessage: string | null }): void {
  const severities = result.problems.map((p) => p.severity);
  expect(result.allowed).toBe(!severities.includes("error"));
  // Errors first, then warnings.
  expect(severities.indexOf("warning") === -1 || severities.lastIndexOf("error") < severities.indexOf("warning")).toBe(true);
  if (result.allowed) expect(result.consoleMessage).toBeNull();
}

describe("the response checks answer any response", () => {
  it("the preflight checks never throw; blocked exactly when an error is listed; a redirect or non-2xx always blocks, and is listed first", () => {
    fc.assert(fc.property(anyResponse, browserRequest, (spec, request) => {
      const result = checkPreflightResponse({ status: spec.status, headers: headersOf(spec.fields), redirected: spec.redirected }, request);
      wellOrdered(result);
      expect(result.maxAge).toBeGreaterThanOrEqual(0);
      expect(result.maxAge).toBeLessThanOrEqual(7200);
      const redirect = spec.redirected || [301, 302, 303, 307, 308].includes(spec.status);
      if (redirect) expect(result.problems[0]?.code).toBe("preflight-redirect");
      else if (spec.status > 299) expect(result.problems[0]?.code).toBe("preflight-status");
      if (redirect || spec.status > 299) expect(result.allowed).toBe(false);
    }), { numRuns: RUNS });
  });

  it("the CORS check never throws, and passes only with * (without credentials) or the exact origin", () => {
    fc.assert(fc.property(anyResponse, browserRequest, (spec, request) => {
      const headers = headersOf(spec.fields);
      const result = checkActualResponse({ status: spec.status, headers }, request);
      wellOrdered(result);
      const credentials = request.credentials === true || request.credentials === "include";
      const allowOrigin = headers.get("access-control-allow-origin");
      const originOk = allowOrigin === request.origin || (allowOrigin === "*" && !credentials);
      const credentialsOk = !credentials || headers.get("access-control-allow-credentials") === "true";
      expect(result.allowed).toBe(originOk && credentialsOk);
    }), { numRuns: RUNS });
  });
});
