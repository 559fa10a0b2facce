// A preflight from an allowed origin that the policy refuses is answered informatively (SPEC §3):
// whatever the policy and the request, that answer never makes the browser-side checker pass the
// refused request, never carries another origin's value, never holds a "*" and never a Max-Age.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { preflight } from "../../src/index.ts";
import { preflightAllows } from "../../src/check/index.ts";
import { API, RUNS, policyCase, requestOrigin } from "./arbitraries.ts";

const methods = fc.constantFrom("PUT", "DELETE", "PATCH", "patch", "PROPFIND", "PURGE", "GET", "POST", "QUERY");
const headerNames = fc.uniqueArray(fc.constantFrom("content-type", "authorization", "x-api-key", "x-requested-with", "x-trace", "accept"), { maxLength: 4 });
const manyHeaders = fc.integer({ min: 60, max: 80 }).map((count) => Array.from({ length: count }, (_, i) => `x-h${i}`));

const sent = (origin: string) => new Headers({ origin }).get("origin") ?? "";

describe("an informative refusal", () => {
  it("never passes the browser's checks, names only the request's own origin, and holds no * and no Max-Age", () => {
    let informative = 0;
    fc.assert(fc.property(policyCase, requestOrigin, methods, fc.oneof(headerNames, manyHeaders), fc.boolean(), (policy, rawOrigin, method, names, credentials) => {
      const origin = sent(rawOrigin);
      fc.pre(origin !== "");
      const headers: Record<string, string> = { origin, "access-control-request-method": method };
      if (names.length > 0) headers["access-control-request-headers"] = [...names].sort().join(",");
      policy.rejections.take();
      const response = preflight(new Request(API, { method: "OPTIONS", headers }), policy.policy)!;
      const rejections = policy.rejections.take();
      if (rejections.length === 0 || response.status === 403) return;
      informative++;
      expect(["method-not-allowed", "header-not-allowed", "headers-too-large"]).toContain(rejections[0]!.code);
      expect(response.status).toBe(policy.options.preflightStatus ?? 204);
      expect(response.headers.get("cors-rejected")).toBe(rejections[0]!.message);
      const allowOrigin = response.headers.get("access-control-allow-origin");
      expect(allowOrigin).toBe(policy.spec.origins === "*" ? "*" : origin);
      expect(response.headers.has("access-control-max-age")).toBe(false);
      for (const name of ["access-control-allow-methods", "access-control-allow-headers"]) {
        expect(response.headers.get(name) ?? "").not.toMatch(/(^|,)\s*\*\s*(,|$)/);
      }
      const passes = preflightAllows(response, { origin, method, unsafeHeaders: [...names].sort(), credentials });
      expect(passes).toBe(false);
    }), { numRuns: RUNS });
    expect(informative).toBeGreaterThan(RUNS / 20);
  });
});
