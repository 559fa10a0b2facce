export { corsPolicy } from "./compile/policy.ts";
export { noCors } from "./compile/no-cors.ts";
export { preflight } from "./preflight.ts";
export { guardCrossOrigin } from "./cross-origin.ts";
export { addCorsHeaders } from "./actual.ts";
export { withCors, corsMiddleware } from "./with-cors.ts";
export { policyPerEnv } from "./env-policies.ts";
export { corsRoutes, type CorsRoute } from "./sources/routes.ts";
export { cachedPolicies, type CachedPolicies } from "./sources/cached-policies.ts";
export type { CachedPoliciesOptions, LoadedPolicy } from "./sources/cache-options.ts";
export { isCorsPolicy } from "./compiled.ts";
export { CorsConfigError, type CorsProblem } from "./errors.ts";
export type {
  CorsOptions, CorsPolicy, CorsPolicySource, CorsRejection, NormalisedOptions, OriginsOption, PolicyInput,
  RejectionCode, WithCorsOptions,
} from "./types.ts";
