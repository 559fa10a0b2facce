// addCorsHeaders is idempotent: applying it to its own result changes nothing, Vary included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCorsHeaders } from "../../src/index.ts";
import { API, RUNS, policyCase, requestOrigin } from "./arbitraries.ts";

const appResponse = fc.record({
  status: fc.constantFrom(200, 201, 204, 301, 304, 404, 500),
  vary: fc.option(fc.constantFrom("", "Accept", "origin", "*", "Accept, Origin", "Accept-Encoding,  ORIGIN", "accept, *"), { nil: undefined }),
  appCors: fc.subarray<[string, string]>([
    ["access-control-allow-origin", "*"], ["access-control-allow-credentials", "true"], ["access-control-expose-headers", "x-old"],
    ["access-control-allow-methods", "GET"], ["access-control-max-age", "5"],
  ]),
  immutable: fc.boolean(),
});

function build(spec: { status: number; vary: string | undefined; appCors: [string, string][]; immutable: boolean }): Response {
  // A fetch()-like response whose headers cannot be changed: the core must copy it.
  if (spec.immutable) return Response.redirect("https://elsewhere.test/", 302);
  const headers = new Headers(spec.appCors);
  if (spec.vary !== undefined) headers.set("vary", spec.vary);
  const nullBody = spec.status === 204 || spec.status === 304;
  return new Response(nullBody ? null : "body", { status: spec.status, headers });
}

describe("addCorsHeaders twice equals once", () => {
  it("same status, same headers in the same order, Vary not duplicated", () => {
    fc.assert(fc.property(policyCase, fc.option(requestOrigin, { nil: undefined }), appResponse, (policy, origin, spec) => {
      const request = new Request(API, { headers: origin === undefined ? {} : { origin } });
      const once = addCorsHeaders(request, build(spec), policy.policy);
      const afterOnce = [...once.headers];
      const twice = addCorsHeaders(request, once, policy.policy);
      expect([...twice.headers]).toEqual(afterOnce);
      expect(twice.status).toBe(once.status);
      const vary = (twice.headers.get("vary") ?? "").toLowerCase().split(",").map((v) => v.trim());
      expect(vary.filter((v) => v === "origin").length).toBeLessThanOrEqual(1);
    }), { numRuns: RUNS });
  });
});
