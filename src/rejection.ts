import type { CompiledPolicy } from "./compiled.ts";
import { ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN } from "./cors-headers.ts";
import type { CorsRejection, RejectionCode } from "./types.ts";

/** The header that carries the reason of a rejected preflight when `debug` is on. */
export const REJECTED_HEADER = "CORS-Rejected";

/**
 * Answers a rejected preflight: 403 with no `Access-Control-Allow-*` header, so nothing about the
 * policy is disclosed. With `debug`, the reason goes in a header and a text body; and when the
 * origin is allowed (`allowOrigin` set) but a method or header is not, the answer is a 204 carrying
 * the allowed lists, so the browser's own console names the exact check that failed.
 */
export function rejectPreflight(
  policy: CompiledPolicy,
  request: Request,
  origin: string,
  code: RejectionCode,
  reason: string | (() => string),
  allowOrigin?: string,
): Response {
  // The reason is only put into words for someone who reads it.
  if (policy.onReject === undefined && !policy.debug) return withVary(new Response(null, { status: 403 }), policy);
  const message = typeof reason === "string" ? reason : reason();
  if (policy.onReject !== undefined) {
    const rejection: CorsRejection = { code, message, origin };
    try {
      policy.onReject(rejection, request);
    } catch {
      // An observer must not turn a rejection into a crash.
    }
  }
  if (!policy.debug) return withVary(new Response(null, { status: 403 }), policy);
  if (allowOrigin !== undefined) {
    const response = withVary(new Response(null, { status: 204 }), policy);
    const headers = response.headers;
    headers.append(ALLOW_ORIGIN, allowOrigin);
    if (policy.credentials) headers.append(ALLOW_CREDENTIALS, "true");
    headers.append(ALLOW_METHODS, policy.allowMethods ?? policy.methodList);
    const allowHeaders = policy.allowHeaders ?? policy.headerList;
    if (allowHeaders !== "" && allowHeaders !== "none") headers.append(ALLOW_HEADERS, allowHeaders);
    headers.append(REJECTED_HEADER, message);
    return response;
  }
  const response = withVary(new Response(message, { status: 403 }), policy);
  // A string body already set a content-type of its own: replace it.
  response.headers.set("content-type", "text/plain; charset=utf-8");
  response.headers.append(REJECTED_HEADER, message);
  return response;
}

function withVary(response: Response, policy: CompiledPolicy): Response {
  response.headers.append("vary", policy.preflightVary);
  return response;
}

/** Quotes request data for a reason: printable ASCII only, at most 64 characters, safe in a header. */
export function quote(value: string): string {
  const short = value.length > 64 ? `${value.slice(0, 64)}...` : value;
  return `"${short.replace(/[^\x20-\x7e]|"/g, "?")}"`;
}
