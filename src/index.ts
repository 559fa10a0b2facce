export { corsPolicy } from "./compile/policy.ts";
export { preflight } from "./preflight.ts";
export { addCorsHeaders } from "./actual.ts";
export { withCors } from "./with-cors.ts";
export { CorsConfigError, type CorsProblem } from "./errors.ts";
export type {
  CorsOptions, CorsPolicy, CorsRejection, NormalisedOptions, OriginsOption, RejectionCode, WithCorsOptions,
} from "./types.ts";
