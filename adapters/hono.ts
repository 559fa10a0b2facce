import type { MiddlewareHandler } from "hono";
import { addCorsHeaders, preflight, type CorsPolicy } from "../src/index.ts";

export type { CorsPolicy } from "../src/index.ts";

/**
 * A compiled policy, or a function of the app's bindings (`c.env`, e.g. a Worker's `[vars]`) that
 * builds one; the function runs once per distinct env and its result is cached. That is for a
 * Worker's bindings: elsewhere `c.env` is not bindings (on Node and Deno it is even made anew for
 * each request, which would compile the policy every time), so there pass a compiled policy.
 */
export type HonoPolicy<Bindings> = CorsPolicy | ((env: Bindings) => CorsPolicy);

/**
 * CORS middleware for Hono. Mount it first, for every path: `app.use("*", cors(policy))`. Then
 * - preflights are answered by the middleware itself, for routes that do not exist too, and before
 *   any middleware mounted after it (an auth check never sees a preflight, which carries no
 *   credentials);
 * - an `OPTIONS` request that is not a preflight reaches your routes;
 * - every other response gets the policy's CORS headers, including those of `notFound` and
 *   `onError`, and responses straight from `fetch()` (their headers are immutable; they are copied).
 *
 * A compiled policy is checked at once (`cors()` throws if it is not one). If a policy function
 * throws or returns something that is not a valid policy, the error goes to `app.onError` like any
 * other, on every request.
 *
 * @example
 * import { Hono } from "hono";
 * import { corsPolicy } from "fetch-cors";
 * import { cors } from "fetch-cors/hono";
 *
 * const app = new Hono();
 * app.use("*", cors(corsPolicy({ origins: ["https://app.example.com"], methods: ["PUT", "DELETE"] })));
 * app.get("/api/hello", (c) => c.json({ hello: "world" }));
 */
// `any` is Hono's own default for a middleware's bindings: the middleware then fits any app.
export function cors<Bindings extends object = any>(policy: HonoPolicy<Bindings>): MiddlewareHandler<{ Bindings: Bindings }> {
  const policyFor = typeof policy === "function" ? perEnv(policy) : constant(checkedPolicy(policy, "the policy"));
  return async function corsMiddleware(c, next) {
    const compiled = policyFor(c.env);
    const answer = preflight(c.req.raw, compiled);
    if (answer !== null) return answer;
    // By the time next() resolves, Hono has turned a thrown Error into the onError response and a
    // missing route into the notFound response: both are decorated here like any other.
    await next();
    const response = c.res;
    const decorated = addCorsHeaders(c.req.raw, response, compiled);
    if (decorated !== response) {
      // Assigning c.res copies the old response's headers onto the new one, which would bring back
      // the stale Access-Control-* and Vary values; clear it first so the copy is taken as it is.
      c.res = undefined;
      c.res = decorated;
    }
  };
}

/** Compiles once per env (objects held weakly); a failure is cached and thrown again each time. */
function perEnv<Bindings>(policyOf: (env: Bindings) => CorsPolicy): (env: Bindings) => CorsPolicy {
  type Entry = { readonly policy: CorsPolicy } | { readonly error: unknown };
  const byObject = new WeakMap<object, Entry>();
  const byValue = new Map<unknown, Entry>();
  return (env) => {
    const isObject = typeof env === "object" && env !== null;
    let entry = isObject ? byObject.get(env) : byValue.get(env);
    if (entry === undefined) {
      try {
        entry = { policy: checkedPolicy(policyOf(env), "the policy function") };
      } catch (error) {
        entry = { error };
      }
      if (isObject) byObject.set(env, entry);
      else byValue.set(env, entry);
    }
    if ("error" in entry) throw entry.error;
    return entry.policy;
  };
}

function constant(policy: CorsPolicy): () => CorsPolicy {
  return () => policy;
}

/**
 * Refuses what is not a policy when it is given, not on each request. The one decoration of an
 * empty response compiles a policy that was not (plain options passed by mistake), so an invalid
 * one throws its CorsConfigError here.
 */
function checkedPolicy(value: unknown, source: string): CorsPolicy {
  if (typeof (value as { then?: unknown } | null | undefined)?.then === "function") {
    throw new TypeError(`cors: ${source} returned a Promise; build the policy synchronously, e.g. corsPolicy({ origins: env.ALLOWED_ORIGINS.split(",") })`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`cors: expected a policy made by corsPolicy() or a function (env) => policy; ${source} gave ${describe(value)}`);
  }
  addCorsHeaders(new Request("http://localhost/"), new Response(null), value as CorsPolicy);
  return value as CorsPolicy;
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}
