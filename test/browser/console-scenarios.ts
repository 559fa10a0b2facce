// Failing requests whose console messages `fetch-cors explain` must read back: each with the code it
// must give for what Chromium prints and for what Firefox prints (they often say different things:
// Chrome names a missing header before a bad status, Firefox names the status and never the method).
import type { MISCONFIGURATIONS } from "./misconfigured-api.ts";

export interface ConsoleScenario {
  readonly name: string;
  /** The misconfiguration the request goes to, or `closed` for a port nothing listens on. */
  readonly path: keyof typeof MISCONFIGURATIONS | "closed";
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly credentials?: boolean;
  /** The root code explain must give for each browser's message. */
  readonly chromium: string;
  readonly firefox: string;
}

const PUT = "PUT";

export const CONSOLE_SCENARIOS: readonly ConsoleScenario[] = [
  { name: "a GET answered without CORS headers", path: "no-cors", chromium: "missing-allow-origin", firefox: "missing-allow-origin" },
  { name: "a preflight answered 204 without CORS headers", path: "no-cors", method: PUT, chromium: "missing-allow-origin", firefox: "missing-allow-origin" },
  { name: "a bare 405 preflight", path: "preflight-405", method: PUT, chromium: "missing-allow-origin", firefox: "preflight-status" },
  { name: "a 403 preflight with CORS headers (auth before the handler)", path: "preflight-403-with-cors", method: PUT, chromium: "preflight-status", firefox: "preflight-status" },
  { name: "a 500 preflight", path: "preflight-500", method: PUT, chromium: "missing-allow-origin", firefox: "preflight-status" },
  { name: "a preflight answered by a 200 HTML page", path: "preflight-html", method: PUT, chromium: "missing-allow-origin", firefox: "missing-allow-origin" },
  { name: "a redirected preflight without CORS headers", path: "preflight-redirect", method: PUT, chromium: "preflight-redirect", firefox: "preflight-redirect" },
  { name: "a redirected preflight with CORS headers", path: "redirect-with-cors", method: PUT, chromium: "preflight-redirect", firefox: "preflight-redirect" },
  { name: "a GET redirected to a sign-in page without CORS headers", path: "redirect-with-cors", chromium: "missing-allow-origin", firefox: "missing-allow-origin" },
  { name: "an origin with a trailing slash", path: "trailing-slash", chromium: "origin-mismatch", firefox: "origin-mismatch" },
  { name: "an origin with a trailing slash on the preflight", path: "trailing-slash", method: PUT, chromium: "origin-mismatch", firefox: "origin-mismatch" },
  { name: "a value that is not an origin", path: "not-an-origin", chromium: "origin-mismatch", firefox: "origin-mismatch" },
  { name: "two Access-Control-Allow-Origin values", path: "two-values", chromium: "multiple-allow-origin", firefox: "multiple-allow-origin" },
  { name: "two Access-Control-Allow-Origin values on the preflight", path: "two-values", method: PUT, chromium: "multiple-allow-origin", firefox: "multiple-allow-origin" },
  { name: "* with credentials", path: "wildcard-credentials", credentials: true, chromium: "wildcard-with-credentials", firefox: "wildcard-with-credentials" },
  { name: "* with credentials on the preflight", path: "wildcard-credentials", method: PUT, credentials: true, chromium: "wildcard-with-credentials", firefox: "wildcard-with-credentials" },
  { name: "credentials without Access-Control-Allow-Credentials", path: "no-allow-credentials", credentials: true, chromium: "missing-allow-credentials", firefox: "missing-allow-credentials" },
  { name: "credentials without Access-Control-Allow-Credentials on the preflight", path: "no-allow-credentials", method: PUT, credentials: true, chromium: "missing-allow-credentials", firefox: "missing-allow-credentials" },
  { name: "a method not allowed", path: "methods-get-post", method: PUT, chromium: "method-not-allowed", firefox: "method-not-allowed" },
  { name: "a lowercase method", path: "methods-get-post", method: "patch", chromium: "method-not-allowed", firefox: "method-not-allowed" },
  { name: "a header not allowed", path: "headers-content-type", method: PUT, headers: { "x-api-key": "k" }, chromium: "header-not-allowed", firefox: "header-not-allowed" },
  { name: "an unparsable method list", path: "bad-methods", method: PUT, chromium: "invalid-allow-methods", firefox: "invalid-allow-methods" },
  { name: "an unparsable header list", path: "bad-headers", headers: { "x-y": "1" }, chromium: "invalid-allow-headers", firefox: "invalid-allow-headers" },
  // Firefox's "missing… Status code: 404" reads the same for a preflight and for a GET: explain
  // takes the status for the root, and also lists missing-allow-origin.
  { name: "an error page without CORS headers", path: "error-without-cors", chromium: "missing-allow-origin", firefox: "preflight-status" },
  { name: "a redirect to a URL with a password", path: "redirect-with-password", chromium: "redirect-refused", firefox: "unreachable" },
  { name: "a redirect to data:", path: "redirect-to-data", chromium: "redirect-refused", firefox: "unreachable" },
  { name: "endless redirects", path: "redirect-loop", chromium: "redirect-refused", firefox: "unreachable" },
  { name: "a port nothing listens on", path: "closed", chromium: "unreachable", firefox: "unreachable" },
];
