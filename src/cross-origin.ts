import { notify } from "./callbacks.ts";
import { compiledOf, type CompiledPolicy } from "./compiled.ts";
import { explained, quote } from "./rejection.ts";
import { pathOf } from "./request-path.ts";
import type { CorsPolicy } from "./types.ts";

/**
 * Refuses what CORS cannot stop: a cross-origin form post, a `no-cors` fetch with credentials, or a
 * WebSocket handshake, from an origin the policy does not allow. CORS only decides whether a script
 * may read a response; these requests are sent and executed without a preflight, cookies included.
 * Returns the 403 to send, or `null` when the request goes on (always `null` when the policy's
 * `crossOriginProtection` is off, and for preflights, which {@link preflight} answers). Pure,
 * synchronous, never throws. `withCors` and every adapter run it after `preflight`, before the handler.
 *
 * @example
 * const policy = corsPolicy({ origins: ["https://app.example.com"], credentials: true });
 * export default {
 *   fetch(request: Request) {
 *     return preflight(request, policy) ?? guardCrossOrigin(request, policy) ?? addCorsHeaders(request, handle(request), policy);
 *   },
 * };
 */
export function guardCrossOrigin(request: Request, policy: CorsPolicy): Response | null {
  return guardRequest(compiledOf(policy), request);
}

/** {@link guardCrossOrigin} for a policy already looked up (and the request's method and headers, when already read). */
export function guardRequest(policy: CompiledPolicy, request: Request, method?: string, headers?: Headers): Response | null {
  const protection = policy.protection;
  if (protection === false) return null;
  try {
    if (protection.isExempt !== undefined && protection.isExempt(pathOf(request.url))) return null;
    return check(policy, request, method ?? request.method, headers ?? request.headers);
  } catch {
    // Unreachable for a request the Fetch API can build; a guard that cannot decide refuses.
    return refuse(policy, request, "", undefined, null, couldNotRead);
  }
}

// The model is the Fetch Metadata check of Go's http.CrossOriginProtection, with the policy's own
// origins as the trusted list (https://w3c.github.io/webappsec-fetch-metadata/).
function check(policy: CompiledPolicy, request: Request, method: string, headers: Headers): Response | null {
  const upgrade = headers.get("upgrade");
  if (upgrade !== null && isWebSocketUpgrade(upgrade)) {
    // A preflight is §3's to answer, whatever else it carries.
    if (method === "OPTIONS" && headers.get("access-control-request-method") !== null) return null;
    // Browsers send Origin on every handshake (Chromium no Sec-Fetch-Site), so it alone decides.
    const origin = headers.get("origin");
    if (origin === null || origin === "" || isOwnOrigin(origin, request.url) || policy.allowsOrigin(origin, request)) return null;
    return refuse(policy, request, method, origin, headers.get("sec-fetch-site"), handshakeRefused);
  }
  // Every method but these three can change state, QUERY included.
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return null;
  const rawOrigin = headers.get("origin");
  const origin = rawOrigin === null || rawOrigin === "" ? undefined : rawOrigin;
  if (site !== null) {
    // same-site is cross-origin: another subdomain or port of the site is not this origin.
    if (origin !== undefined && policy.allowsOrigin(origin, request)) return null;
    return refuse(policy, request, method, origin, site, crossSiteRefused);
  }
  // No Fetch Metadata (an older browser, or not a browser): the Origin decides, when there is one.
  if (origin === undefined || isOwnOrigin(origin, request.url) || policy.allowsOrigin(origin, request)) return null;
  return refuse(policy, request, method, origin, null, originRefused);
}

/** Puts a refusal into words; only called for a reader (debug, onReject). */
type Explain = (method: string, origin: string | undefined, site: string | null) => string;

function handshakeRefused(method: string, origin: string | undefined, site: string | null): string {
  return `WebSocket handshake (${quote(method)}) from origin ${quote(origin ?? "")} (${siteShown(site)}) is refused: it is neither an allowed origin nor the API's own; add it to origins to allow it, or list the path in crossOriginProtection.exemptPaths`;
}

function crossSiteRefused(method: string, origin: string | undefined, site: string | null): string {
  return `cross-origin ${quote(method)} from ${origin === undefined ? "no origin" : `origin ${quote(origin)}`} (${siteShown(site)}) is refused: ${origin === undefined ? "a cross-site request must carry an allowed Origin" : "add the origin to origins to allow it"}, or list the path in crossOriginProtection.exemptPaths`;
}

function originRefused(method: string, origin: string | undefined): string {
  return `cross-origin ${quote(method)} from origin ${quote(origin ?? "")} (${siteShown(null)}) is refused: add the origin to origins to allow it, or list the path in crossOriginProtection.exemptPaths`;
}

function siteShown(site: string | null): string {
  return site === null ? "no Sec-Fetch-Site" : `Sec-Fetch-Site: ${quote(site)}`;
}

function couldNotRead(): string {
  return "the request could not be read";
}

const REFUSED: ResponseInit = Object.freeze({ status: 403 });

function refuse(policy: CompiledPolicy, request: Request, method: string, origin: string | undefined, site: string | null, explain: Explain): Response {
  let message: string | undefined;
  if (policy.onReject !== undefined || policy.debug) {
    message = explain(method, origin, site);
    notify(policy.onReject, { code: "cross-origin-request", message, origin: origin ?? "" }, request);
  }
  // Without debug the refusal has no body: nothing about the policy is disclosed, and no stream is
  // made (a body costs a ReadableStream in every runtime, several times the rest of the refusal).
  const response = new Response(policy.debug ? message : null, REFUSED);
  response.headers.append("vary", "Origin, Sec-Fetch-Site");
  if (policy.debug && message !== undefined) return explained(response, message);
  response.headers.set("content-type", "text/plain; charset=utf-8");
  return response;
}

/** True for `Upgrade: websocket`, in any case, alone or in a list. */
function isWebSocketUpgrade(upgrade: string): boolean {
  if (upgrade.length === 9) return upgrade.toLowerCase() === "websocket";
  return upgrade.split(",").some((token) => token.trim().toLowerCase() === "websocket");
}

/**
 * Whether `origin` is the request URL's own origin: scheme, host and port, as the URL serialises
 * them, with `ws:` read as `http:` and `wss:` as `https:` (a runtime may hand a handshake such a URL).
 */
function isOwnOrigin(origin: string, url: string): boolean {
  const schemeEnd = url.indexOf("://");
  if (schemeEnd < 0) return false;
  const pathStart = url.indexOf("/", schemeEnd + 3);
  let authority = url.slice(schemeEnd + 3, pathStart < 0 ? url.length : pathStart);
  const at = authority.lastIndexOf("@");
  if (at >= 0) authority = authority.slice(at + 1);
  const scheme = url.slice(0, schemeEnd);
  const httpScheme = scheme === "ws" ? "http" : scheme === "wss" ? "https" : scheme;
  return origin === `${httpScheme}://${authority}`;
}
