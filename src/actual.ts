import { compiledOf, type CompiledPolicy } from "./compiled.ts";
import { ALLOW_CREDENTIALS, ALLOW_ORIGIN, EXPOSE_HEADERS } from "./cors-headers.ts";
import { internalServerError } from "./server-errors.ts";
import type { CorsPolicy } from "./types.ts";
import { mergeVaryOrigin } from "./vary.ts";

/**
 * Gives a (non-preflight) response exactly the CORS headers the policy gives this request: the
 * policy is the single source, so `Access-Control-*` headers the app set are replaced or removed.
 * Adds `Vary: Origin` whenever the answer depends on the Origin. Responses with immutable headers
 * (from `fetch()`, `Response.redirect()`) are copied, not mutated; `101 Switching Protocols` passes
 * through untouched. Fails closed: a response it can neither change nor copy (immutable headers and
 * a body already read) becomes a 500 with the policy's CORS headers. Never throws.
 *
 * @example
 * const response = addCorsHeaders(request, await fetch(upstream), policy);
 */
export function addCorsHeaders(request: Request, response: Response, policy: CorsPolicy): Response {
  return decorateResponse(compiledOf(policy), request, response, undefined);
}

/**
 * {@link addCorsHeaders} for a policy already looked up (and the request's headers, when already
 * read); `onFailure` hears of a response that had to be replaced by a 500.
 */
export function decorateResponse(
  policy: CompiledPolicy,
  request: Request,
  response: Response,
  onFailure: ((error: unknown, request: Request) => void) | undefined,
  requestHeaders?: Headers,
): Response {
  let allowOrigin: string | undefined;
  let known = false;
  try {
    if (!(response instanceof Response)) throw new TypeError(`expected a Response, got ${response === null ? "null" : typeof response}`);
    const status = response.status;
    // A protocol switch (WebSocket) is not a CORS response; its headers belong to the handshake.
    // Checked before the request is read: Deno closes a request once it has been upgraded.
    if (status === 101) return response;
    allowOrigin = allowedOrigin(policy, request, requestHeaders);
    known = true;
    // fetch() responses and Response.redirect() ones have immutable headers: copy them up front
    // rather than pay for the TypeError a mutation throws (its stack trace costs microseconds).
    // Copying a mutable 3xx instead of changing it in place is just as correct.
    if ((status < 300 || status > 399) && !fromFetch(response)) {
      try {
        decorate(response.headers, policy, allowOrigin);
        return response;
      } catch {
        // Any other immutable response: every mutation throws before changing anything.
      }
    }
    // Throws for a body already read or locked, and for a network error (status 0).
    const copy = new Response(response.body, response);
    decorate(copy.headers, policy, allowOrigin);
    return copy;
  } catch (error) {
    onFailure?.(error, request);
    const failed = internalServerError();
    try {
      decorate(failed.headers, policy, known ? allowOrigin : allowedOrigin(policy, request, requestHeaders));
    } catch {
      // A request that cannot be read gets the 500 without CORS headers: nothing is assumed allowed.
    }
    return failed;
  }
}

// The one place the core tells runtimes apart, for speed only: by the Fetch Standard a fetch()
// response has type "basic", "cors" or "opaque" (so it has in Node and Deno), while workerd gives
// every response type "default" and marks its fetch() responses only by their url. Reading the url
// everywhere would cost Node more than the rest of an empty response's decoration (its getter is
// slow for a response without one). A guess that is wrong costs time, never correctness: a response
// whose headers cannot change is then copied after the failed mutation.
// (Read through globalThis: not every set of type declarations a user compiles with has navigator.)
const FETCH_RESPONSES_UNTYPED = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === "Cloudflare-Workers";

/** Whether the response is known to have immutable headers: from fetch(), or a network error. */
function fromFetch(response: Response): boolean {
  return response.type !== "default" || (FETCH_RESPONSES_UNTYPED && response.url !== "");
}

function allowedOrigin(policy: CompiledPolicy, request: Request, headers: Headers | undefined): string | undefined {
  // With origins "*" the answer does not depend on the request at all, so caches may share it.
  if (policy.anyOrigin) return "*";
  const origin = (headers ?? request.headers).get("origin");
  return origin !== null && origin !== "" && policy.allowsOrigin(origin, request) ? origin : undefined;
}

/**
 * Gives the headers exactly the policy's CORS headers for this request. One pass over the names
 * (lowercase, in every runtime) tells whether the app set any `Access-Control-*` header or a `Vary`:
 * usually it set neither, and the answer's headers are then only appended. Checking each CORS name
 * instead would cost one lookup per name, each paying the runtime's name validation. Throws on
 * immutable headers before changing anything, since appending or deleting is the first mutation.
 */
function decorate(headers: Headers, policy: CompiledPolicy, allowOrigin: string | undefined): void {
  let stale: string[] | undefined;
  let vary = false;
  for (const name of headers.keys()) {
    if (name.startsWith("access-control-")) (stale ??= []).push(name);
    else if (name === "vary") vary = true;
  }
  // A policy that adds nothing (noCors) still mutates: a response it cannot change is then found out
  // (and copied) here, as with every other policy, rather than handed on as it is.
  if (stale !== undefined) {
    // The policy is the single source (SPEC §3, §9): every Access-Control-* header the app set goes,
    // names no browser reads included, before the policy's own are added.
    for (const name of stale) headers.delete(name);
  } else if (allowOrigin === undefined && !policy.varyOrigin) {
    headers.delete(ALLOW_ORIGIN);
  }
  if (allowOrigin !== undefined) {
    headers.append(ALLOW_ORIGIN, allowOrigin);
    if (policy.credentials) headers.append(ALLOW_CREDENTIALS, "true");
    if (policy.exposeHeaders !== undefined) headers.append(EXPOSE_HEADERS, policy.exposeHeaders);
  }
  if (!policy.varyOrigin) return;
  if (vary) mergeVaryOrigin(headers);
  else headers.append("vary", "Origin");
}
