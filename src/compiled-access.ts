import { COMPILED, type BrandedPolicy, type CompiledPolicy } from "./compiled.ts";
import { corsPolicy } from "./compile/policy.ts";
import type { CorsOptions, CorsPolicy } from "./types.ts";

const compiledFromOptions = new WeakMap<object, CompiledPolicy>();

/**
 * The precomputed form of a policy. Plain options passed by mistake are compiled once and cached,
 * so they behave exactly like `corsPolicy(options)` (including its CorsConfigError).
 */
export function compiledOf(policy: CorsPolicy): CompiledPolicy {
  if (typeof policy !== "object" || policy === null) {
    throw new TypeError(`expected a policy made by corsPolicy(options), got ${String(policy)}`);
  }
  const compiled = (policy as BrandedPolicy)[COMPILED];
  if (compiled !== undefined) return compiled;
  let cached = compiledFromOptions.get(policy);
  if (cached === undefined) {
    cached = (corsPolicy(policy as unknown as CorsOptions) as BrandedPolicy)[COMPILED];
    compiledFromOptions.set(policy, cached);
  }
  return cached;
}
