/** Who may read responses: everyone, a list of origins and patterns, or a predicate. */
export type OriginsOption =
  | "*"
  | readonly string[]
  | ((origin: string, request: Request) => boolean);

/** Options accepted by {@link corsPolicy}. Every option but `origins` is optional. */
export interface CorsOptions {
  /**
   * Origins allowed to read responses.
   * - `"*"`: any origin, answered with `Access-Control-Allow-Origin: *` (not with credentials).
   * - a list of exact origins (`"https://app.example.com"`), subdomain patterns
   *   (`"https://*.example.com"`), port wildcards (`"http://localhost:*"`) and `"null"`.
   * - a predicate `(origin, request) => boolean`, called only with well-formed origins.
   */
  readonly origins: OriginsOption;
  /** Methods allowed beyond the safelisted GET, HEAD and POST. Case-sensitive. Default `[]`. */
  readonly methods?: "*" | readonly string[];
  /** Request headers allowed beyond the CORS-safelisted ones. `"*"` never covers `authorization`. Default `[]`. */
  readonly requestHeaders?: "*" | readonly string[];
  /** Response headers scripts may read. Default `[]`. */
  readonly exposeHeaders?: "*" | readonly string[];
  /** Allow cookies, HTTP authentication and client certificates. Default `false`. */
  readonly credentials?: boolean;
  /** Seconds a browser may cache a preflight answer (0 to 86400; Chrome caps at 7200). Absent: header omitted. */
  readonly maxAge?: number;
  /** Answer Private Network Access preflights (`Access-Control-Request-Private-Network`). Default `false`. */
  readonly privateNetwork?: boolean;
  /** Status of an allowed preflight. Default `204`. */
  readonly preflightStatus?: 200 | 204;
  /** Permit `http://` origins on non-loopback hosts together with credentials. Default `false`. */
  readonly allowInsecureOrigins?: boolean;
  /** Say why a preflight was rejected, in a `CORS-Rejected` header and a text body. Default `false`. */
  readonly debug?: boolean;
  /** Observes every rejected preflight. Exceptions it throws are ignored. */
  readonly onReject?: (rejection: CorsRejection, request: Request) => void;
}

/** Why a preflight was rejected. */
export type RejectionCode =
  | "malformed-preflight"
  | "origin-not-allowed"
  | "method-not-allowed"
  | "header-not-allowed"
  | "headers-too-large"
  | "private-network-not-allowed";

/** A rejected preflight, as given to `onReject` and (with `debug`) to the client. */
export interface CorsRejection {
  readonly code: RejectionCode;
  /** One line, e.g. `method "patch" is not allowed (methods are case-sensitive; allowed: GET, POST, PATCH)`. */
  readonly message: string;
  /** The request's `Origin` header as received (may be empty). */
  readonly origin: string;
}

/**
 * A validated, compiled and frozen CORS policy, made by {@link corsPolicy}.
 * Safe to share across requests, isolates and module instances.
 */
export interface CorsPolicy {
  /** The options the policy was compiled from, normalised (canonical origins, lowercase header names). */
  readonly options: Readonly<NormalisedOptions>;
}

/** What {@link CorsPolicy.options} holds: the options after canonicalisation. */
export interface NormalisedOptions {
  readonly origins: "*" | readonly string[] | ((origin: string, request: Request) => boolean);
  readonly methods: "*" | readonly string[];
  readonly requestHeaders: "*" | readonly string[];
  readonly exposeHeaders: "*" | readonly string[];
  readonly credentials: boolean;
  readonly maxAge: number | undefined;
  readonly privateNetwork: boolean;
  readonly preflightStatus: 200 | 204;
  readonly allowInsecureOrigins: boolean;
  readonly debug: boolean;
}

/** Options of `withCors` and of every adapter. */
export interface WithCorsOptions {
  /** Receives errors thrown by the handler. Default: `console.error`. */
  readonly onError?: (error: unknown, request: Request) => void;
}
