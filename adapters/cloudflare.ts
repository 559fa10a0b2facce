import { addCorsHeaders, withCors as wrapHandler, type CorsPolicy, type WithCorsOptions } from "../src/index.ts";

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

/** A compiled policy, or a function of the Worker's `env` that builds one (called once per env). */
export type WorkerPolicy<Env> = CorsPolicy | ((env: Env) => CorsPolicy);

type FetchFunction = (this: unknown, request: Request, env: unknown, ctx: unknown) => Response | Promise<Response>;
type Call = (request: Request, env: unknown, ctx: unknown, self: unknown) => Response | Promise<Response>;
type Wrapped = (request: Request, env: unknown, ctx: unknown, self: unknown) => Promise<Response>;
type Entry = { readonly wrapped: Wrapped } | { readonly error: unknown };

/**
 * Adds CORS to a Cloudflare Worker. Preflights are answered without calling your handler, every
 * other response gets the policy's CORS headers (a WebSocket `101` passes untouched), and a thrown
 * error becomes a 500 that still carries them (the error goes to `options.onError`, default
 * `console.error`).
 *
 * Pass an `ExportedHandler` object or a bare `fetch(request, env, ctx)` function; you get the same
 * kind back. From an object only `fetch` is wrapped: `scheduled`, `queue`, `email` and every other
 * property stay your own, and every method runs with `this` = your object, as if you had exported
 * it yourself. The object is not modified.
 *
 * The policy may be a function of `env`, e.g. to read origins from `[vars]` in `wrangler.toml`: it
 * runs once per distinct `env` object (once per isolate) and its result is cached. If it throws
 * (a bad `[vars]` value) or returns something that is not a valid policy, that error goes to
 * `onError` on every request and every request is answered with a plain 500, without calling
 * your handler. A compiled policy is checked at once: `withCors` throws if it is not one.
 *
 * @example
 * import { corsPolicy } from "fetch-cors";
 * import { withCors } from "fetch-cors/cloudflare";
 *
 * export default withCors(
 *   { fetch: (request, env) => Response.json({ hello: "world" }) },
 *   (env: { ALLOWED_ORIGINS: string }) => corsPolicy({ origins: env.ALLOWED_ORIGINS.split(",") }),
 * );
 */
export function withCors<Req extends Request, Env, Ctx>(
  handler: WorkerFetch<Env, Ctx, Req>,
  policy: WorkerPolicy<Env>,
  options?: WithCorsOptions,
): (request: Req, env: Env, ctx: Ctx) => Promise<Response>;
export function withCors<H extends WorkerHandler<Env, Ctx>, Env = unknown, Ctx = ExecutionContextLike>(
  handler: H & WorkerHandler<Env, Ctx>,
  policy: WorkerPolicy<Env>,
  options?: WithCorsOptions,
): CorsWorkerHandler<H, Env, Ctx>;
export function withCors(handler: unknown, policy: unknown, options: WithCorsOptions = {}): unknown {
  const policyOf = typeof policy === "function" ? (policy as (env: unknown) => unknown) : checkedPolicy(policy, "the policy");
  if (typeof handler === "function") {
    if (isClass(handler)) {
      throw new TypeError(
        "withCors: got a class; pass an ExportedHandler object ({ fetch }) or a fetch(request, env, ctx) function " +
          "(in a WorkerEntrypoint class, call a wrapped function from its fetch: corsFetch(request, this.env, this.ctx))",
      );
    }
    return wrapFetch(handler as FetchFunction, undefined, policyOf, options);
  }
  if (typeof handler === "object" && handler !== null) {
    const fetch: unknown = Reflect.get(handler, "fetch");
    if (typeof fetch !== "function") {
      throw new TypeError("withCors: the handler has no fetch method; only fetch handlers answer HTTP requests");
    }
    return delegateTo(handler, wrapFetch(fetch as FetchFunction, handler, policyOf, options));
  }
  throw new TypeError(`withCors: expected an ExportedHandler object or a fetch function, got ${describe(handler)}`);
}

/**
 * `owner` is the object the user's fetch belongs to: it is called on that object, so its other
 * methods, its state and its class's private fields are all within reach of `this`.
 */
function wrapFetch(fetch: FetchFunction, owner: object | undefined, policy: CorsPolicy | ((env: unknown) => unknown), options: WithCorsOptions) {
  const call: Call = (request, env, ctx, self) => fetch.call(self, request, env, ctx);
  const entryFor = typeof policy === "function" ? perEnvCache(policy, call, options) : constant(wrapHandler(call, policy, options));

  return function fetchWithCors(this: unknown, request: Request, env: unknown, ctx: unknown): Promise<Response> {
    const entry = entryFor(env);
    if ("wrapped" in entry) return entry.wrapped(request, env, ctx, owner ?? this);
    report(options, entry.error, request);
    return Promise.resolve(new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } }));
  };
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

function constant(wrapped: Wrapped): (env: unknown) => Entry {
  const entry: Entry = { wrapped };
  return () => entry;
}

/**
 * Compiles the policy once per distinct env. Objects are held weakly (an isolate keeps one env, a
 * test may make many); a failure is cached too, since the same env fails the same way every time.
 */
function perEnvCache(policyOf: (env: unknown) => unknown, call: Call, options: WithCorsOptions) {
  const byObject = new WeakMap<object, Entry>();
  const byValue = new Map<unknown, Entry>();
  return (env: unknown): Entry => {
    const isObject = (typeof env === "object" && env !== null) || typeof env === "function";
    let entry = isObject ? byObject.get(env as object) : byValue.get(env);
    if (entry === undefined) {
      try {
        entry = { wrapped: wrapHandler(call, checkedPolicy(policyOf(env), "the policy function"), options) };
      } catch (error) {
        entry = { error };
      }
      if (isObject) byObject.set(env as object, entry);
      else byValue.set(env, entry);
    }
    return entry;
  };
}

/**
 * Refuses what is not a policy when it is given, not on each request. The one decoration of an
 * empty response compiles a policy that was not (plain options passed by mistake), so an invalid
 * one throws its CorsConfigError here.
 */
function checkedPolicy(value: unknown, source: string): CorsPolicy {
  if (typeof (value as { then?: unknown } | null | undefined)?.then === "function") {
    throw new TypeError(`withCors: ${source} returned a Promise; build the policy synchronously, e.g. corsPolicy({ origins: env.ALLOWED_ORIGINS.split(",") })`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`withCors: expected a policy made by corsPolicy() or a function (env) => policy; ${source} gave ${describe(value)}`);
  }
  addCorsHeaders(new Request("http://localhost/"), new Response(null), value as CorsPolicy);
  return value as CorsPolicy;
}

function report(options: WithCorsOptions, error: unknown, request: Request): void {
  try {
    (options.onError ?? ((e: unknown) => console.error(e)))(error, request);
  } catch {
    // A failing logger must not cost the client its response.
  }
}

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}
