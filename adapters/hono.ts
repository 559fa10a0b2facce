import type { Context, MiddlewareHandler } from "hono";
import {
  corsMiddleware, policyPerEnv, type CorsOptions, type CorsPolicy, type PolicyInput, type WithCorsOptions,
} from "../src/index.ts";

export type { CorsPolicy, WithCorsOptions } from "../src/index.ts";

/**
 * What the app's CORS comes from: a compiled policy, options (compiled once, when the middleware is
 * made), a policy source resolved per request with Hono's `c`, or a function of the app's bindings
 * (`c.env`, e.g. a Worker's `[vars]`) that builds the policy, run once per distinct env. That last
 * form is for a Worker's bindings: elsewhere `c.env` is not bindings (on Node and Deno it is even
 * made anew for each request, which would compile the policy every time).
 */
export type HonoPolicy<Bindings extends object> =
  | PolicyInput<[c: Context<{ Bindings: Bindings }>]>
  | ((env: Bindings) => CorsPolicy | CorsOptions);

/**
 * CORS middleware for Hono. Mount it first, for every path: `app.use("*", cors(policy))`. Then
 * - preflights are answered by the middleware itself, for routes that do not exist too, and before
 *   any middleware mounted after it (an auth check never sees a preflight, which carries no
 *   credentials);
 * - cross-origin writes and WebSocket handshakes the policy refuses (`crossOriginProtection`) are
 *   answered 403 before any route runs, so a route's `upgradeWebSocket()` never sees them;
 * - an `OPTIONS` request that is not a preflight reaches your routes;
 * - every other response gets the policy's CORS headers, including those of `notFound` and
 *   `onError`, and responses straight from `fetch()` (their headers are immutable; they are copied).
 *
 * Options and compiled policies are checked at once (`cors()` throws `CorsConfigError` for invalid
 * ones). A policy source, or a policy function, that fails answers 503 and its error goes to
 * `options.onError` (default `console.error`).
 *
 * @example
 * import { Hono } from "hono";
 * import { cors } from "fetch-cors/hono";
 *
 * const app = new Hono();
 * app.use("*", cors({ origins: ["https://app.example.com"] }));
 * app.get("/api/hello", (c) => c.json({ hello: "world" }));
 */
// `any` is Hono's own default for a middleware's bindings: the middleware then fits any app.
export function cors<Bindings extends object = any>(policy: HonoPolicy<Bindings>, options?: WithCorsOptions): MiddlewareHandler<{ Bindings: Bindings }> {
  type HonoContext = Context<{ Bindings: Bindings }>;
  const input = typeof policy === "function" ? policyPerEnv(policy, (c: HonoContext) => c.env) : policy;
  const run = corsMiddleware<[HonoContext]>(input, options);
  return async function corsHandler(c, next) {
    let reached = false;
    const response = await run(c.req.raw, async () => {
      reached = true;
      // By the time next() resolves, Hono has turned a thrown Error into the onError response and a
      // missing route into the notFound response: both are decorated here like any other.
      await next();
      return c.res;
    }, c);
    // Answered before the routes: a preflight, a refused cross-origin request, a failed source.
    if (!reached) return response;
    if (response !== c.res) {
      // Assigning c.res copies the old response's headers onto the new one, which would bring back
      // the stale Access-Control-* and Vary values; clear it first so the copy is taken as it is.
      c.res = undefined;
      c.res = response;
    }
    return undefined;
  };
}
