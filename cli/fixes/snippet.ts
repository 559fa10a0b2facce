// What a fix is made of: the request's needs merged with what the server already allows, and the
// sentence that says where a snippet goes.
import type { ProblemCode } from "../problems.ts";
import type { StackId } from "../stack.ts";

/** Who a fix is for: a stack, the library, the calling page, or anyone (the sentence). */
export type FixTarget = StackId | "fetch-cors" | "page" | "any";

export interface Fix {
  readonly stack: FixTarget;
  readonly title: string;
  /** The sentence, or the snippet to paste. */
  readonly text: string;
}

/** What the fixes must allow and keep, from the request that failed and the answers it got. */
export interface FixContext {
  /** The root cause. */
  readonly code: ProblemCode;
  readonly origin: string;
  /** Every method to allow, uppercase: what the server allows already plus what the request needs. */
  readonly methods: readonly string[];
  /** Every request header to allow, lowercase, likewise (`*` kept where the server sent it). */
  readonly headers: readonly string[];
  readonly credentials: boolean;
  /** The URL's first path segment as a prefix, e.g. `/api/` (or `/`). */
  readonly path: string;
  /** The value of Access-Control-Allow-Origin the server sends now, when it is wrong. */
  readonly sentOrigin: string | null;
  /** True when authentication answered the preflight (a 401/403, or a redirect to sign in). */
  readonly authFirst: boolean;
  /** The method the page should write, when it wrote one in the wrong case. */
  readonly pageMethod: string | null;
  /** True when the request failed only after a redirect, which no CORS setting fixes. */
  readonly afterRedirect: boolean;
}

export const SAFELISTED_METHODS = ["GET", "HEAD", "POST"];
export const MAX_AGE = 7200;

/** The one-line comment that says where the snippet goes and what it replaces. */
export function placement(fix: FixContext, first: string): string {
  if (fix.code === "origin-mismatch" && fix.sentOrigin !== null) {
    return `In your existing CORS setup, change the origin to the page's exact one (it sends "${fix.sentOrigin}" now)`;
  }
  if (fix.code === "multiple-allow-origin") return `${first}, as the only place that sets CORS headers`;
  if (fix.authFirst) return `${first}, before your authentication (a preflight carries no credentials)`;
  return `${first}, before auth and routes, replacing any other CORS setup`;
}

/** The methods beyond the safelisted ones (GET, HEAD and POST are always allowed). */
export function extraMethods(fix: FixContext): string[] {
  return fix.methods.filter((method) => !SAFELISTED_METHODS.includes(method));
}

/** Header names a stack can list: without credentials `*` is a wildcard, with them a literal name, so it goes. */
export function listedHeaders(fix: FixContext): string[] {
  return fix.credentials ? fix.headers.filter((name) => name !== "*") : [...fix.headers];
}

export function quotedList(items: readonly string[]): string {
  return items.map((item) => JSON.stringify(item)).join(", ");
}
