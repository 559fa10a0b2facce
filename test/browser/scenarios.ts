import type { HAND_WRITTEN_WILDCARD } from "./fixture/app.ts";
import type { PolicyName } from "./fixture/policies.ts";

/** Where the page runs. `sandboxed` is a sandboxed iframe in the localhost page: `Origin: null`. */
export type PageOrigin = "localhost" | "app.localhost" | "deep.app.localhost" | "other.localhost" | "sandboxed";

/**
 * How the page names the API. `127.0.0.1` is another site; `localhost` is the same site on another
 * port (still cross-origin), which is what lets SameSite=Lax cookies travel in credential scenarios,
 * and a host name, which Firefox's preflight cache needs (see the Max-Age scenarios).
 */
export type ApiHost = "127.0.0.1" | "localhost";

export interface ScenarioRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly credentials?: RequestCredentials;
}

export interface Scenario {
  /** The SPEC rule it exercises (one `describe` per rule). */
  readonly rule: string;
  /** The behaviour, stated as the policy's verdict. */
  readonly name: string;
  readonly policy: PolicyName | typeof HAND_WRITTEN_WILDCARD;
  readonly route?: "echo" | "throw" | "fetched";
  readonly from?: PageOrigin;
  readonly api?: ApiHost;
  /** Made in order against one URL (the preflight cache is keyed by URL). Default: one GET. */
  readonly requests?: readonly ScenarioRequest[];
  /** First let the API set a `session` cookie (through the credentials policy). */
  readonly setCookie?: boolean;
  /** The policy's verdict: the page may read every response, or none. */
  readonly verdict: "readable" | "blocked";
  /** Requests that reached the handler (0 for every blocked non-simple request). */
  readonly reached: number;
  /** Preflights the server received. */
  readonly preflights: number;
  /** Status the library answered each preflight with. */
  readonly preflightStatus?: 200 | 204 | 403;
  /** What the page read (only for readable scenarios). `ID` stands for the scenario's request id. */
  readonly read?: {
    readonly status?: number;
    readonly headers?: Readonly<Record<string, string | null>>;
    readonly bodyIncludes?: string;
    readonly bodyExcludes?: string;
  };
  /** Whether the session cookie arrived with the actual requests. */
  readonly cookieSent?: boolean;
}

const PUT = { method: "PUT" } as const;
const JSON_POST = { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' } as const;
const TEXT_POST = { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" } as const;
const INCLUDE = { credentials: "include" } as const;

const METHODS = "Methods: GET, HEAD, POST are safelisted; others must be listed, case-sensitively";
const HEADERS = "Request headers: non-safelisted ones (content-type for JSON too) must be listed";
const AUTHORIZATION = 'Authorization: never covered by "*", allowed when listed';
const CREDENTIALS = "Credentials: cookies are readable only with credentials: true";
const ORIGINS = "Exact origins: only listed origins read responses";
const REJECTED = "Rejected origins: simple requests reach the server but are not readable";
const PATTERNS = "Subdomain patterns, port wildcards and predicates";
const NULL_ORIGIN = 'The "null" origin (sandboxed iframe): allowed only when listed';
const ERRORS = "Handler errors: a 500 with CORS headers, readable by the page";
const EXPOSE = "Exposed response headers: only those listed are readable";
const MAX_AGE = "Max-Age: the browser caches the preflight answer";
const FETCHED = "Responses straight from fetch(): immutable headers are copied, stale CORS headers replaced";
const PREFLIGHT = "Preflight answers: preflightStatus and debug";
const DEVIATION = "Where the browsers are laxer than the Fetch Standard (why fetch-cors checks for them)";

export const SCENARIOS: readonly Scenario[] = [
  // Methods
  { rule: METHODS, name: "PUT listed: readable", policy: "exact", requests: [PUT], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204 },
  { rule: METHODS, name: "DELETE listed: readable", policy: "exact", requests: [{ method: "DELETE" }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: METHODS, name: "PATCH listed: readable", policy: "exact", requests: [{ method: "PATCH" }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: METHODS, name: 'lowercase "patch" does not match "PATCH": blocked, never reaches the handler', policy: "exact", requests: [{ method: "patch" }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: METHODS, name: "PROPFIND not listed: blocked, never reaches the handler", policy: "exact", requests: [{ method: "PROPFIND" }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: METHODS, name: "PUT with no methods listed: blocked, never reaches the handler", policy: "bare-defaults", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: METHODS, name: "GET with no methods listed: readable without a preflight", policy: "bare-defaults", verdict: "readable", reached: 1, preflights: 0 },
  { rule: METHODS, name: "text/plain POST with no methods listed: readable without a preflight", policy: "bare-defaults", requests: [TEXT_POST], verdict: "readable", reached: 1, preflights: 0 },
  { rule: METHODS, name: 'methods "*" without credentials allows PROPFIND: readable', policy: "any-method-and-header", requests: [{ method: "PROPFIND" }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: METHODS, name: 'methods "*" with credentials answers the request\'s own method: PROPFIND readable', policy: "credentials-any-method-and-header", api: "localhost", setCookie: true, requests: [{ method: "PROPFIND", ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1, cookieSent: true },

  // Request headers
  { rule: HEADERS, name: "listed X-Api-Key on a PUT: readable", policy: "exact", requests: [{ method: "PUT", headers: { "x-api-key": "k" } }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: HEADERS, name: "header names are case-insensitive (X-API-KEY): readable", policy: "exact", requests: [{ headers: { "X-API-KEY": "k" } }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: HEADERS, name: "unlisted X-Other: blocked, never reaches the handler", policy: "exact", requests: [{ headers: { "x-other": "o" } }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: HEADERS, name: "JSON POST with content-type listed: readable", policy: "exact", requests: [JSON_POST], verdict: "readable", reached: 1, preflights: 1 },
  { rule: HEADERS, name: "JSON POST with content-type not listed: blocked, never reaches the handler", policy: "bare-defaults", requests: [JSON_POST], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: HEADERS, name: 'requestHeaders "*" without credentials allows X-Anything: readable', policy: "any-method-and-header", requests: [{ headers: { "x-anything": "a" } }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: HEADERS, name: 'requestHeaders "*" with credentials answers the request\'s own list: X-Anything readable', policy: "credentials-any-method-and-header", api: "localhost", requests: [{ headers: { "x-anything": "a" }, ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1 },

  // Authorization
  { rule: AUTHORIZATION, name: 'requestHeaders "*" does not cover Authorization: blocked (403), never reaches the handler', policy: "any-method-and-header", requests: [{ headers: { authorization: "Bearer t" } }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: AUTHORIZATION, name: 'requestHeaders ["*", "authorization"] allows Authorization: readable', policy: "any-header-and-authorization", requests: [{ headers: { authorization: "Bearer t" } }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: AUTHORIZATION, name: 'requestHeaders "*" with credentials does not cover Authorization either: blocked', policy: "credentials-any-method-and-header", api: "localhost", requests: [{ headers: { authorization: "Bearer t" }, ...INCLUDE }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: AUTHORIZATION, name: "Authorization listed, with credentials and a cookie: readable", policy: "credentials", api: "localhost", setCookie: true, requests: [{ headers: { authorization: "Bearer t" }, ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1, cookieSent: true },

  // Credentials
  { rule: CREDENTIALS, name: "credentials: true, GET with the API's cookie: readable, the cookie arrives", policy: "credentials", api: "localhost", setCookie: true, requests: [INCLUDE], verdict: "readable", reached: 1, preflights: 0, cookieSent: true, read: { headers: { "x-request-id": "ID" } } },
  { rule: CREDENTIALS, name: "credentials: true, PUT with X-Api-Key and the cookie: readable after one preflight", policy: "credentials", api: "localhost", setCookie: true, requests: [{ method: "PUT", headers: { "x-api-key": "k" }, ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204, cookieSent: true },
  { rule: CREDENTIALS, name: "credentials off, GET with the cookie: the server sees it but the page cannot read", policy: "exact", api: "localhost", setCookie: true, requests: [INCLUDE], verdict: "blocked", reached: 1, preflights: 0, cookieSent: true },
  { rule: CREDENTIALS, name: "credentials off, credentialed PUT: blocked after the preflight, never reaches the handler", policy: "exact", api: "localhost", requests: [{ method: "PUT", ...INCLUDE }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
  { rule: CREDENTIALS, name: 'credentials off, credentials: "omit": readable, no cookie sent', policy: "exact", api: "localhost", setCookie: true, requests: [{ credentials: "omit" }], verdict: "readable", reached: 1, preflights: 0, cookieSent: false },
  { rule: CREDENTIALS, name: 'origins "*" answers "*", which a credentialed request cannot read: blocked', policy: "any-origin", api: "localhost", requests: [INCLUDE], verdict: "blocked", reached: 1, preflights: 0 },

  // Exact origins
  { rule: ORIGINS, name: "PUT from the listed app.localhost page: readable", policy: "app-only", from: "app.localhost", requests: [PUT], verdict: "readable", reached: 1, preflights: 1 },
  { rule: ORIGINS, name: "PUT from an unlisted origin (localhost): blocked (403), never reaches the handler", policy: "app-only", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: ORIGINS, name: 'origins "*" lets any page read: other.localhost readable', policy: "any-origin", from: "other.localhost", verdict: "readable", reached: 1, preflights: 0, read: { headers: { "x-request-id": "ID" } } },
  { rule: ORIGINS, name: 'origins "*" lets any page read: a sandboxed iframe (Origin: null) readable', policy: "any-origin", from: "sandboxed", verdict: "readable", reached: 1, preflights: 0 },

  // Rejected origins, simple requests
  { rule: REJECTED, name: "GET from an unlisted origin: reaches the server, not readable", policy: "exact", from: "app.localhost", verdict: "blocked", reached: 1, preflights: 0 },
  { rule: REJECTED, name: "text/plain POST from an unlisted origin: reaches the server, not readable", policy: "app-only", requests: [TEXT_POST], verdict: "blocked", reached: 1, preflights: 0 },

  // Patterns
  { rule: PATTERNS, name: "http://*.localhost:<port> matches app.localhost: readable", policy: "subdomains", from: "app.localhost", requests: [PUT], verdict: "readable", reached: 1, preflights: 1 },
  { rule: PATTERNS, name: "http://*.localhost:<port> matches deep.app.localhost: readable", policy: "subdomains", from: "deep.app.localhost", requests: [PUT], verdict: "readable", reached: 1, preflights: 1 },
  { rule: PATTERNS, name: "http://*.localhost:<port> never matches the bare localhost: blocked", policy: "subdomains", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: PATTERNS, name: "http://*.app.localhost:<port> does not match app.localhost itself: blocked", policy: "subdomains-of-app", from: "app.localhost", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: PATTERNS, name: "http://*.app.localhost:<port> matches deep.app.localhost: readable", policy: "subdomains-of-app", from: "deep.app.localhost", requests: [PUT], verdict: "readable", reached: 1, preflights: 1 },
  { rule: PATTERNS, name: "a pattern on another port (http://*.localhost:1) does not match: blocked", policy: "subdomains-other-port", from: "app.localhost", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: PATTERNS, name: "port wildcard http://localhost:* matches the page's port: readable", policy: "any-port", requests: [PUT], verdict: "readable", reached: 1, preflights: 1 },
  { rule: PATTERNS, name: "port wildcard http://localhost:* does not match app.localhost: blocked", policy: "any-port", from: "app.localhost", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: PATTERNS, name: "combined http://*.localhost:* matches other.localhost: readable", policy: "subdomains-any-port", from: "other.localhost", requests: [PUT], verdict: "readable", reached: 1, preflights: 1 },
  { rule: PATTERNS, name: "a predicate returning true: readable", policy: "predicate", from: "other.localhost", requests: [PUT], verdict: "readable", reached: 1, preflights: 1 },
  { rule: PATTERNS, name: "a predicate returning false: blocked", policy: "predicate", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },

  // null origin
  { rule: NULL_ORIGIN, name: '"null" listed: PUT from a sandboxed iframe readable', policy: "null-origin", from: "sandboxed", requests: [PUT], verdict: "readable", reached: 1, preflights: 1 },
  { rule: NULL_ORIGIN, name: '"null" not listed: PUT from a sandboxed iframe blocked', policy: "exact", from: "sandboxed", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },
  { rule: NULL_ORIGIN, name: "patterns never match null: GET from a sandboxed iframe not readable", policy: "subdomains-any-port", from: "sandboxed", verdict: "blocked", reached: 1, preflights: 0 },

  // Handler errors
  { rule: ERRORS, name: "a throwing handler: the page reads a 500 that leaks nothing", policy: "exact", route: "throw", verdict: "readable", reached: 1, preflights: 0, read: { status: 500, bodyIncludes: "Internal Server Error", bodyExcludes: "hunter2" } },
  { rule: ERRORS, name: "a throwing handler behind a preflight and credentials: the page reads the 500", policy: "credentials", route: "throw", api: "localhost", requests: [{ method: "PUT", ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1, read: { status: 500 } },

  // Exposed headers
  { rule: EXPOSE, name: "X-Request-Id exposed is readable, X-Internal is not", policy: "exact", verdict: "readable", reached: 1, preflights: 0, read: { headers: { "x-request-id": "ID", "x-internal": null, "content-type": "application/json" } } },
  { rule: EXPOSE, name: 'exposeHeaders "*" without credentials makes X-Internal readable', policy: "expose-any", verdict: "readable", reached: 1, preflights: 0, read: { headers: { "x-request-id": "ID", "x-internal": "not exposed" } } },
  { rule: EXPOSE, name: "nothing exposed: only safelisted headers (content-type) are readable", policy: "bare-defaults", verdict: "readable", reached: 1, preflights: 0, read: { headers: { "x-request-id": null, "content-type": "application/json" } } },

  // Max-Age. The API is named by host name here, as real APIs are. Firefox honours a cached
  // preflight only while its DNS cache shows the API host unchanged since the preflight (a guard
  // against DNS rebinding): it re-reads the host's record for each address family and drops the
  // entry if any was updated after it. For an IP literal such as 127.0.0.1, those per-family
  // records are only created by that very check, so the first one or two cache hits for a fresh
  // IP-literal host always find a record "newer" than the preflight and send a new one. With a
  // name, the check reads the record resolved for the preflight's own request, which predates the
  // entry, so the cached answer is reused from the first request on. This also keeps "maxAge 0"
  // meaningful: under the IP-literal quirk, Firefox would preflight twice even with a long Max-Age.
  { rule: MAX_AGE, name: "maxAge 600: two PUTs, one preflight", policy: "max-age", api: "localhost", requests: [PUT, PUT], verdict: "readable", reached: 2, preflights: 1 },
  { rule: MAX_AGE, name: "maxAge 600: the cached full method list covers a later DELETE, no second preflight", policy: "max-age", api: "localhost", requests: [PUT, { method: "DELETE" }], verdict: "readable", reached: 2, preflights: 1 },
  { rule: MAX_AGE, name: "maxAge 0: every PUT is preflighted", policy: "max-age-zero", api: "localhost", requests: [PUT, PUT], verdict: "readable", reached: 2, preflights: 2 },

  // fetch() responses
  { rule: FETCHED, name: "a fetch() response with a stale Access-Control-Allow-Origin: readable", policy: "exact", route: "fetched", verdict: "readable", reached: 1, preflights: 0, read: { bodyIncludes: "upstream body", headers: { "x-request-id": "from-upstream", "x-stale": null } } },
  { rule: FETCHED, name: "a fetch() response behind a credentialed preflight: readable", policy: "credentials", route: "fetched", api: "localhost", requests: [{ method: "PUT", ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1, read: { bodyIncludes: "upstream body" } },
  { rule: FETCHED, name: "a fetch() response for an unlisted origin: not readable", policy: "exact", route: "fetched", from: "other.localhost", verdict: "blocked", reached: 1, preflights: 0 },

  // Preflight answers
  { rule: PREFLIGHT, name: "preflightStatus 200: PUT readable", policy: "status-200", requests: [PUT], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 200 },
  { rule: PREFLIGHT, name: "debug: an unlisted method answered 204 with the allowed lists is still blocked", policy: "debug", requests: [{ method: "DELETE" }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
  { rule: PREFLIGHT, name: "debug: an unlisted origin is still answered 403 and blocked", policy: "debug", from: "app.localhost", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 403 },

  // Not fetch-cors: a hand-written answer. The Fetch Standard says `*` never covers Authorization,
  // so the page should be blocked; both browsers let it through. fetch-cors rejects such a
  // preflight itself (see the Authorization rule), so a policy never relies on the browser here.
  { rule: DEVIATION, name: 'a hand-written "Access-Control-Allow-Headers: *" lets Authorization through: readable, although the standard blocks it', policy: "hand-written-wildcard", requests: [{ headers: { authorization: "Bearer t" } }], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204 },
];
