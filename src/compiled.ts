import type { OriginMatcher } from "./origin-matcher.ts";
import type { CorsPolicy, CorsRejection } from "./types.ts";

/**
 * What `corsPolicy()` precomputes: the request path only reads it.
 * Header values are ready-made strings; `undefined` means "omit the header".
 */
export interface CompiledPolicy {
  readonly origins: OriginMatcher;
  readonly credentials: boolean;
  /** Methods allowed beyond the safelisted ones, case-sensitive. */
  readonly methods: ReadonlySet<string>;
  readonly anyMethod: boolean;
  /** `Access-Control-Allow-Methods`; `undefined` with `"*"` and credentials: the request's method is echoed. */
  readonly allowMethods: string | undefined;
  /** The list shown in rejection reasons. */
  readonly methodList: string;
  /** Lowercase request header names allowed. */
  readonly headers: ReadonlySet<string>;
  readonly anyHeader: boolean;
  /** `Access-Control-Allow-Headers`; `undefined` with `"*"` and credentials: the requested names are echoed. */
  readonly allowHeaders: string | undefined;
  readonly headerList: string;
  readonly exposeHeaders: string | undefined;
  readonly maxAge: string | undefined;
  readonly privateNetwork: boolean;
  readonly preflightStatus: 200 | 204;
  readonly preflightVary: string;
  /** Whether actual responses depend on the request's Origin (everything but `origins: "*"`). */
  readonly varyOrigin: boolean;
  readonly debug: boolean;
  readonly onReject: ((rejection: CorsRejection, request: Request) => void) | undefined;
  /**
   * `Access-Control-Request-Headers` values already found fully allowed, with their parsed names.
   * The one mutable part: a bounded cache filled by preflights, never read for a refused value.
   */
  readonly allowedHeaderLists: Map<string, { readonly ok: true; readonly names: readonly string[] }>;
}

// Registered symbol: a policy compiled by one copy of the library (ESM and CJS builds, several
// bundles) is understood by every other copy of the same version.
export const COMPILED: unique symbol = Symbol.for("fetch-cors.policy.v1") as never;

export interface BrandedPolicy extends CorsPolicy {
  readonly [COMPILED]: CompiledPolicy;
}
