import { decorateResponse } from "./actual.ts";
import { isThenable, logError, notify } from "./callbacks.ts";
import { compiledOf, type CompiledPolicy } from "./compiled.ts";
import { guardRequest } from "./cross-origin.ts";
import { reportingSource, wrapPolicy } from "./policy-input.ts";
import { answerPreflight } from "./preflight.ts";
import { internalServerError, serviceUnavailable } from "./server-errors.ts";
import type { CorsPolicy, PolicyInput, WithCorsOptions } from "./types.ts";

type Call = (request: Request, ...context: never[]) => unknown;
type Run = (request: Request, call: Call, context: readonly unknown[]) => Promise<Response>;
type ReportError = (error: unknown, request: Request) => void;

/**
 * Wraps any fetch handler: preflights are answered without calling it, cross-origin writes the
 * policy refuses (`crossOriginProtection`) never reach it, and every other response gets the CORS
 * headers. A thrown error (or something that is not a Response) becomes a 500 that still carries the
 * CORS headers, so the browser shows the real failure rather than a CORS error; the error goes to
 * `options.onError` (default `console.error`) and nothing of it reaches the client.
 *
 * The policy may be a compiled policy, options (compiled once, here: invalid ones throw
 * `CorsConfigError` now), or a policy source such as `corsRoutes()` or `cachedPolicies()`, resolved
 * once per request with the handler's own arguments (a source that fails answers 503).
 *
 * @example
 * export default {
 *   fetch: withCors((request) => Response.json({ ok: true }), { origins: ["https://app.example.com"] }),
 * };
 */
export function withCors<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  policy: PolicyInput<Rest>,
  options?: WithCorsOptions,
): (request: Request, ...rest: Rest) => Promise<Response> {
  // A wrong argument is a bug to report now, at startup, not a failure on every request.
  if (typeof handler !== "function") throw new TypeError(`withCors expects a handler function, got ${handler === null ? "null" : typeof handler}`);
  const run = pipeline(policy, options, "withCors");
  return (request, ...rest) => run(request, handler as unknown as Call, rest);
}

/**
 * The pipeline `withCors` and every adapter share, for a caller that holds a `next` step rather
 * than a handler: resolve the policy, answer the preflight, guard, call `next`, decorate its response.
 * `context` is what the runtime handed the handler; a policy source is resolved with it.
 *
 * @example
 * const cors = corsMiddleware({ origins: ["https://app.example.com"] });
 * const response = await cors(request, () => router.handle(request), env, ctx);
 */
export function corsMiddleware<Context extends unknown[] = []>(
  policy: PolicyInput<Context>,
  options?: WithCorsOptions,
): (request: Request, next: () => Response | Promise<Response>, ...context: Context) => Promise<Response> {
  const run = pipeline(policy, options, "corsMiddleware");
  return (request, next, ...context) => run(request, next as Call, context);
}

function pipeline(input: PolicyInput<never>, options: WithCorsOptions | undefined, wrapper: string): Run {
  const onError = options?.onError ?? logError;
  if (typeof onError !== "function") throw new TypeError(`${wrapper}: options.onError must be a function (error, request) => void`);
  const reportError: ReportError = (error, request) => notify(onError, error, request);
  const wrapped = wrapPolicy(input, wrapper);
  const { compiled } = wrapped;
  if (compiled !== undefined) return (request, call, context) => respond(compiled, request, call, context, reportError);
  const source = reportingSource(wrapped.source, reportError, wrapper);
  // Without its policy the request cannot be answered safely either way: no CORS headers, no handler.
  const unavailable = (error: unknown, request: Request): Response => {
    reportError(error, request);
    return serviceUnavailable();
  };
  // Not an async function: a policy the source has at hand (a cache hit) goes straight to respond(),
  // whose promise is returned as it is, with no second promise and no extra turns to settle it.
  return (request, call, context) => {
    let resolved: CorsPolicy | Promise<CorsPolicy>;
    try {
      resolved = source.resolve(request, ...context);
      if (!isThenable(resolved)) return respond(compiledOf(resolved), request, call, context, reportError);
    } catch (error) {
      return Promise.resolve(unavailable(error, request));
    }
    return Promise.resolve(resolved).then(compiledOf).then(
      (policy) => respond(policy, request, call, context, reportError),
      (error: unknown) => unavailable(error, request),
    );
  };
}

async function respond(policy: CompiledPolicy, request: Request, call: Call, context: readonly unknown[], reportError: ReportError): Promise<Response> {
  // Read once for every step: in workerd each getter of a Request is a call into the runtime. The
  // headers are one object (a handler's change to them is still seen when the response is decorated).
  const method = request.method;
  const headers = request.headers;
  const early = answerPreflight(policy, request, method, headers) ?? guardRequest(policy, request, method, headers);
  if (early !== null) return early;
  let response: unknown;
  try {
    // Most handlers take only the request, and many answer synchronously: neither a spread call nor
    // a turn of the microtask queue is spent on them.
    const result = context.length === 0 ? call(request) : call(request, ...(context as never[]));
    response = isThenable(result) ? await result : result;
    if (!(response instanceof Response)) throw new TypeError(`the handler returned ${describe(response)} instead of a Response`);
  } catch (error) {
    reportError(error, request);
    response = internalServerError();
  }
  return decorateResponse(policy, request, response as Response, reportError, headers);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? "an object that is not a Response" : `a ${typeof value}`;
}
