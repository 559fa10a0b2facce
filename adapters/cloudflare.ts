import {
  corsMiddleware, policyPerEnv, type CorsOptions, type CorsPolicy, type PolicyInput, type WithCorsOptions,
} from "../src/index.ts";

/**
 * The part of a Worker's `ExecutionContext` this adapter relies on (none of it, in fact: `ctx` is
 * handed to your handler untouched). Declared here so the published types do not require
 * `@cloudflare/workers-types`; the real `ExecutionContext` fits it.
 */
export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/** A Worker's `fetch(request, env, ctx)` handler. */
export type WorkerFetch<Env = unknown, Ctx = ExecutionContextLike, Req extends Request = Request> = (
  request: Req,
  env: Env,
  ctx: Ctx,
) => Response | Promise<Response>;

/**
 * An `ExportedHandler` (the default export of a module Worker). Only `fetch` is wrapped; every other
 * handler (`scheduled`, `queue`, `email`, …) and property stays as it is.
 */
export interface WorkerHandler<Env = unknown, Ctx = ExecutionContextLike> {
  // Method syntax on purpose: it lets a handler typed with @cloudflare/workers-types (whose Request
  // and ExecutionContext are richer than the DOM ones) be passed without casts.
  fetch?(request: Request, env: Env, ctx: Ctx): Response | Promise<Response>;
}

/** What withCors returns for an ExportedHandler: the same object shape, with fetch wrapped. */
export type CorsWorkerHandler<H, Env, Ctx> = Omit<H, "fetch"> & {
  fetch(request: Request, env: Env, ctx: Ctx): Promise<Response>;
};

/**
 * What the Worker's CORS comes from: a compiled policy, options (compiled once, when wrapping), a
 * policy source resolved per request with `(request, env, ctx)`, or a function of `env` that builds
 * the policy or its options (run once per distinct env, e.g. to read origins from `[vars]`).
 */
export type WorkerPolicy<Env, Ctx = ExecutionContextLike> =
  | PolicyInput<[env: Env, ctx: Ctx]>
  | ((env: Env) => CorsPolicy | CorsOptions);

type FetchFunction = (this: unknown, request: Request, env: unknown, ctx: unknown) => Response | Promise<Response>;

/**
 * Adds CORS to a Cloudflare Worker. Preflights are answered without calling your handler,
 * cross-origin writes and WebSocket handshakes the policy refuses (`crossOriginProtection`) never
 * reach it (so a refused handshake never builds a `WebSocketPair`), every other response gets the
 * policy's CORS headers (a WebSocket `101` passes untouched), and a thrown error becomes a 500 that
 * still carries them (the error goes to `options.onError`, default `console.error`).
 *
 * Pass an `ExportedHandler` object or a bare `fetch(request, env, ctx)` function; you get the same
 * kind back. From an object only `fetch` is wrapped: `scheduled`, `queue`, `email` and every other
 * property stay your own, and every method runs with `this` = your object, as if you had exported
 * it yourself. The object is not modified.
 *
 * The policy may be a function of `env`, e.g. to read origins from `[vars]` in `wrangler.toml`: it
 * runs once per distinct `env` object (once per isolate) and its result is kept. If it throws (a bad
 * `[vars]` value) or gives no valid policy, that error goes to `onError` and every request of that
 * env is answered 503 without calling your handler. Options and compiled policies are checked at
 * once: `withCors` throws `CorsConfigError` for invalid ones.
 *
 * @example
 * import { withCors } from "fetch-cors/cloudflare";
 *
 * export default withCors(
 *   { fetch: (request, env) => Response.json({ hello: "world" }) },
 *   (env: { ALLOWED_ORIGINS: string }) => ({ origins: env.ALLOWED_ORIGINS.split(",") }),
 * );
 */
export function withCors<Req extends Request, Env, Ctx>(
  handler: WorkerFetch<Env, Ctx, Req>,
  policy: WorkerPolicy<Env, Ctx>,
  options?: WithCorsOptions,
): (request: Req, env: Env, ctx: Ctx) => Promise<Response>;
export function withCors<H extends WorkerHandler<Env, Ctx>, Env = unknown, Ctx = ExecutionContextLike>(
  handler: H & WorkerHandler<Env, Ctx>,
  policy: WorkerPolicy<Env, Ctx>,
  options?: WithCorsOptions,
): CorsWorkerHandler<H, Env, Ctx>;
export function withCors(handler: unknown, policy: unknown, options?: WithCorsOptions): unknown {
  if (typeof handler === "function" && isClass(handler)) {
    throw new TypeError(
      "withCors: got a class; pass an ExportedHandler object ({ fetch }) or a fetch(request, env, ctx) function " +
        "(in a WorkerEntrypoint class, call a wrapped function from its fetch: corsFetch(request, this.env, this.ctx))",
    );
  }
  const fetch: unknown = typeof handler === "object" && handler !== null ? Reflect.get(handler, "fetch") : handler;
  if (typeof fetch !== "function") {
    throw new TypeError(typeof handler === "object" && handler !== null
      ? "withCors: the handler has no fetch method; only fetch handlers answer HTTP requests"
      : `withCors: expected an ExportedHandler object or a fetch function, got ${describe(handler)}`);
  }
  const input = typeof policy === "function" ? policyPerEnv(policy as (env: unknown) => CorsPolicy, (env: unknown) => env) : policy;
  const cors = corsMiddleware<[unknown, unknown]>(input as PolicyInput<[unknown, unknown]>, options);
  const owner = typeof handler === "object" ? (handler as object) : undefined;
  // `owner` is the object the user's fetch belongs to: it is called on that object, so its other
  // methods, its state and its class's private fields are all within reach of `this`.
  const fetchWithCors = function fetchWithCors(this: unknown, request: Request, env: unknown, ctx: unknown): Promise<Response> {
    const self = owner ?? this;
    return cors(request, () => (fetch as FetchFunction).call(self, request, env, ctx), env, ctx);
  };
  return owner === undefined ? fetchWithCors : delegateTo(owner, fetchWithCors);
}

/**
 * The object the runtime gets instead of the user's handler: `fetch` is the wrapped one, and every
 * other property (own or inherited, such as a class's methods) reads through to the handler, with
 * methods bound to it. A copy of the properties would run them with `this` = the copy, which holds
 * neither the handler's later state nor its private fields.
 */
function delegateTo(handler: object, fetchWithCors: unknown): object {
  const result: Record<PropertyKey, unknown> = {};
  const bound = new WeakMap<Function, Function>();
  const read = (key: PropertyKey): unknown => {
    const value: unknown = Reflect.get(handler, key);
    if (typeof value !== "function") return value;
    let method = bound.get(value);
    if (method === undefined) {
      method = value.bind(handler) as Function;
      bound.set(value, method);
    }
    return method;
  };
  for (let level: object | null = handler; level !== null && level !== Object.prototype; level = Object.getPrototypeOf(level) as object | null) {
    for (const key of Reflect.ownKeys(level)) {
      if (key === "constructor" || key === "fetch" || Object.hasOwn(result, key)) continue;
      // Enumerable, a class's methods too: tools that wrap a Worker copy its handlers with a spread.
      Object.defineProperty(result, key, { get: () => read(key), enumerable: true, configurable: true });
    }
  }
  Object.defineProperty(result, "fetch", { value: fetchWithCors, enumerable: true, writable: true, configurable: true });
  return result;
}

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}
