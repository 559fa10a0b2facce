/**
 * Who may read responses: everyone, a list of origins and patterns, or a predicate.
 *
 * @example
 * origins: ["https://app.example.com", "https://*.example.com", "http://localhost:*"]
 */
export type OriginsOption =
  | "*"
  | readonly string[]
  | ((origin: string, request: Request) => boolean);

/**
 * Options accepted by {@link corsPolicy} (and, compiled once when wrapping, by `withCors` and every
 * adapter). Every option but `origins` is optional; the defaults are what a JSON API called from its
 * own pages needs. Only the object's own properties are read.
 *
 * @example
 * const options: CorsOptions = { origins: ["https://app.example.com"], credentials: true };
 */
export interface CorsOptions {
  /**
   * Origins allowed to read responses.
   * - `"*"`: any origin, answered with `Access-Control-Allow-Origin: *`. Not with `credentials`
   *   (browsers refuse it), nor with `privateNetwork` or `crossOriginProtection` (it would trust
   *   every site).
   * - a list of exact origins (`"https://app.example.com"`, canonicalised: lowercase, default port
   *   dropped, IDN to punycode), subdomain patterns (`"https://*.example.com"`: any depth, never the
   *   parent itself; not on a public suffix such as `*.co.uk` or `*.github.io`, which would trust
   *   other people's sites) and port wildcards (`"http://localhost:*"`). A path, query, trailing
   *   slash, userinfo or missing scheme is an error showing the form to write: browsers send
   *   `scheme://host[:port]` only. `"*"` inside a list is an error (write `origins: "*"`).
   * - `"null"` only when listed, and never with `credentials`: sandboxed iframes and `file:` pages
   *   all share that origin.
   * - with `credentials`, `http://` origins must be loopback unless `allowInsecureOrigins` is set:
   *   a network attacker can forge a plain-http origin.
   * - a predicate `(origin, request) => boolean`, called only with a well-formed http(s) origin;
   *   only a returned `true` allows (a Promise does not), and the credential rules above hold for
   *   it at run time.
   */
  readonly origins: OriginsOption;
  /**
   * Methods allowed besides the always-allowed GET, HEAD and POST. Default
   * `["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]`; `[]` means safelisted only; `"*"` any
   * (with credentials, the request's method is echoed). Methods are case-sensitive: browsers send
   * custom methods as written, so `"patch"` is an error naming `"PATCH"` unless both are listed.
   * CONNECT, TRACE and TRACK are errors (browsers never send them).
   */
  readonly methods?: "*" | readonly string[];
  /**
   * Request headers allowed beyond the CORS-safelisted ones, case-insensitive. Default
   * `["content-type"]` (JSON bodies); `[]` means safelisted only. `"*"` never covers `authorization`
   * (Fetch Standard): list it by name, e.g. `["*", "authorization"]`. Headers a script can never
   * set (`cookie`, `host`, `origin`, `sec-*`, `proxy-*`, …) and `access-control-*` names are errors.
   */
  readonly requestHeaders?: "*" | readonly string[];
  /**
   * Response headers scripts may read, besides the safelisted ones. Default `[]`. Not
   * `set-cookie` (browsers never expose it); `"*"` not with credentials (it is then a literal name).
   */
  readonly exposeHeaders?: "*" | readonly string[];
  /** Allow cookies, HTTP authentication and client certificates. Default `false`. */
  readonly credentials?: boolean;
  /**
   * Seconds a browser may cache a preflight answer: a whole number from 0 to 86400 (Chrome caps
   * at 7200). Absent: the header is omitted (browsers then cache for 5 seconds).
   */
  readonly maxAge?: number;
  /**
   * Answer Private Network Access preflights (`Access-Control-Request-Private-Network`).
   * Default `false`. Deprecated: Chrome replaced PNA with Local Network Access, a permission that
   * needs no header. Not with `origins: "*"` (every site could reach the private network).
   */
  readonly privateNetwork?: boolean;
  /** Status of an allowed preflight: `204` (default) or `200` (for old clients that want a body status). */
  readonly preflightStatus?: 200 | 204;
  /** Permit `http://` origins on non-loopback hosts together with credentials. Default `false`. */
  readonly allowInsecureOrigins?: boolean;
  /**
   * Also say why a preflight from a disallowed origin, or a request refused by cross-origin
   * protection, was rejected (a `CORS-Rejected` header and a text body). Default `false`: without
   * it nothing about the policy is disclosed to an origin it does not allow. Refusals for an
   * allowed origin are always explained.
   */
  readonly debug?: boolean;
  /**
   * Observes every rejected preflight and every request refused by cross-origin protection. A throw
   * or a rejected promise is caught: an attacker can trigger this at will.
   */
  readonly onReject?: (rejection: CorsRejection, request: Request) => unknown;
  /**
   * Refuse cross-origin writes (form posts, `no-cors` fetches) and WebSocket handshakes from
   * origins the policy does not allow, before the handler runs: CORS alone only stops reading.
   * Default: on when `credentials` is on. `{ exemptPaths: ["/saml/acs"] }` turns it on except for
   * those exact paths (e.g. an OAuth `form_post` or SAML endpoint that other sites post to). Not with
   * `origins: "*"`.
   */
  readonly crossOriginProtection?: boolean | { readonly exemptPaths: readonly string[] };
}

/** Why a preflight or a request was rejected. */
export type RejectionCode =
  | "malformed-preflight"
  | "origin-not-allowed"
  | "method-not-allowed"
  | "header-not-allowed"
  | "headers-too-large"
  | "cross-origin-request";

/** A rejection, as given to `onReject` and (for an allowed origin, or with `debug`) to the client. */
export interface CorsRejection {
  readonly code: RejectionCode;
  /** One line, e.g. `method "patch" is not allowed (methods are case-sensitive; allowed: GET, POST, PATCH)`. */
  readonly message: string;
  /** The request's `Origin` header as received (empty when absent or empty). */
  readonly origin: string;
}

/**
 * A validated, compiled and frozen CORS policy, made by {@link corsPolicy}. Nothing reachable from
 * it can change what it allows. Safe to share across requests, isolates and module instances.
 */
export interface CorsPolicy {
  /** The options the policy was compiled from, normalised (canonical origins, lowercase header names). */
  readonly options: Readonly<NormalisedOptions>;
}

/** What {@link CorsPolicy.options} holds: the options after canonicalisation and defaults. */
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
  readonly crossOriginProtection: false | { readonly exemptPaths: readonly string[] };
}

/**
 * Chooses the policy of each request (per tenant, per route), e.g. {@link corsRoutes} or
 * {@link cachedPolicies}. `context` is what the runtime hands the handler (a Worker's `env` and
 * `ctx`, Deno's `info`, Bun's `server`, Hono's `c`, Lambda's `event` and `context`). Resolved once per
 * request: that one policy answers the preflight, guards the request and decorates the response.
 *
 * @example
 * const byHost: CorsPolicySource = {
 *   resolve: (request) => (new URL(request.url).hostname === "api.example.com" ? apiPolicy : noCors),
 * };
 */
export interface CorsPolicySource<Context extends readonly unknown[] = readonly unknown[]> {
  resolve(request: Request, ...context: Context): CorsPolicy | Promise<CorsPolicy>;
  /**
   * Optional: how a source reports an error that does not fail the request (e.g. a reload that
   * failed, answered from the previous policy). Each wrapper (`withCors`, `corsMiddleware`, every
   * adapter) calls it once, when it is made, with a function that hands errors to its own
   * `onError`, and resolves the source it returns from then on: a view of the same source (sharing
   * its state) that reports to that wrapper. It costs nothing per request. A source without it
   * reports nothing; an error it throws from `resolve` still answers 503 and reaches `onError`.
   *
   * @example
   * const source: CorsPolicySource = {
   *   resolve: () => policy,
   *   reportingTo: (report) => ({ resolve: (request) => (stale ? (report(staleError, request), policy) : policy) }),
   * };
   */
  reportingTo?(report: (error: unknown, request: Request) => void): CorsPolicySource<Context>;
}

/** What `withCors` and every adapter accept: a compiled policy, options to compile once, or a source. */
export type PolicyInput<Context extends readonly unknown[] = readonly unknown[]> =
  | CorsPolicy
  | CorsOptions
  | CorsPolicySource<Context>;

/** Options of `withCors` and of every adapter. */
export interface WithCorsOptions {
  /**
   * Receives errors: thrown by the handler (the client gets a 500 with the CORS headers), by a
   * policy source (a 503 without them), reported by a source without failing the request (a
   * `cachedPolicies` reload that failed, answered from the previous policy), or a response that
   * could not be given its CORS headers.
   * Default: `console.error`. A throw or rejected promise from it is caught.
   */
  readonly onError?: (error: unknown, request: Request) => unknown;
}
