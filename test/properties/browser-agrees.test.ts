// For random policy/request pairs, the core's decision and the browser's checks (fetch-cors/check,
// the Fetch Standard's CORS-preflight fetch and CORS check) agree: an allowed preflight passes, a
// rejected one fails, and the actual response then passes exactly when the origin is allowed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCorsHeaders, preflight } from "../../src/index.ts";
import { checkActualResponse, checkPreflightResponse, needsPreflight } from "../../src/check/index.ts";
import { API, RUNS, policyCase, scriptRequest } from "./arbitraries.ts";
import { oracleAllowsOrigin, oracleAllowsPreflight } from "./oracle.ts";

const sent = (origin: string) => new Headers({ origin }).get("origin") ?? "";

describe("the core and the browser-side checks agree", () => {
  it("on the preflight, and on the actual request the browser then sends", () => {
    let preflights = 0;
    let allowedPreflights = 0;
    fc.assert(fc.property(policyCase, scriptRequest, (policy, script) => {
      const origin = sent(script.origin);
      // A browser always sends an origin; an empty one is only a malformed preflight (covered elsewhere).
      fc.pre(origin !== "");
      const need = needsPreflight({ method: script.method, headers: script.headers });
      // A policy without credentials never answers Access-Control-Allow-Credentials, so a credentialed request fails.
      const credentialsRefused = script.credentials && policy.options.credentials !== true;
      policy.rejections.take();
      if (need.preflight) {
        preflights++;
        const headers: Record<string, string> = { origin, "access-control-request-method": need.method };
        if (need.accessControlRequestHeaders !== null) headers["access-control-request-headers"] = need.accessControlRequestHeaders;
        const response = preflight(new Request(API, { method: "OPTIONS", headers }), policy.policy);
        expect(response).not.toBeNull();
        const coreAllowed = policy.rejections.take().length === 0;
        expect(coreAllowed).toBe(oracleAllowsPreflight(policy.spec, { origin, method: need.method, unsafeHeaders: need.unsafeHeaders }));
        const browser = checkPreflightResponse(response as Response, {
          origin, method: need.method, unsafeHeaders: need.unsafeHeaders, credentials: script.credentials,
        });
        expect(browser.allowed).toBe(coreAllowed && !credentialsRefused);
        if (!browser.allowed) return;
        allowedPreflights++;
      }
      const request = new Request(API, { method: need.method, headers: [["origin", origin], ...need.headers.map(([n, v]) => [n, v] as [string, string])] });
      const actual = addCorsHeaders(request, new Response("body"), policy.policy);
      const browser = checkActualResponse(actual, { origin, method: need.method, credentials: script.credentials });
      expect(browser.allowed).toBe(oracleAllowsOrigin(policy.spec.origins, origin) && !credentialsRefused);
    }), { numRuns: RUNS });
    // The alphabets are small so that both outcomes are frequent.
    expect(preflights).toBeGreaterThan(RUNS / 4);
    expect(allowedPreflights).toBeGreaterThan(RUNS / 50);
  });
});
