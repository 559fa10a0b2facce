import { withCors as wrapHandler, type CorsPolicy, type WithCorsOptions } from "../src/index.ts";

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

type Call = (request: Request, env: unknown, ctx: unknown, self: unknown) => Response | Promise<Response>;
type Wrapped = (request: Request, env: unknown, ctx: unknown, self: unknown) => Promise<Response>;
type Entry = { readonly wrapped: Wrapped } | { readonly error: unknown };

/**
 * Adds CORS to a Cloudflare Worker. Preflights are answered without calling your handler, every
 * other response gets the policy's CORS headers, and a thrown error becomes a 500 that still
 * carries them (the error goes to `options.onError`, default `console.error`).
 *
 * Pass an `ExportedHandler` object (you get the same shape back, with only `fetch` wrapped) or a
 * bare `fetch(request, env, ctx)` function. The policy may be a function of `env`, e.g. to read
 * origins from `[vars]` in `wrangler.toml`: it runs once per distinct `env` object and its result
 * is cached. If it throws (a bad `[vars]` value), that error goes to `onError` on every request and
 * every request is answered with a plain 500, without calling your handler.
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
  if (typeof policy !== "function" && (typeof policy !== "object" || policy === null)) {
    throw new TypeError(`withCors: expected a policy made by corsPolicy() or a function (env) => policy, got ${describe(policy)}`);
  }
  if (typeof handler === "function") {
    if (isClass(handler)) {
      throw new TypeError("withCors: got a class; pass an ExportedHandler object ({ fetch }) or a fetch(request, env, ctx) function");
    }
    return wrapFetch(handler as FetchFunction, policy as WorkerPolicy<unknown>, options, undefined);
  }
  if (typeof handler === "object" && handler !== null) {
    const fetch = (handler as { fetch?: unknown }).fetch;
    if (typeof fetch !== "function") {
      throw new TypeError("withCors: the handler has no fetch method; only fetch handlers answer HTTP requests");
    }
    // A faithful shallow copy (prototype, getters, every other handler) with only fetch replaced,
    // so the caller's object is never mutated.
    const descriptors = Object.getOwnPropertyDescriptors(handler) as PropertyDescriptorMap;
    descriptors["fetch"] = {
      value: wrapFetch(fetch as FetchFunction, policy as WorkerPolicy<unknown>, options, handler),
      writable: true,
      enumerable: true,
      configurable: true,
    };
    return Object.create(Object.getPrototypeOf(handler) as object | null, descriptors) as unknown;
  }
  throw new TypeError(`withCors: expected an ExportedHandler object or a fetch function, got ${describe(handler)}`);
}

type FetchFunction = (this: unknown, request: Request, env: unknown, ctx: unknown) => Response | Promise<Response>;

function wrapFetch(fetch: FetchFunction, policy: WorkerPolicy<unknown>, options: WithCorsOptions, owner: unknown) {
  const call: Call = (request, env, ctx, self) => fetch.call(self, request, env, ctx);
  const entryFor = typeof policy === "function" ? perEnvCache(policy, call, options) : constant(wrapHandler(call, policy, options));

  return function fetchWithCors(this: unknown, request: Request, env: unknown, ctx: unknown): Promise<Response> {
    const entry = entryFor(env);
    // `this` is the object the runtime called fetch on (the returned handler); a detached call
    // falls back to the handler the user wrote, as its methods expect.
    if ("wrapped" in entry) return entry.wrapped(request, env, ctx, this ?? owner);
    report(options, entry.error, request);
    return Promise.resolve(new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } }));
  };
}

function constant(wrapped: Wrapped): (env: unknown) => Entry {
  const entry: Entry = { wrapped };
  return () => entry;
}

/**
 * Compiles the policy once per distinct env. Objects are held weakly (an isolate keeps one env, a
 * test may make many); a failure is cached too, since the same env fails the same way every time.
 */
function perEnvCache(policyOf: (env: unknown) => CorsPolicy, call: Call, options: WithCorsOptions) {
  const byObject = new WeakMap<object, Entry>();
  const byValue = new Map<unknown, Entry>();
  return (env: unknown): Entry => {
    const isObject = (typeof env === "object" && env !== null) || typeof env === "function";
    let entry = isObject ? byObject.get(env as object) : byValue.get(env);
    if (entry === undefined) {
      try {
        entry = { wrapped: wrapHandler(call, policyOf(env), options) };
      } catch (error) {
        entry = { error };
      }
      if (isObject) byObject.set(env as object, entry);
      else byValue.set(env, entry);
    }
    return entry;
  };
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
