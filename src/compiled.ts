import type { CorsPolicy, CorsRejection } from "./types.ts";
import type { RequestedHeaders } from "./request-headers.ts";

/**
 * What `corsPolicy()` precomputes; the request path only reads it. Header values are ready-made
 * strings (`undefined`: omit the header). Deeply immutable: every field is a primitive or a frozen
 * function whose state (Sets, the remembered header lists) nothing outside can reach.
 */
export interface CompiledPolicy {
  /** The policy this belongs to: a brand found on any other object (a polluted prototype) is ignored. */
  readonly policy: CorsPolicy;
  /** `origins: "*"`: every origin, answered with `*`, and no answer depends on the Origin. */
  readonly anyOrigin: boolean;
  /** Whether the request's Origin (non-empty, compared byte for byte) may read responses. */
  readonly allowsOrigin: (origin: string, request: Request) => boolean;
  readonly credentials: boolean;
  /** Whether a requested method is allowed (the safelisted ones always are). */
  readonly allowsMethod: (method: string) => boolean;
  /** `Access-Control-Allow-Methods` of an allowed preflight; `undefined`: echo the request's method. */
  readonly allowMethods: string | undefined;
  /** The names of `methods` without `*`, for an answer to a refused preflight ("" omits the header). */
  readonly namedMethods: string;
  /** Whether `methods` is `"*"` (then a method is never refused). */
  readonly anyMethod: boolean;
  /** The methods a rejection reason lists as allowed. */
  readonly methodList: string;
  /** `Access-Control-Request-Headers` parsed and checked against `requestHeaders`. */
  readonly requestedHeaders: (value: string | null) => RequestedHeaders;
  /** `Access-Control-Allow-Headers` of an allowed preflight; `undefined`: echo the requested names. */
  readonly allowHeaders: string | undefined;
  /** The names of `requestHeaders` without `*`, for an answer to a refused preflight ("" omits it). */
  readonly namedHeaders: string;
  readonly anyHeader: boolean;
  /** The headers a rejection reason lists as allowed. */
  readonly headerList: string;
  readonly exposeHeaders: string | undefined;
  readonly maxAge: string | undefined;
  readonly privateNetwork: boolean;
  readonly preflightStatus: 200 | 204;
  /** `Vary` of every preflight answer; `undefined` when no answer depends on the request (noCors). */
  readonly preflightVary: string | undefined;
  /** Whether actual responses depend on the request's Origin (everything but `origins: "*"` and noCors). */
  readonly varyOrigin: boolean;
  readonly debug: boolean;
  readonly onReject: ((rejection: CorsRejection, request: Request) => unknown) | undefined;
  /** Cross-origin protection (§6): off, on, or on except for some exact paths. */
  readonly protection: false | { readonly isExempt: ((path: string) => boolean) | undefined };
}

// Registered, so a policy compiled by one copy of the library (its ESM and CommonJS builds, several
// bundles) is understood by every other copy of this version. What it holds is frozen all the way down.
const BRAND = Symbol.for("fetch-cors.policy.v2");

/** Makes the public policy object: frozen, its compiled form under the brand. */
export function brandPolicy(options: CorsPolicy["options"], compile: (policy: CorsPolicy) => CompiledPolicy): CorsPolicy {
  const policy = { options } as CorsPolicy;
  Object.defineProperty(policy, BRAND, { value: Object.freeze(compile(policy)) });
  return Object.freeze(policy);
}

/**
 * True for a policy made by `corsPolicy()` (or `noCors`), by this copy of the library or another;
 * false for options, sources and anything else.
 *
 * @example
 * const policy = isCorsPolicy(input) ? input : corsPolicy(input);
 */
export function isCorsPolicy(value: unknown): value is CorsPolicy {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, BRAND)) return false;
  return (value as { [BRAND]?: CompiledPolicy })[BRAND]?.policy === value;
}

/** The precomputed form of a policy, or a TypeError that says how to make one. */
export function compiledOf(policy: CorsPolicy): CompiledPolicy {
  const compiled = (policy as { [BRAND]?: CompiledPolicy } | null | undefined)?.[BRAND];
  if (compiled !== undefined && compiled.policy === policy) return compiled;
  throw new TypeError(
    `expected a policy made by corsPolicy(options), got ${describe(policy)}; ` +
      "compile options once with corsPolicy(), or pass them to withCors(handler, options)",
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "a plain object" : typeof value;
}
