// What a browser does with a redirect of a CORS request (https://fetch.spec.whatwg.org/#http-redirect-fetch):
// the next request, or why it refuses to make one.
import { redirectRefused, type Problem } from "./problems.ts";

/** One request of the chain, as the browser makes it. */
export interface Step {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
}

/** A redirect the browser refuses, and what Chrome prints for it (a CORS line naming `url`, or a net:: error). */
export interface Refusal {
  readonly problem: Problem;
  readonly chrome: string;
  /** The URL Chrome's CORS line names, when it is not the current one. */
  readonly chromeUrl?: string;
}

// https://fetch.spec.whatwg.org/#http-redirect-fetch: the 21st redirect is a network error.
export const MAX_REDIRECTS = 20;
const REQUEST_BODY_HEADERS = new Set(["content-encoding", "content-language", "content-location", "content-type"]);
// Chromium's list, printed as is in its console message.
const CHROME_SCHEMES = "chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app";

/** What the browser does next after a redirect, or why it refuses to follow it. */
export function follow(step: Step, status: number, location: string, count: number): Step | Refusal {
  if (count === MAX_REDIRECTS) return { problem: redirectRefused("more than 20 redirects"), chrome: "net::ERR_TOO_MANY_REDIRECTS" };
  let next: URL;
  try {
    next = new URL(location, step.url);
  } catch {
    return { problem: redirectRefused(`Location "${location}" is not a valid URL`), chrome: "net::ERR_INVALID_REDIRECT" };
  }
  if (next.protocol !== "http:" && next.protocol !== "https:") {
    const problem = redirectRefused(`${next.protocol} is not an HTTP(S) URL`);
    // Chromium lists data: among its schemes but refuses to redirect to it at the network layer.
    if (next.protocol === "data:") return { problem, chrome: "net::ERR_UNSAFE_REDIRECT" };
    return { problem, chrome: `Cross origin requests are only supported for protocol schemes: ${CHROME_SCHEMES}.`, chromeUrl: next.href };
  }
  if (next.username !== "" || next.password !== "") {
    // Chromium prints the location as an empty string here, so as not to echo the password.
    return { problem: redirectRefused(`${next.origin} is given with a user name or password, which CORS requests may not follow`), chrome: "Redirect location '' contains a username and password, which is disallowed for cross-origin requests." };
  }
  let { method, origin } = step;
  let headers = [...step.headers];
  if (((status === 301 || status === 302) && method === "POST") || (status === 303 && method !== "GET" && method !== "HEAD")) {
    method = "GET";
    headers = headers.filter(([name]) => !REQUEST_BODY_HEADERS.has(name));
  }
  const current = new URL(step.url).origin;
  if (current !== next.origin) {
    headers = headers.filter(([name]) => name !== "authorization");
    // The tainted origin flag: after a hop between two origins, neither of them the page's, Origin becomes "null".
    if (origin !== current) origin = "null";
  }
  return { url: next.href, origin, method, headers };
}

/** True when a redirect's Location looks like a sign-in page. */
export function looksLikeLogin(location: string): boolean {
  return /(log-?in|sign-?in|auth|sso|session|account|oauth)/i.test(location);
}
