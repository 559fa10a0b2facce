import { ignoreRejection, isThenable, logError } from "../callbacks.ts";
import { noCors } from "../compile/no-cors.ts";
import { corsPolicy } from "../compile/policy.ts";
import { kind } from "../compile/read-options.ts";
import type { CorsOptions, CorsPolicy, CorsPolicySource } from "../types.ts";
import { cacheSettings, type CacheSettings, type CachedPoliciesOptions, type CombinedContext, type ContextsAgree } from "./cache-options.ts";
import { Lru, type LruEntry } from "./lru.ts";

/**
 * A policy source that keeps the policies it loads: see {@link cachedPolicies}.
 *
 * @example
 * // After a tenant's origins changed in the store, rather than waiting for the ttl:
 * tenants.invalidate("shop.example.com");
 */
export interface CachedPolicies<Context extends readonly unknown[] = []> extends CorsPolicySource<Context> {
  /** Drops one key's policy, or every policy: the next request of that key loads it again. */
  invalidate(key?: string): void;
  /** How many keys are kept (at most `maxEntries`), loading ones included. */
  readonly size: number;
  reportingTo(report: (error: unknown, request: Request) => void): CachedPolicies<Context>;
}

type Report = (error: unknown, request: Request) => void;

interface Entry extends LruEntry {
  /** The policy answering this key's requests; `undefined` until a first load succeeds. */
  policy: CorsPolicy | undefined;
  /** When, on the clock, `policy` stops being used and the next request reloads it. */
  expires: number;
  /** The load in flight, shared by every request of this key that waits for it. */
  loading: Promise<CorsPolicy> | undefined;
}

/**
 * A policy source for policies kept outside the code (Workers KV, D1, Deno KV, DynamoDB, a config
 * service), one per tenant. `key(request, ...context)` says whose request it is (e.g. its
 * hostname); `load(key, ...context)` reads that tenant's options from the store (`null`: no such
 * tenant, answered with {@link noCors}). The runtime's context (a Worker's `env` and `ctx`,
 * Lambda's `event` and `context`…) reaches both.
 *
 * - A cached policy answers synchronously, for `ttl` seconds (default 60) after it was loaded; then
 *   the next request waits for the reload. Concurrent requests for a key share one `load`, and an
 *   unknown tenant's `null` is cached too, so request data cannot multiply store reads.
 * - At most `maxEntries` (default 1000) keys are kept, the least recently used evicted first, so
 *   hostile hostnames cannot grow memory without bound.
 * - A first load that fails (throws, rejects, or gives invalid options) answers its requests 503,
 *   without CORS headers or the handler, and the next request tries again. A reload that fails
 *   keeps the previous policy for another `ttl` and reports the error to the wrapper's `onError`:
 *   a store outage never turns working CORS off.
 * - A policy only ever answers requests of its own key. `invalidate(key?)` drops one key or all; a
 *   load in flight then still answers the requests waiting for it, but is not kept.
 *
 * Invalid options throw {@link CorsConfigError} now, listing every problem.
 *
 * @example
 * const tenants = cachedPolicies({
 *   key: (request) => new URL(request.url).hostname,
 *   load: async (host, env: Env) => {
 *     const tenant = await env.TENANTS.get<{ origins: string[] }>(host, "json");
 *     return tenant && { origins: tenant.origins, credentials: true };
 *   },
 *   ttl: 60,
 * });
 * export default withCors({ fetch: handle }, tenants);
 */
export function cachedPolicies<KeyContext extends readonly unknown[] = [], LoadContext extends readonly unknown[] = []>(
  options: CachedPoliciesOptions<KeyContext, LoadContext> & ContextsAgree<KeyContext, LoadContext>,
): CachedPolicies<CombinedContext<KeyContext, LoadContext>> {
  const settings = cacheSettings(options as unknown as CachedPoliciesOptions<never, never>);
  return cacheView(settings, new Lru<Entry>(settings.maxEntries), logError);
}

/** The cache's state seen by one wrapper: every view shares the entries, each reports to its own wrapper. */
function cacheView<Context extends readonly unknown[]>(settings: CacheSettings, cache: Lru<Entry>, report: Report): CachedPolicies<Context> {
  const { key: keyOf, load, ttlMs, now } = settings;

  // An entry invalidated or evicted while it loaded is no longer in the cache and never returns to
  // it: what is written to it reaches only the requests that were already waiting for it.
  const loaded = (entry: Entry, policy: CorsPolicy): CorsPolicy => {
    entry.loading = undefined;
    entry.policy = policy;
    entry.expires = now() + ttlMs;
    return policy;
  };

  const failed = (entry: Entry, error: unknown, request: Request): CorsPolicy => {
    entry.loading = undefined;
    const previous = entry.policy;
    if (previous === undefined) {
      // Nothing to fall back on: this request is answered 503, the key takes no room, and the next
      // request loads again.
      cache.delete(entry);
      throw error;
    }
    entry.expires = now() + ttlMs;
    report(error, request);
    return previous;
  };

  const start = (entry: Entry, request: Request, context: Context): CorsPolicy | Promise<CorsPolicy> => {
    let value: unknown;
    try {
      value = load(entry.key, ...context);
      if (!isThenable(value)) return loaded(entry, policyOf(value));
    } catch (error) {
      return failed(entry, error, request);
    }
    const loading = Promise.resolve(value).then(policyOf).then(
      (policy) => loaded(entry, policy),
      (error: unknown) => failed(entry, error, request),
    );
    entry.loading = loading;
    return loading;
  };

  return Object.freeze({
    resolve(request: Request, ...context: Context): CorsPolicy | Promise<CorsPolicy> {
      const key: unknown = keyOf(request, ...context);
      if (typeof key !== "string") {
        ignoreRejection(key);
        throw new TypeError(`cachedPolicies: key(request) returned ${kind(key)}; return a string, such as the request's hostname`);
      }
      const entry = cache.get(key);
      if (entry === undefined) {
        const fresh: Entry = { key, newer: undefined, older: undefined, policy: undefined, expires: 0, loading: undefined };
        cache.add(fresh);
        return start(fresh, request, context);
      }
      cache.touch(entry);
      if (entry.policy !== undefined && now() < entry.expires) return entry.policy;
      return entry.loading ?? start(entry, request, context);
    },
    invalidate(key?: string): void {
      if (key === undefined) return cache.clear();
      if (typeof key !== "string") throw new TypeError(`cachedPolicies: invalidate(key) takes a key string (or nothing, to drop every policy), got ${kind(key)}`);
      const entry = cache.get(key);
      if (entry !== undefined) cache.delete(entry);
    },
    get size(): number {
      return cache.size;
    },
    reportingTo(to: Report): CachedPolicies<Context> {
      return cacheView(settings, cache, to);
    },
  });
}

/** The policy a loaded value stands for; throws for one that is neither options, a policy nor `null`. */
function policyOf(value: unknown): CorsPolicy {
  if (value === null) return noCors;
  if (value === undefined) throw new TypeError("cachedPolicies: load(key) returned undefined; return options, a policy, or null for an unknown tenant");
  return corsPolicy(value as CorsOptions);
}
