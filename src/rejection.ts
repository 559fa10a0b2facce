import { notify } from "./callbacks.ts";
import type { CompiledPolicy } from "./compiled.ts";
import { ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN } from "./cors-headers.ts";
import type { RejectionCode } from "./types.ts";

/**
 * The header that carries the reason of a refusal (`CORS-Rejected`), for the developer reading the
 * network panel. Written lowercase, as Headers stores every name: the runtime has nothing to convert.
 */
export const REJECTED_HEADER = "cors-rejected";

/**
 * Puts a refusal's reason into words from what it is about (a method, a header name...). Reasons are
 * module-level functions, not closures over the request, so that refusing allocates nothing for a
 * reason nobody reads.
 */
export type Explain = (policy: CompiledPolicy, subject: string) => string;

/** Tells `onReject`, when there is one, and returns the reason put into words for a reader. */
function observe(policy: CompiledPolicy, request: Request, origin: string, code: RejectionCode, explain: Explain, subject: string): string {
  const message = explain(policy, subject);
  notify(policy.onReject, { code, message, origin }, request);
  return message;
}

// Shared, read-only init objects: a fresh one per response would be garbage straight away.
const FORBIDDEN: ResponseInit = Object.freeze({ status: 403 });
const OK: ResponseInit = Object.freeze({ status: 200 });
const NO_CONTENT: ResponseInit = Object.freeze({ status: 204 });

/** The init of a preflight answer that is not a 403. */
export function preflightInit(policy: CompiledPolicy): ResponseInit {
  return policy.preflightStatus === 200 ? OK : NO_CONTENT;
}

/**
 * Refuses a preflight from an origin the policy does not allow, or a malformed one: 403 with no
 * `Access-Control-Allow-*` header, so nothing about the policy is disclosed. With `debug` the reason
 * goes in a header and a text body.
 */
export function refusePreflight(
  policy: CompiledPolicy,
  request: Request,
  origin: string,
  code: RejectionCode,
  explain: Explain,
  subject: string,
): Response {
  // The reason is only put into words for someone who reads it.
  if (policy.onReject === undefined && !policy.debug) return withVary(new Response(null, FORBIDDEN), policy);
  const message = observe(policy, request, origin, code, explain, subject);
  if (!policy.debug) return withVary(new Response(null, FORBIDDEN), policy);
  return explained(withVary(new Response(message, FORBIDDEN), policy), message);
}

/**
 * Answers a preflight from an allowed origin that asks for a method or headers the policy refuses.
 * The answer carries the origin and the policy's own lists, which lack what was refused, so the
 * browser's console names the exact method or header instead of a missing
 * `Access-Control-Allow-Origin`. It tells the origin nothing an allowed preflight would not, holds no
 * `*` (browsers let `Access-Control-Allow-Headers: *` cover Authorization, which would let through
 * what was refused) and no `Max-Age` (a refusal is not worth caching).
 */
export function answerRefusal(
  policy: CompiledPolicy,
  request: Request,
  origin: string,
  code: "method-not-allowed" | "header-not-allowed" | "headers-too-large",
  explain: Explain,
  subject: string,
  allowedMethod: string | undefined,
): Response {
  const message = observe(policy, request, origin, code, explain, subject);
  const response = withVary(new Response(null, preflightInit(policy)), policy);
  const headers = response.headers;
  headers.append(ALLOW_ORIGIN, policy.anyOrigin ? "*" : origin);
  if (policy.credentials) headers.append(ALLOW_CREDENTIALS, "true");
  const methods = withMethod(policy, allowedMethod);
  if (methods !== "") headers.append(ALLOW_METHODS, methods);
  // Too many or too long header lists may name only allowed headers: listing them all would let the
  // browser pass what was refused, so the header is left out.
  if (code !== "headers-too-large" && policy.namedHeaders !== "") headers.append(ALLOW_HEADERS, policy.namedHeaders);
  headers.append(REJECTED_HEADER, message);
  return response;
}

/**
 * The method list of a refusal answer. A method the policy allows only through `"*"` is named, so
 * the browser goes on to name the header it refuses rather than stopping at the method.
 */
function withMethod(policy: CompiledPolicy, allowedMethod: string | undefined): string {
  // Without "*", the list an allowed preflight sends (with `methods: []`, the safelisted ones).
  if (!policy.anyMethod) return policy.allowMethods ?? policy.namedMethods;
  const named = policy.namedMethods;
  if (allowedMethod === undefined || `, ${named}, `.includes(`, ${allowedMethod}, `)) return named;
  return named === "" ? allowedMethod : `${named}, ${allowedMethod}`;
}

/** A text body and the `CORS-Rejected` header, both saying why. */
export function explained(response: Response, message: string): Response {
  // A string body already set a content-type of its own: replace it.
  response.headers.set("content-type", "text/plain; charset=utf-8");
  response.headers.append(REJECTED_HEADER, message);
  return response;
}

function withVary(response: Response, policy: CompiledPolicy): Response {
  if (policy.preflightVary !== undefined) response.headers.append("vary", policy.preflightVary);
  return response;
}

/** Quotes request data for a reason: printable ASCII only, at most 64 characters, safe in a header. */
export function quote(value: string): string {
  const short = value.length > 64 ? `${value.slice(0, 64)}...` : value;
  return `"${short.replace(/[^\x20-\x7e]|"/g, "?")}"`;
}
