import { kind, shown } from "../compile/read-options.ts";
import { CorsConfigError, type CorsProblem } from "../errors.ts";
import type { CorsOptions, CorsPolicy } from "../types.ts";

/**
 * What `load` may give for a key: options, a policy, or `null` for "no such tenant" (or a promise
 * of one of these).
 *
 * @example
 * const load = async (host: string): Promise<LoadedPolicy> => (host === "shop.example" ? { origins: ["https://shop.example"] } : null);
 */
export type LoadedPolicy = CorsOptions | CorsPolicy | null;

/**
 * Options of {@link cachedPolicies}. `key` and `load` each take the part of the runtime's context
 * they need (none, `env`, `env, ctx`…); the source takes the longer of the two.
 *
 * @example
 * const options: CachedPoliciesOptions<[], [env: Env]> = {
 *   key: (request) => new URL(request.url).hostname,
 *   load: (host, env) => env.TENANTS.get(host, "json"),
 *   maxEntries: 1000,
 *   ttl: 60,
 * };
 */
export interface CachedPoliciesOptions<KeyContext extends readonly unknown[] = [], LoadContext extends readonly unknown[] = []> {
  /**
   * Which tenant a request belongs to, e.g. its hostname. Called on every request with the
   * request and the runtime's context; must return a string (anything else answers 503). It runs
   * on every request, cached or not: keep it cheap.
   */
  readonly key: (request: Request, ...context: KeyContext) => string;
  /**
   * Reads a tenant's policy from the store: options (compiled with `corsPolicy`), a policy, `null`
   * for an unknown tenant (answered with `noCors`, and cached like a policy), or a promise of one.
   */
  readonly load: (key: string, ...context: LoadContext) => LoadedPolicy | Promise<LoadedPolicy>;
  /** How many policies are kept, the least recently used evicted first. A positive integer; default 1000. */
  readonly maxEntries?: number;
  /** Seconds a loaded policy is used before the next request reloads it. A number ≥ 0; default 60. */
  readonly ttl?: number;
  /** The clock, in milliseconds. Default `Date.now`; tests pass their own to move time on. */
  readonly now?: () => number;
}

/**
 * The context a cache is resolved with: the longer of what `key` and `load` take (one must begin
 * the other), e.g. `[env]` for a `key(request)` and a `load(host, env)`.
 */
export type CombinedContext<KeyContext extends readonly unknown[], LoadContext extends readonly unknown[]> =
  LoadContext extends readonly [...KeyContext, ...unknown[]] ? LoadContext
  : KeyContext extends readonly [...LoadContext, ...unknown[]] ? KeyContext
  : never;

/**
 * Nothing, when `key` and `load` take compatible contexts; otherwise a required property whose name
 * says what is wrong, so that the call does not compile.
 */
export type ContextsAgree<KeyContext extends readonly unknown[], LoadContext extends readonly unknown[]> =
  [CombinedContext<KeyContext, LoadContext>] extends [never]
    ? { readonly "key and load must take the same context arguments (one list may be shorter)": never }
    : unknown;

/** The options, read from own properties only and checked; every problem at once. */
export interface CacheSettings {
  readonly key: (request: Request, ...context: readonly unknown[]) => unknown;
  readonly load: (key: string, ...context: readonly unknown[]) => unknown;
  readonly maxEntries: number;
  readonly ttlMs: number;
  readonly now: () => number;
}

const KNOWN = ["key", "load", "maxEntries", "ttl", "now"] as const;

export function cacheSettings(options: CachedPoliciesOptions<never, never>): CacheSettings {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new CorsConfigError([{ option: "options", value: options, code: "invalid-type", message: `${shown(options)} is ${kind(options)}; write { key: (request) => …, load: (key) => … }` }]);
  }
  const problems: CorsProblem[] = [];
  // Own properties only: a polluted Object.prototype must not supply a key or load function.
  const given = new Map<string, unknown>(Object.entries(options));
  for (const [name, value] of given) {
    if (!(KNOWN as readonly string[]).includes(name)) problems.push({ option: name, value, code: "unknown-option", message: `unknown option; known: ${KNOWN.join(", ")}` });
  }
  // Absent or undefined takes the default; null is a value (and a wrong one).
  const read = (name: string, fallback: unknown): unknown => (given.get(name) === undefined ? fallback : given.get(name));
  const fn = (name: string, example: string): unknown => {
    const value = given.get(name);
    if (typeof value !== "function") {
      problems.push({ option: name, value, code: value === undefined ? "required" : "invalid-type", message: `${value === undefined ? "is required" : `${shown(value)} is ${kind(value)}`}; write a function, e.g. ${name}: ${example}` });
    }
    return value;
  };
  const key = fn("key", "(request) => new URL(request.url).hostname");
  const load = fn("load", "(key) => store.get(key)");
  const now = read("now", Date.now);
  if (typeof now !== "function") problems.push({ option: "now", value: now, code: "invalid-type", message: `${shown(now)} is ${kind(now)}; write a function returning milliseconds, e.g. now: () => Date.now()` });
  const maxEntries = read("maxEntries", 1000);
  if (!(typeof maxEntries === "number" && Number.isSafeInteger(maxEntries) && maxEntries > 0)) {
    problems.push({ option: "maxEntries", value: maxEntries, code: "invalid-max-entries", message: `${shown(maxEntries)} is not a positive whole number; e.g. maxEntries: 1000` });
  }
  const ttl = read("ttl", 60);
  if (!(typeof ttl === "number" && ttl >= 0)) {
    problems.push({ option: "ttl", value: ttl, code: "invalid-ttl", message: `${shown(ttl)} is not a number of seconds ≥ 0; e.g. ttl: 60 (0 reloads on every request)` });
  }
  if (problems.length > 0) throw new CorsConfigError(problems);
  return {
    key: key as CacheSettings["key"],
    load: load as CacheSettings["load"],
    maxEntries: maxEntries as number,
    ttlMs: (ttl as number) * 1000,
    now: now as () => number,
  };
}
