import type { BrowserName } from "./browsers.ts";
import type { HAND_WRITTEN_WILDCARD } from "./fixture/app.ts";
import type { PolicyName } from "./fixture/policies.ts";
import type { FormEnctype } from "./page/probe-types.ts";

/**
 * Where the page runs. `sandboxed` is a sandboxed iframe in the localhost page: `Origin: null`.
 * `127.0.0.1` is the API's own host on another port: same-site to an API named `127.0.0.1`.
 */
export type PageOrigin = "localhost" | "app.localhost" | "deep.app.localhost" | "other.localhost" | "127.0.0.1" | "sandboxed";

/**
 * How the page names the API. `127.0.0.1` is another site; `localhost` is the same site on another
 * port (still cross-origin), which is what lets SameSite=Lax cookies travel in credential scenarios,
 * and a host name, which Firefox's preflight cache needs (see the Max-Age scenarios).
 */
export type ApiHost = "127.0.0.1" | "localhost";

/** A `fetch` by default; `form` posts an HTML form instead, `webSocket` opens a WebSocket. */
export interface ScenarioRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly credentials?: RequestCredentials;
  readonly mode?: "no-cors";
  readonly form?: FormEnctype;
  /** To the `ws` route, with `ws:` for `http:`; the page sends one message and waits for its echo. */
  readonly webSocket?: true;
}

/** What a request carried, as the server saw it. `PAGE` stands for the page's own origin. */
export interface Sent {
  readonly origin: "PAGE" | string | null;
  readonly secFetchSite: string | null;
  readonly secFetchMode: string | null;
}

export interface Scenario {
  /** The SPEC rule it exercises (one `describe` per rule). */
  readonly rule: string;
  /** The behaviour, stated as the policy's verdict. */
  readonly name: string;
  readonly policy: PolicyName | typeof HAND_WRITTEN_WILDCARD;
  readonly route?: "echo" | "throw" | "fetched" | "ws";
  readonly from?: PageOrigin;
  readonly api?: ApiHost;
  /** Made in order against one URL (the preflight cache is keyed by URL). Default: one GET. */
  readonly requests?: readonly ScenarioRequest[];
  /** First let the API set a `session` cookie (through the credentials policy). */
  readonly setCookie?: boolean;
  /**
   * What the page found, the same for every request: a fetch is `readable` or `blocked` (or
   * `opaque`, a no-cors fetch, which resolves whatever the answer); a form is `submitted` (its answer
   * is another origin's document, which the page cannot read); a WebSocket is `open` (its message
   * came back) or `closed` (the handshake failed).
   */
  readonly verdict: "readable" | "blocked" | "opaque" | "submitted" | "open" | "closed";
  /** Requests that reached the handler (0 for every blocked non-simple request). */
  readonly reached: number;
  /** Preflights the server received. */
  readonly preflights: number;
  /** Status the library answered each preflight with. */
  readonly preflightStatus?: 200 | 204 | 403;
  /** Status the server answered each actual request with (403: refused before the handler). */
  readonly answered?: 101 | 200 | 403;
  /** What the browser sent with each actual request, the same in both browsers or per browser. */
  readonly sent?: Sent | Readonly<Record<BrowserName, Sent>>;
  /** Text each browser's console message about this scenario's request must hold. */
  readonly console?: Readonly<Record<BrowserName, string>>;
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
const JSON_BODY = { headers: { "content-type": "application/json" }, body: '{"a":1}' } as const;
const JSON_POST = { method: "POST", ...JSON_BODY } as const;
const TEXT_POST = { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" } as const;
const INCLUDE = { credentials: "include" } as const;
/** The three encodings an HTML form can post, one request each. */
const FORM_POSTS = [
  { form: "application/x-www-form-urlencoded" },
  { form: "multipart/form-data" },
  { form: "text/plain" },
] as const;
const NO_CORS_POST = { method: "POST", mode: "no-cors", ...INCLUDE, headers: { "content-type": "text/plain" }, body: "hello" } as const;
const WEBSOCKET = { webSocket: true } as const;

/** What both browsers send with a form post (a navigation of the iframe) from `site`. */
const formFrom = (site: string): Sent => ({ origin: "PAGE", secFetchSite: site, secFetchMode: "navigate" });
const noCorsFrom = (site: string): Sent => ({ origin: "PAGE", secFetchSite: site, secFetchMode: "no-cors" });
/** Chromium sends no Fetch Metadata on a WebSocket handshake, only Origin; Firefox sends both. */
const socketFrom = (site: string): Record<BrowserName, Sent> => ({
  chromium: { origin: "PAGE", secFetchSite: null, secFetchMode: null },
  firefox: { origin: "PAGE", secFetchSite: site, secFetchMode: "websocket" },
});

const DEFAULTS = "Defaults: with only origins set, the page's JSON API calls go through, and refusals name their cause";
const METHODS = "Methods: GET, HEAD, POST are always allowed; others must be listed (or be defaults), case-sensitively";
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
const CROSS_SITE = "Cross-origin protection: form posts, no-cors POSTs and WebSockets from a site the policy does not allow never reach the handler";
const SAME_SITE = "Cross-origin protection: same-site is cross-origin (the API's host on another port), refused unless allowed";
const ALLOWED_PAGE = "Cross-origin protection: the allowed page's form posts, no-cors POST, credentialed PUT and WebSocket go through";
const UNPROTECTED = "Without credentials protection is off: CORS alone lets another site's form post and WebSocket reach the handler";

export const SCENARIOS: readonly Scenario[] = [
  // Defaults: `{ origins: [page] }` and nothing else.
  { rule: DEFAULTS, name: "a JSON POST: readable after one preflight", policy: "bare-defaults", requests: [JSON_POST], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204 },
  { rule: DEFAULTS, name: "a JSON PUT: readable after one preflight", policy: "bare-defaults", requests: [{ method: "PUT", ...JSON_BODY }], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204 },
  { rule: DEFAULTS, name: "a PATCH: readable", policy: "bare-defaults", requests: [{ method: "PATCH", ...JSON_BODY }], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204 },
  { rule: DEFAULTS, name: "a DELETE: readable", policy: "bare-defaults", requests: [{ method: "DELETE" }], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204 },
  {
    rule: DEFAULTS, name: "X-Api-Key is not a default: blocked, and each browser's console names the header", policy: "bare-defaults",
    requests: [{ headers: { "x-api-key": "k" } }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204,
    console: {
      chromium: "Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.",
      firefox: "(Reason: header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)",
    },
  },
  {
    rule: DEFAULTS, name: "Authorization is never a default: blocked, and each browser's console names the header", policy: "bare-defaults",
    requests: [{ headers: { authorization: "Bearer t" } }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204,
    console: {
      chromium: "Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.",
      firefox: "(Reason: header ‘authorization’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)",
    },
  },
  {
    rule: DEFAULTS, name: 'lowercase "patch" is not the default PATCH: blocked; Chromium\'s console names the method, Firefox\'s names none', policy: "bare-defaults",
    requests: [{ method: "patch" }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204,
    console: {
      chromium: "Method patch is not allowed by Access-Control-Allow-Methods in preflight response.",
      firefox: "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)",
    },
  },

  // Methods
  { rule: METHODS, name: "PUT listed: readable", policy: "exact", requests: [PUT], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204 },
  { rule: METHODS, name: "DELETE listed: readable", policy: "exact", requests: [{ method: "DELETE" }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: METHODS, name: "PATCH listed: readable", policy: "exact", requests: [{ method: "PATCH" }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: METHODS, name: 'lowercase "patch" does not match "PATCH": blocked (answered 204 without it), never reaches the handler', policy: "exact", requests: [{ method: "patch" }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
  { rule: METHODS, name: "PROPFIND not listed: blocked (answered 204 without it), never reaches the handler", policy: "exact", requests: [{ method: "PROPFIND" }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
  { rule: METHODS, name: "PUT with methods: [] (safelisted only): blocked, never reaches the handler", policy: "safelisted-only", requests: [PUT], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
  { rule: METHODS, name: "GET with methods: []: readable without a preflight", policy: "safelisted-only", verdict: "readable", reached: 1, preflights: 0 },
  { rule: METHODS, name: "text/plain POST with methods: []: readable without a preflight", policy: "safelisted-only", requests: [TEXT_POST], verdict: "readable", reached: 1, preflights: 0 },
  { rule: METHODS, name: 'methods "*" without credentials allows PROPFIND: readable', policy: "any-method-and-header", requests: [{ method: "PROPFIND" }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: METHODS, name: 'methods "*" with credentials answers the request\'s own method: PROPFIND readable', policy: "credentials-any-method-and-header", api: "localhost", setCookie: true, requests: [{ method: "PROPFIND", ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1, cookieSent: true },

  // Request headers
  { rule: HEADERS, name: "listed X-Api-Key on a PUT: readable", policy: "exact", requests: [{ method: "PUT", headers: { "x-api-key": "k" } }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: HEADERS, name: "header names are case-insensitive (X-API-KEY): readable", policy: "exact", requests: [{ headers: { "X-API-KEY": "k" } }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: HEADERS, name: "unlisted X-Other: blocked (answered 204 without it), never reaches the handler", policy: "exact", requests: [{ headers: { "x-other": "o" } }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
  { rule: HEADERS, name: "JSON POST with content-type listed: readable", policy: "exact", requests: [JSON_POST], verdict: "readable", reached: 1, preflights: 1 },
  { rule: HEADERS, name: "JSON POST with requestHeaders: [] (content-type not listed): blocked, never reaches the handler", policy: "safelisted-only", requests: [JSON_POST], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
  { rule: HEADERS, name: 'requestHeaders "*" without credentials allows X-Anything: readable', policy: "any-method-and-header", requests: [{ headers: { "x-anything": "a" } }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: HEADERS, name: 'requestHeaders "*" with credentials answers the request\'s own list: X-Anything readable', policy: "credentials-any-method-and-header", api: "localhost", requests: [{ headers: { "x-anything": "a" }, ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1 },

  // Authorization
  { rule: AUTHORIZATION, name: 'requestHeaders "*" does not cover Authorization: blocked (answered 204 without "*"), never reaches the handler', policy: "any-method-and-header", requests: [{ headers: { authorization: "Bearer t" } }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
  { rule: AUTHORIZATION, name: 'requestHeaders ["*", "authorization"] allows Authorization: readable', policy: "any-header-and-authorization", requests: [{ headers: { authorization: "Bearer t" } }], verdict: "readable", reached: 1, preflights: 1 },
  { rule: AUTHORIZATION, name: 'requestHeaders "*" with credentials does not cover Authorization either: blocked', policy: "credentials-any-method-and-header", api: "localhost", requests: [{ headers: { authorization: "Bearer t" }, ...INCLUDE }], verdict: "blocked", reached: 0, preflights: 1, preflightStatus: 204 },
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

  // Cross-origin protection (SPEC §6), with `{ origins: [page], credentials: true }`: nothing but
  // the default turns it on. The API is 127.0.0.1, so the localhost and other.localhost pages are
  // cross-site and the 127.0.0.1 page is same-site. What each browser sent is part of the verdict.
  { rule: CROSS_SITE, name: "form posts (urlencoded, multipart, text/plain) from other.localhost: refused 403, the handler never runs", policy: "protected", from: "other.localhost", requests: FORM_POSTS, verdict: "submitted", reached: 0, preflights: 0, answered: 403, sent: formFrom("cross-site") },
  { rule: CROSS_SITE, name: 'a no-cors POST with credentials: "include" from other.localhost: refused 403, the handler never runs', policy: "protected", from: "other.localhost", requests: [NO_CORS_POST], verdict: "opaque", reached: 0, preflights: 0, answered: 403, sent: noCorsFrom("cross-site") },
  { rule: CROSS_SITE, name: "a WebSocket from other.localhost: the handshake is refused 403 and never upgraded", policy: "protected", route: "ws", from: "other.localhost", requests: [WEBSOCKET], verdict: "closed", reached: 0, preflights: 0, answered: 403, sent: socketFrom("cross-site") },

  { rule: SAME_SITE, name: "form posts from 127.0.0.1 on the page's port, not listed: refused 403", policy: "protected", from: "127.0.0.1", requests: FORM_POSTS, verdict: "submitted", reached: 0, preflights: 0, answered: 403, sent: formFrom("same-site") },
  { rule: SAME_SITE, name: "a no-cors POST with credentials from 127.0.0.1, not listed: refused 403", policy: "protected", from: "127.0.0.1", requests: [NO_CORS_POST], verdict: "opaque", reached: 0, preflights: 0, answered: 403, sent: noCorsFrom("same-site") },
  { rule: SAME_SITE, name: "a WebSocket from 127.0.0.1, not listed: refused 403", policy: "protected", route: "ws", from: "127.0.0.1", requests: [WEBSOCKET], verdict: "closed", reached: 0, preflights: 0, answered: 403, sent: socketFrom("same-site") },
  { rule: SAME_SITE, name: "form posts from 127.0.0.1 once it is listed: they reach the handler", policy: "protected-and-127", from: "127.0.0.1", requests: FORM_POSTS, verdict: "submitted", reached: 3, preflights: 0, answered: 200, sent: formFrom("same-site") },
  { rule: SAME_SITE, name: "a no-cors POST from 127.0.0.1 once it is listed: reaches the handler", policy: "protected-and-127", from: "127.0.0.1", requests: [NO_CORS_POST], verdict: "opaque", reached: 1, preflights: 0, answered: 200, sent: noCorsFrom("same-site") },
  { rule: SAME_SITE, name: "a WebSocket from 127.0.0.1 once it is listed: open, and it echoes", policy: "protected-and-127", route: "ws", from: "127.0.0.1", requests: [WEBSOCKET], verdict: "open", reached: 1, preflights: 0, answered: 101, sent: socketFrom("same-site") },

  { rule: ALLOWED_PAGE, name: "form posts (urlencoded, multipart, text/plain): they reach the handler", policy: "protected", requests: FORM_POSTS, verdict: "submitted", reached: 3, preflights: 0, answered: 200, sent: formFrom("cross-site") },
  { rule: ALLOWED_PAGE, name: "a no-cors POST with credentials, to the API by name (same-site): the handler runs with the cookie", policy: "protected", api: "localhost", setCookie: true, requests: [NO_CORS_POST], verdict: "opaque", reached: 1, preflights: 0, answered: 200, sent: noCorsFrom("same-site"), cookieSent: true },
  { rule: ALLOWED_PAGE, name: "a credentialed CORS PUT with a JSON body: readable after one preflight, the cookie arrives", policy: "protected", api: "localhost", setCookie: true, requests: [{ method: "PUT", ...JSON_BODY, ...INCLUDE }], verdict: "readable", reached: 1, preflights: 1, preflightStatus: 204, answered: 200, sent: { origin: "PAGE", secFetchSite: "same-site", secFetchMode: "cors" }, cookieSent: true },
  { rule: ALLOWED_PAGE, name: "a WebSocket: open, and it echoes", policy: "protected", route: "ws", requests: [WEBSOCKET], verdict: "open", reached: 1, preflights: 0, answered: 101, sent: socketFrom("cross-site") },

  { rule: UNPROTECTED, name: "a urlencoded form post from other.localhost reaches the handler", policy: "bare-defaults", from: "other.localhost", requests: [{ form: "application/x-www-form-urlencoded" }], verdict: "submitted", reached: 1, preflights: 0, answered: 200, sent: formFrom("cross-site") },
  { rule: UNPROTECTED, name: "a WebSocket from other.localhost opens and echoes", policy: "bare-defaults", route: "ws", from: "other.localhost", requests: [WEBSOCKET], verdict: "open", reached: 1, preflights: 0, answered: 101, sent: socketFrom("cross-site") },
];

/** Whether the scenario needs a server that can upgrade to a WebSocket. */
export function usesWebSockets(scenario: Scenario): boolean {
  return scenario.requests?.some((request) => request.webSocket === true) ?? false;
}
