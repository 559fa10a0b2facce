// Access-Control-Allow-Origin is absent, "*", or the request's exact origin, only when the policy
// allows that origin (checked against an independent oracle), and never "*" with credentials.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCorsHeaders, preflight } from "../../src/index.ts";
import { API, RUNS, policyCase, requestOrigin, scriptRequest } from "./arbitraries.ts";
import { oracleAllowsOrigin } from "./oracle.ts";

function actualResponse(origin: string | null, policy: Parameters<typeof addCorsHeaders>[2]): Response {
  const headers = new Headers();
  if (origin !== null) headers.set("origin", origin);
  // An app that sets its own CORS headers: the policy must replace them.
  const response = new Response("body", { headers: { "access-control-allow-origin": "*", "access-control-allow-credentials": "true" } });
  return addCorsHeaders(new Request(API, { headers }), response, policy);
}

function preflightResponse(origin: string, method: string, policy: Parameters<typeof preflight>[1]): Response | null {
  return preflight(new Request(API, { method: "OPTIONS", headers: { origin, "access-control-request-method": method } }), policy);
}

const originOrNone = fc.option(requestOrigin, { nil: null });

/** The Origin the server receives: Headers strip surrounding whitespace. */
const sent = (origin: string) => new Headers({ origin }).get("origin") ?? "";

describe("Access-Control-Allow-Origin on actual responses", () => {
  it("is the exact origin (or * for origins: \"*\") exactly when the oracle allows the origin, else absent", () => {
    fc.assert(fc.property(policyCase, originOrNone, (policy, origin) => {
      const value = actualResponse(origin, policy.policy).headers.get("access-control-allow-origin");
      if (policy.spec.origins === "*") return value === "*";
      const received = origin === null ? "" : sent(origin);
      const allowed = received !== "" && oracleAllowsOrigin(policy.spec.origins, received);
      return allowed ? value === received : value === null;
    }), { numRuns: RUNS });
  });
});

describe("Access-Control-Allow-Origin on preflight responses", () => {
  it("is absent, * or the exact origin, and present only when the oracle allows the origin", () => {
    fc.assert(fc.property(policyCase, requestOrigin, scriptRequest, (policy, origin, request) => {
      const response = preflightResponse(origin, request.method.toUpperCase(), policy.policy);
      if (response === null) return false;
      const value = response.headers.get("access-control-allow-origin");
      if (value === null) return true;
      const received = sent(origin);
      return (value === "*" || value === received) && received !== "" && oracleAllowsOrigin(policy.spec.origins, received);
    }), { numRuns: RUNS });
  });
});

describe("never * together with Access-Control-Allow-Credentials: true", () => {
  it("on preflight and actual responses, whatever the policy and request", () => {
    fc.assert(fc.property(policyCase, requestOrigin, scriptRequest, (policy, origin, request) => {
      const responses = [actualResponse(origin, policy.policy), preflightResponse(origin, request.method, policy.policy)];
      return responses.every((response) => response === null
        || !(response.headers.get("access-control-allow-origin") === "*" && response.headers.get("access-control-allow-credentials") === "true"));
    }), { numRuns: RUNS });
  });

  it("and Access-Control-Allow-Credentials is only ever \"true\", only with an allowed origin", () => {
    fc.assert(fc.property(policyCase, originOrNone, (policy, origin) => {
      const headers = actualResponse(origin, policy.policy).headers;
      const credentials = headers.get("access-control-allow-credentials");
      if (credentials === null) return !policy.options.credentials || headers.get("access-control-allow-origin") === null;
      return credentials === "true" && policy.options.credentials === true && origin !== null && headers.get("access-control-allow-origin") === sent(origin);
    }), { numRuns: RUNS });
  });
});

describe("the oracle itself", () => {
  it.each([
    [["https://*.example.com"], "https://a.b.example.com", true], [["https://*.example.com"], "https://example.com", false],
    [["https://*.example.com"], "https://evilexample.com", false], [["https://*.example.com"], "https://example.com.evil.com", false],
    [["https://*.example.com"], "http://a.example.com", false], [["https://*.example.com"], "https://a.example.com:8443", false],
    [["http://localhost:*"], "http://localhost:3000", true], [["http://localhost:*"], "http://localhost", false],
    [["http://*.localhost:*"], "http://a.localhost:1", true], [["null"], "null", true], [["https://a.example.com"], "https://A.example.com", false],
  ])("%j admits %s: %s", (origins, origin, expected) => {
    expect(oracleAllowsOrigin(origins, origin)).toBe(expected);
  });
});
