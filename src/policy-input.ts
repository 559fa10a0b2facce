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
export function sourceOf(value: unknown): CorsPolicySource | undefined {
  return methodOf(value, "resolve") === undefined ? undefined : (value as CorsPolicySource);
}

/**
 * The source a wrapper resolves: the one its `reportingTo` hook returns for the wrapper's error
 * reporter, or the source itself when it has no such hook. Runs once, when the wrapper is made.
 */
export function reportingSource(source: CorsPolicySource, report: (error: unknown, request: Request) => void, wrapper: string): CorsPolicySource {
  const hook = methodOf(source, "reportingTo");
  if (hook === undefined) return source;
  const reporting = sourceOf(hook.call(source, report));
  if (reporting === undefined) throw new TypeError(`${wrapper}: the policy source's reportingTo(report) must return a policy source { resolve(request) }`);
  return reporting;
}

/** A method found on the value or its class, never on `Object.prototype` (which anyone can pollute). */
function methodOf(value: unknown, name: string): Function | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  for (let level: object | null = value; level !== null && level !== Object.prototype; level = Object.getPrototypeOf(level) as object | null) {
    if (Object.hasOwn(level, name)) {
      const method: unknown = (level as Record<string, unknown>)[name];
      return typeof method === "function" ? method : undefined;
    }
  }
  return undefined;
}
