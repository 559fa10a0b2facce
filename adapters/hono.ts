import type { MiddlewareHandler } from "hono";
import { addCorsHeaders, preflight, type CorsPolicy } from "../src/index.ts";

export type { CorsPolicy } from "../src/index.ts";

/**
 * A compiled policy, or a function of the app's bindings (`c.env`, e.g. a Worker's `[vars]`) that
 * builds one; the function runs once per distinct env and its result is cached.
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
 * If a policy function throws, the error goes to `app.onError` like any other.
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
  const policyFor = typeof policy === "function" ? perEnv(policy) : () => policy;
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
        entry = { policy: policyOf(env) };
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
