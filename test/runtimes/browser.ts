import { corsCheckPasses, needsPreflight, preflightAllows } from "../../src/check/index.ts";

export interface PageCall {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly credentials?: boolean;
}

export interface BrowserOutcome {
  /** Whether a browser sent a preflight first. */
  readonly preflighted: boolean;
  /** Whether the page's script gets the response (false: fetch rejects with a CORS error). */
  readonly readable: boolean;
  /** The actual response, when the browser sent the request. */
  readonly response?: Response;
}

/**
 * Plays a browser's side of CORS for `fetch(url, call)` made by a page on `origin`: the preflight it
 * would send, the checks it applies (the Fetch Standard steps of fetch-cors/check), and the actual
 * request only when the preflight passed.
 */
export async function fetchFromPage(origin: string, url: string, call: PageCall = {}): Promise<BrowserOutcome> {
  const need = needsPreflight({ method: call.method ?? "GET", headers: call.headers ?? {} });
  const request = { origin, method: need.method, unsafeHeaders: need.unsafeHeaders, credentials: call.credentials === true };
  if (need.preflight) {
    const headers: Record<string, string> = { origin, "access-control-request-method": need.method };
    if (need.accessControlRequestHeaders !== null) headers["access-control-request-headers"] = need.accessControlRequestHeaders;
    const answer = await fetch(url, { method: "OPTIONS", headers, redirect: "manual" });
    await answer.body?.cancel();
    if (!preflightAllows(answer, request)) return { preflighted: true, readable: false };
  }
  const init: RequestInit = { method: need.method, headers: { ...call.headers, origin }, redirect: "manual" };
  if (call.body !== undefined) init.body = call.body;
  const response = await fetch(url, init);
  return { preflighted: need.preflight, readable: corsCheckPasses(response, request), response };
}
