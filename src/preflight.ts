import { compiledOf, type CompiledPolicy } from "./compiled.ts";
import { ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN, ALLOW_PRIVATE_NETWORK, MAX_AGE } from "./cors-headers.ts";
import { isSafelistedMethod } from "./fetch/names.ts";
import { isToken } from "./fetch/tokens.ts";
import { answerRefusal, preflightInit, quote, refusePreflight } from "./rejection.ts";
import type { CorsPolicy } from "./types.ts";

/**
 * Answers a CORS preflight, or returns `null` when the request is not one (anything but an
 * `OPTIONS` carrying both `Origin` and `Access-Control-Request-Method`), so the caller goes on to
 * its own handler. Allowed preflights get the policy's full method and header lists, so the
 * browser's preflight cache covers later requests too. Pure, synchronous, never throws.
 *
 * @example
 * export default {
 *   fetch(request: Request) {
 *     return preflight(request, policy) ?? addCorsHeaders(request, handle(request), policy);
 *   },
 * };
 */
export function preflight(request: Request, policy: CorsPolicy): Response | null {
  return answerPreflight(compiledOf(policy), request);
}

/** {@link preflight} for a policy already looked up (and the request's method and headers, when already read). */
export function answerPreflight(policy: CompiledPolicy, request: Request, method?: string, given?: Headers): Response | null {
  let headers: Headers;
  let origin: string | null;
  let requested: string | null;
  try {
    if ((method ?? request.method) !== "OPTIONS") return null;
    headers = given ?? request.headers;
    origin = headers.get("origin");
    if (origin === null) return null;
    requested = headers.get("access-control-request-method");
    if (requested === null) return null;
  } catch {
    // Not a request the Fetch API builds (its method or headers cannot be read): not recognisably a
    // preflight. The guard refuses such a request and addCorsHeaders gives it no CORS headers.
    return null;
  }
  try {
    return answer(policy, request, headers, origin, requested);
  } catch {
    // Unreachable for any request the Fetch API can build; still, a preflight never crashes.
    return refusePreflight(policy, request, origin, "malformed-preflight", unreadable, "");
  }
}

// https://fetch.spec.whatwg.org/#cors-preflight-fetch: the browser sends the method and the names of
// the CORS-unsafe request headers, and checks the answer's origin, methods and headers in that order.
function answer(policy: CompiledPolicy, request: Request, headers: Headers, origin: string, method: string): Response {
  if (origin === "") return refusePreflight(policy, request, origin, "malformed-preflight", emptyOrigin, "");
  if (!isToken(method)) return refusePreflight(policy, request, origin, "malformed-preflight", notAMethod, method);
  if (!policy.allowsOrigin(origin, request)) return refusePreflight(policy, request, origin, "origin-not-allowed", originRefused, origin);
  if (!policy.allowsMethod(method)) return answerRefusal(policy, request, origin, "method-not-allowed", methodRefused, method, undefined);
  const requested = policy.requestedHeaders(headers.get("access-control-request-headers"));
  if (!requested.ok) {
    const passedMethod = isSafelistedMethod(method) ? undefined : method;
    if (!requested.tooLarge) return refusePreflight(policy, request, origin, "malformed-preflight", notAHeader, requested.bad);
    return answerRefusal(policy, request, origin, "headers-too-large", tooLarge, requested.bad, passedMethod);
  }
  const refused = requested.refused;
  if (refused !== undefined) {
    return answerRefusal(policy, request, origin, "header-not-allowed", headerRefused, refused, isSafelistedMethod(method) ? undefined : method);
  }

  // A fresh Response has no headers, so append (cheaper than set in every runtime) cannot duplicate.
  const response = new Response(null, preflightInit(policy));
  const out = response.headers;
  out.append(ALLOW_ORIGIN, policy.anyOrigin ? "*" : origin);
  if (policy.credentials) out.append(ALLOW_CREDENTIALS, "true");
  out.append(ALLOW_METHODS, policy.allowMethods ?? method);
  if (requested.names.length > 0) out.append(ALLOW_HEADERS, policy.allowHeaders ?? requested.names.join(", "));
  if (policy.maxAge !== undefined) out.append(MAX_AGE, policy.maxAge);
  // Private Network Access (deprecated): read only when the policy answers it, asked with exactly "true".
  if (policy.privateNetwork && headers.get("access-control-request-private-network") === "true") out.append(ALLOW_PRIVATE_NETWORK, "true");
  if (policy.preflightVary !== undefined) out.append("vary", policy.preflightVary);
  return response;
}

// Reasons, put into words only for a reader (debug, onReject, the answer to an allowed origin).
function unreadable(): string {
  return "preflight could not be read";
}

function emptyOrigin(): string {
  return "Origin is empty";
}

function notAMethod(_: CompiledPolicy, method: string): string {
  return `Access-Control-Request-Method ${quote(method)} is not a method`;
}

function originRefused(_: CompiledPolicy, origin: string): string {
  return `origin ${quote(origin)} is not allowed`;
}

function notAHeader(_: CompiledPolicy, name: string): string {
  return `Access-Control-Request-Headers names an invalid header ${quote(name)}`;
}

function tooLarge(_: CompiledPolicy, what: string): string {
  return `Access-Control-Request-Headers is too large: ${what}`;
}

function methodRefused(policy: CompiledPolicy, method: string): string {
  const upper = method.toUpperCase();
  const caseOnly = upper !== method && policy.allowsMethod(upper);
  return `method ${quote(method)} is not allowed (${caseOnly ? "methods are case-sensitive; " : ""}allowed: ${policy.methodList})`;
}

function headerRefused(policy: CompiledPolicy, name: string): string {
  if (name === "authorization" && policy.anyHeader) {
    return `header "authorization" is not allowed ("*" never covers it; write requestHeaders: ["*", "authorization"])`;
  }
  return `header ${quote(name)} is not allowed (allowed: ${policy.headerList})`;
}
