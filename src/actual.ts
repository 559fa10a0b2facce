import type { CompiledPolicy } from "./compiled.ts";
import { compiledOf } from "./compiled-access.ts";
import {
  ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN, ALLOW_PRIVATE_NETWORK, EXPOSE_HEADERS, MAX_AGE,
} from "./cors-headers.ts";
import { isOriginAllowed } from "./origin-matcher.ts";
import type { CorsPolicy } from "./types.ts";
import { mergeVaryOrigin } from "./vary.ts";

/**
 * Gives a (non-preflight) response exactly the CORS headers the policy gives this request: the
 * policy is the single source, so `Access-Control-*` headers the app set are replaced or removed.
 * Adds `Vary: Origin` whenever the answer depends on the Origin. Responses with immutable headers
 * (from `fetch()`, `Response.redirect()`) are copied, not mutated; `101 Switching Protocols` passes
 * through untouched. Never throws.
 *
 * @example
 * const response = addCorsHeaders(request, await fetch(upstream), policy);
 */
export function addCorsHeaders(request: Request, response: Response, policy: CorsPolicy): Response {
  const compiled = compiledOf(policy);
  try {
    // A protocol switch (WebSocket) is not a CORS response; its headers belong to the handshake.
    if (response.status === 101) return response;
    const allowOrigin = allowedOrigin(compiled, request);
    // fetch() responses (they have a url) and Response.redirect() ones have immutable headers: copy
    // them up front rather than pay for the TypeError a mutation throws (its stack trace costs
    // microseconds). Copying a mutable 3xx instead of changing it in place is just as correct.
    if (response.url === "" && (response.status < 300 || response.status > 399)) {
      try {
        decorate(response.headers, compiled, allowOrigin);
        return response;
      } catch {
        // Any other immutable response: every mutation throws before changing anything.
      }
    }
    const copy = new Response(response.body, response);
    decorate(copy.headers, compiled, allowOrigin);
    return copy;
  } catch {
    // Only a response no Response can copy (a network error, status 0) ends here: pass it on.
    return response;
  }
}

function allowedOrigin(policy: CompiledPolicy, request: Request): string | undefined {
  // With origins "*" the answer does not depend on the request at all, so caches may share it.
  if (policy.origins.any) return "*";
  const origin = request.headers.get("origin");
  return origin !== null && origin !== "" && isOriginAllowed(policy.origins, origin, request) ? origin : undefined;
}

function decorate(headers: Headers, policy: CompiledPolicy, allowOrigin: string | undefined): void {
  if (allowOrigin === undefined) {
    headers.delete(ALLOW_ORIGIN);
    headers.delete(ALLOW_CREDENTIALS);
    headers.delete(EXPOSE_HEADERS);
  } else {
    headers.set(ALLOW_ORIGIN, allowOrigin);
    if (policy.credentials) headers.set(ALLOW_CREDENTIALS, "true");
    else headers.delete(ALLOW_CREDENTIALS);
    if (policy.exposeHeaders !== undefined) headers.set(EXPOSE_HEADERS, policy.exposeHeaders);
    else headers.delete(EXPOSE_HEADERS);
  }
  // Preflight-only headers have no meaning here; an app-set stale one must not reach the browser.
  headers.delete(ALLOW_METHODS);
  headers.delete(ALLOW_HEADERS);
  headers.delete(MAX_AGE);
  headers.delete(ALLOW_PRIVATE_NETWORK);
  if (policy.varyOrigin) mergeVaryOrigin(headers);
}
