import { compiledOf, isCorsPolicy, type CompiledPolicy } from "./compiled.ts";
import { corsPolicy } from "./compile/policy.ts";
import type { CorsOptions, CorsPolicySource, PolicyInput } from "./types.ts";

/** What a wrapper holds from the moment it is made: one compiled policy, or a source to ask per request. */
export type WrappedPolicy =
  | { readonly compiled: CompiledPolicy; readonly source?: undefined }
  | { readonly compiled?: undefined; readonly source: CorsPolicySource };

/**
 * Sorts what `withCors` or an adapter was given, when it is given: a compiled policy is used as it
 * is, a source is kept, and options are compiled now, so invalid ones throw `CorsConfigError` at
 * startup rather than on a request.
 */
export function wrapPolicy(input: PolicyInput<never>, wrapper: string): WrappedPolicy {
  if (isCorsPolicy(input)) return { compiled: compiledOf(input) };
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    if (typeof input !== "function") {
      throw new TypeError(`${wrapper}: expected a policy made by corsPolicy(options), options such as { origins: ["https://app.example.com"] }, or a policy source { resolve(request) }; got ${input === null ? "null" : Array.isArray(input) ? "an array" : typeof input}`);
    }
  }
  const source = sourceOf(input);
  if (source !== undefined) return { source };
  if (typeof input === "function") {
    throw new TypeError(`${wrapper}: got a function; pass a policy made by corsPolicy(), options such as { origins: [...] }, or a policy source { resolve(request) }`);
  }
  return { compiled: compiledOf(corsPolicy(input as CorsOptions)) };
}

/**
 * The source behind a value with a `resolve` method, own or from its class, never one that only a
 * polluted `Object.prototype` gives it (options would then be mistaken for a source).
 */
function sourceOf(value: unknown): CorsPolicySource | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  for (let level: object | null = value; level !== null && level !== Object.prototype; level = Object.getPrototypeOf(level) as object | null) {
    if (Object.hasOwn(level, "resolve")) {
      return typeof (level as { resolve?: unknown }).resolve === "function" ? (value as CorsPolicySource) : undefined;
    }
  }
  return undefined;
}
