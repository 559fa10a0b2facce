// preflight, addCorsHeaders and withCors never throw, whatever the method, headers and origin:
// control characters, Latin-1 and unicode, 100 KB header lists. Headers that the Headers class
// itself refuses are dropped before the core sees the request, as a runtime would never deliver them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCorsHeaders, guardCrossOrigin, preflight, withCors } from "../../src/index.ts";
import { API, RUNS, policyCase, requestOrigin } from "./arbitraries.ts";

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
const latin1 = fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code));

const method = fc.oneof(
  fc.constantFrom("OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch", "options", "QUERY"),
  token,
).filter((m) => !["CONNECT", "TRACE", "TRACK"].includes(m.toUpperCase()));

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: latin1, maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("", " ", "*", "null", "GET", "true", ",,,", "a, b ,, c", "\t", "x\u0001y", "\u007f"),
);

const name = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("origin", "access-control-request-method", "access-control-request-headers", "access-control-request-private-network", "vary", "Origin") },
  { weight: 1, arbitrary: token },
);

/** Headers built through the Headers class; pairs it refuses are skipped, as they could not arrive. */
function headersOf(pairs: readonly (readonly [string, string])[]): Headers {
  const headers = new Headers();
  for (const [n, v] of pairs) {
    try {
      headers.append(n, v);
    } catch {
      // Not a header a request can carry.
    }
  }
  return headers;
}

const request = fc.record({
  method,
  origin: fc.option(fc.oneof(requestOrigin, value), { nil: undefined }),
  pairs: fc.array(fc.tuple(name, value), { maxLength: 6 }),
});

const handler = fc.constantFrom<"ok" | "throw" | "not-a-response" | "immutable">("ok", "throw", "not-a-response", "immutable");

function answer(kind: "ok" | "throw" | "not-a-response" | "immutable"): Response {
  if (kind === "throw") throw new Error("handler failed");
  if (kind === "not-a-response") return undefined as unknown as Response;
  if (kind === "immutable") return Response.redirect("https://elsewhere.test/", 307);
  return new Response("body", { headers: { vary: "accept", "access-control-allow-origin": "*" } });
}

describe("never throws", () => {
  it("preflight and addCorsHeaders, on arbitrary methods, header values and origins", () => {
    fc.assert(fc.property(policyCase, request, (policy, spec) => {
      const headers = headersOf(spec.pairs);
      if (spec.origin !== undefined) {
        try {
          headers.set("origin", spec.origin);
        } catch {
          // An origin value Headers refuses cannot arrive either.
        }
      }
      const req = new Request(API, { method: spec.method, headers });
      const pre = preflight(req, policy.policy);
      expect(pre === null || pre instanceof Response).toBe(true);
      expect(addCorsHeaders(req, new Response("x"), policy.policy)).toBeInstanceOf(Response);
      const asPreflight = new Request(API, { method: "OPTIONS", headers: headersOf([...headers, ["access-control-request-method", spec.method]]) });
      // A preflight needs an Origin; without one the request goes on to the handler.
      if (asPreflight.headers.has("origin")) expect(preflight(asPreflight, policy.policy)).toBeInstanceOf(Response);
      else expect(preflight(asPreflight, policy.policy)).toBeNull();
    }), { numRuns: RUNS });
  });

  it("withCors, whatever the handler does", async () => {
    await fc.assert(fc.asyncProperty(policyCase, request, handler, async (policy, spec, kind) => {
      const headers = headersOf(spec.pairs);
      const wrapped = withCors(() => answer(kind), policy.policy, { onError: () => undefined });
      const req = new Request(API, { method: spec.method, headers });
      const answeredEarly = preflight(req, policy.policy) !== null || guardCrossOrigin(req, policy.policy) !== null;
      const response = await wrapped(req);
      expect(response).toBeInstanceOf(Response);
      // A preflight, or a request cross-origin protection refuses, is answered before the handler
      // runs, so only the requests that reach it can fail with 500.
      if (!answeredEarly && (kind === "throw" || kind === "not-a-response")) expect(response.status).toBe(500);
    }), { numRuns: RUNS });
  });

  it("on 100 KB Access-Control-Request-Headers and Vary lists, rejecting the preflight as too large", () => {
    const piece = fc.constantFrom("x-a", "content-type", "authorization", "*", " ", "", "x-".padEnd(60, "b"), "bad name", "\t", "é");
    fc.assert(fc.property(policyCase, requestOrigin, fc.array(piece, { minLength: 1, maxLength: 8 }), (policy, origin, pieces) => {
      const unit = `${pieces.join(",")},`;
      const huge = unit.repeat(Math.ceil(100_000 / unit.length));
      const headers = headersOf([["origin", origin], ["access-control-request-method", "PUT"], ["access-control-request-headers", huge]]);
      const response = preflight(new Request(API, { method: "OPTIONS", headers }), policy.policy);
      expect(response).toBeInstanceOf(Response);
      // Bounded: the list is refused for its size, never parsed in full (its cost is measured in the benchmarks).
      const rejected = response?.status === 403 || response?.headers.has("cors-rejected") === true;
      expect(rejected).toBe(true);
      const decorated = addCorsHeaders(new Request(API, { headers }), new Response("x", { headers: { vary: huge } }), policy.policy);
      expect(decorated).toBeInstanceOf(Response);
    }), { numRuns: RUNS });
  }, 120_000);
});
