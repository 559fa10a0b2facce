import type { CompiledPolicy } from "./compiled.ts";
import { compiledOf } from "./compiled-access.ts";
import { ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN, ALLOW_PRIVATE_NETWORK, MAX_AGE } from "./cors-headers.ts";
import { isSafelistedMethod } from "./fetch/names.ts";
import { isOriginAllowed } from "./origin-matcher.ts";
import { quote, rejectPreflight } from "./rejection.ts";
import { parseRequestHeaders, type ParsedRequestHeaders } from "./request-headers.ts";
import { isToken } from "./fetch/tokens.ts";
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
  if (request.method !== "OPTIONS") return null;
  const headers = request.headers;
  const origin = headers.get("origin");
  if (origin === null) return null;
  const method = headers.get("access-control-request-method");
  if (method === null) return null;
  const compiled = compiledOf(policy);
  try {
    return answer(compiled, request, headers, origin, method);
  } catch {
    // Unreachable for any request the Fetch API can build; still, a preflight never crashes.
    return rejectPreflight(compiled, request, origin, "malformed-preflight", "preflight could not be read");
  }
}

function answer(policy: CompiledPolicy, request: Request, headers: Headers, origin: string, method: string): Response {
  // Fetch Standard, CORS-preflight fetch: the request carries the method and the unsafe header names.
  if (origin === "") return rejectPreflight(policy, request, origin, "malformed-preflight", "Origin is empty");
  if (!isToken(method)) {
    return rejectPreflight(policy, request, origin, "malformed-preflight", () => `Access-Control-Request-Method ${quote(method)} is not a method`);
  }
  if (!isOriginAllowed(policy.origins, origin, request)) {
    return rejectPreflight(policy, request, origin, "origin-not-allowed", () => `origin ${quote(origin)} is not allowed`);
  }
  const allowOrigin = policy.origins.any ? "*" : origin;
  if (!isMethodAllowed(policy, method)) {
    return rejectPreflight(policy, request, origin, "method-not-allowed", () => methodReason(policy, method), allowOrigin);
  }
  const requested = requestedHeaders(policy, headers.get("access-control-request-headers"));
  if (!requested.ok) {
    return requested.tooLarge
      ? rejectPreflight(policy, request, origin, "headers-too-large", () => `Access-Control-Request-Headers is too large: ${requested.bad}`)
      : rejectPreflight(policy, request, origin, "malformed-preflight", () => `Access-Control-Request-Headers names an invalid header ${quote(requested.bad)}`);
  }
  const refused = requested.refused;
  if (refused !== undefined) {
    return rejectPreflight(policy, request, origin, "header-not-allowed", () => headerReason(policy, refused), allowOrigin);
  }
  // Private Network Access: the browser asks with exactly "true".
  const privateNetwork = headers.get("access-control-request-private-network") === "true";
  if (privateNetwork && !policy.privateNetwork) {
    return rejectPreflight(policy, request, origin, "private-network-not-allowed", "private network access is not allowed (privateNetwork is off)");
  }

  // A fresh Response has no headers, so append (cheaper than set in every runtime) cannot duplicate.
  const response = new Response(null, { status: policy.preflightStatus });
  const out = response.headers;
  out.append(ALLOW_ORIGIN, allowOrigin);
  if (policy.credentials) out.append(ALLOW_CREDENTIALS, "true");
  out.append(ALLOW_METHODS, policy.allowMethods ?? method);
  if (requested.names.length > 0) out.append(ALLOW_HEADERS, policy.allowHeaders ?? requested.names.join(", "));
  if (policy.maxAge !== undefined) out.append(MAX_AGE, policy.maxAge);
  if (privateNetwork) out.append(ALLOW_PRIVATE_NETWORK, "true");
  out.append("vary", policy.preflightVary);
  return response;
}

function isMethodAllowed(policy: CompiledPolicy, method: string): boolean {
  // CORS-safelisted methods need no permission; Fetch sends them uppercase.
  return isSafelistedMethod(method) || policy.anyMethod || policy.methods.has(method);
}

function isHeaderAllowed(policy: CompiledPolicy, name: string): boolean {
  // Fetch Standard: a "*" in Access-Control-Allow-Headers never covers Authorization.
  return policy.headers.has(name) || (policy.anyHeader && name !== "authorization");
}

function methodReason(policy: CompiledPolicy, method: string): string {
  const upper = method.toUpperCase();
  const caseOnly = upper !== method && (isSafelistedMethod(upper) || policy.methods.has(upper));
  return `method ${quote(method)} is not allowed (${caseOnly ? "methods are case-sensitive; " : ""}allowed: ${policy.methodList})`;
}

function headerReason(policy: CompiledPolicy, name: string): string {
  if (name === "authorization" && policy.anyHeader) {
    return `header "authorization" is not allowed ("*" never covers it; write requestHeaders: ["*", "authorization"])`;
  }
  return `header ${quote(name)} is not allowed (allowed: ${policy.headerList})`;
}

/** The parsed `Access-Control-Request-Headers`, with the first name the policy refuses, if any. */
type RequestedHeaders =
  | Exclude<ParsedRequestHeaders, { readonly ok: true }>
  | { readonly ok: true; readonly names: readonly string[]; readonly refused?: string };

// Browsers send the same Access-Control-Request-Headers value again and again (one per call site),
// so a value once found fully allowed is remembered in the policy. Bounded: values up to 1 KB, at
// most 64 of them, forgotten all at once when full; refused values are never remembered.
const REMEMBERED_VALUE_LENGTH = 1024;
const REMEMBERED_VALUES = 64;

function requestedHeaders(policy: CompiledPolicy, value: string | null): RequestedHeaders {
  const remembered = value === null ? undefined : policy.allowedHeaderLists.get(value);
  if (remembered !== undefined) return remembered;
  const parsed = parseRequestHeaders(value);
  if (!parsed.ok) return parsed;
  for (const name of parsed.names) {
    if (!isHeaderAllowed(policy, name)) return { ok: true, names: parsed.names, refused: name };
  }
  if (value !== null && value.length <= REMEMBERED_VALUE_LENGTH) {
    const lists = policy.allowedHeaderLists;
    if (lists.size === REMEMBERED_VALUES) lists.clear();
    lists.set(value, parsed);
  }
  return parsed;
}
