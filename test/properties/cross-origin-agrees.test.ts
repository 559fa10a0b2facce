// SPEC §6 uses the §2 matcher: for random policies (lists with patterns and port wildcards, and
// predicates) and random origins, an origin a preflight allows is never refused by cross-origin
// protection, and one it refuses is never let through.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corsPolicy, guardCrossOrigin, preflight } from "../../src/index.ts";
import { API, RUNS, policyCase, requestOrigin } from "./arbitraries.ts";

const sent = (origin: string) => new Headers({ origin }).get("origin") ?? "";
const unsafe = fc.constantFrom("POST", "PUT", "DELETE", "PATCH", "QUERY");
const site = fc.constantFrom("cross-site", "same-site", undefined);

describe("cross-origin protection and the preflight agree on every origin", () => {
  it("for unsafe requests and WebSocket handshakes alike", () => {
    let letThrough = 0;
    let refused = 0;
    fc.assert(fc.property(policyCase, requestOrigin, unsafe, site, fc.boolean(), (policyCase, rawOrigin, method, fetchSite, websocket) => {
      fc.pre(policyCase.spec.origins !== "*");
      const origin = sent(rawOrigin);
      fc.pre(origin !== "" && origin !== new URL(API).origin);
      const policy = corsPolicy({ ...policyCase.options, crossOriginProtection: true });
      const asked = preflight(new Request(API, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET" } }), policy)!;
      const preflightAllows = asked.headers.get("access-control-allow-origin") === origin;
      const headers: Record<string, string> = { origin };
      if (fetchSite !== undefined) headers["sec-fetch-site"] = fetchSite;
      if (websocket) headers["upgrade"] = "websocket";
      const guarded = guardCrossOrigin(new Request(API, { method: websocket ? "GET" : method, headers }), policy);
      expect(guarded === null).toBe(preflightAllows);
      if (guarded === null) letThrough++;
      else refused++;
    }), { numRuns: RUNS });
    // Both outcomes are frequent enough to mean something.
    expect(letThrough).toBeGreaterThan(RUNS / 20);
    expect(refused).toBeGreaterThan(RUNS / 20);
  });
});
