// The checks of a CORS-preflight fetch (https://fetch.spec.whatwg.org/#cors-preflight-fetch) on a
// preflight response: no redirect, an ok status, the CORS check, the allowed methods and headers,
// and how long the browser may cache the answer.
import { extractTokenList, headerFindings, methodFindings } from "./allow-lists.ts";
import { corsCheckFindings, PREFLIGHT_PREFIX } from "./cors-check.ts";
import { error, preflightStatusProblem, warning, type Finding } from "./problems.ts";
import { verdict, type CorsRequestInfo, type PreflightCheckResult, type ResponseInput } from "./verdict.ts";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CHROME_MAX_AGE = 7200;
// https://fetch.spec.whatwg.org/#http-access-control-max-age: absent means a few seconds; browsers use 5.
const DEFAULT_MAX_AGE = 5;

function maxAgeFindings(raw: string | null): { maxAge: number; findings: Finding[] } {
  if (raw === null) return { maxAge: DEFAULT_MAX_AGE, findings: [] };
  if (!/^[0-9]+$/.test(raw)) {
    return {
      maxAge: DEFAULT_MAX_AGE,
      findings: [{ problem: warning("invalid-max-age", `Access-Control-Max-Age "${raw}" is not a number of seconds, so browsers cache the preflight for 5 seconds only.`, "Send one non-negative integer, e.g. Access-Control-Max-Age: 7200.") }],
    };
  }
  const seconds = Number(raw);
  if (seconds <= CHROME_MAX_AGE) return { maxAge: seconds, findings: [] };
  return {
    maxAge: CHROME_MAX_AGE,
    findings: [{ problem: warning("max-age-capped", `Access-Control-Max-Age is ${raw} seconds, but Chrome caches a preflight for at most 7200 (Firefox for 86400).`, "Use 7200 or less to get the same caching in every browser.") }],
  };
}

/**
 * Applies the checks of a CORS-preflight fetch (https://fetch.spec.whatwg.org/#cors-preflight-fetch)
 * to a preflight response: no redirect, an ok (2xx) status, the CORS check, and the allowed methods
 * and headers (`*` only without credentials, never for `Authorization`). Lists every failure, root cause first.
 *
 * @example
 * const res = await fetch(url, { method: "OPTIONS", redirect: "manual", headers: { … } });
 * checkPreflightResponse(res, { origin, method: "PUT", unsafeHeaders: ["content-type"] }).allowed;
 */
export function checkPreflightResponse(response: ResponseInput, request: CorsRequestInfo): PreflightCheckResult {
  const { status, headers } = response;
  const findings: Finding[] = [];
  const location = headers.get("location");
  if (REDIRECT_STATUSES.has(status) || response.redirected === true) {
    const to = location === null ? "" : ` to ${location}`;
    findings.push({
      problem: error("preflight-redirect", `The preflight was answered with a redirect (${status}${to}); browsers never follow a redirect of a preflight.`,
        `Send the request to the final URL${location === null ? "" : ` (${location})`} directly, or answer OPTIONS at this URL with 204 and the CORS headers.`),
      chromeRank: 0,
      chromeText: `${PREFLIGHT_PREFIX}Redirect is not allowed for a preflight request.`,
    });
  } else if (status < 200 || status > 299) {
    // Chrome runs the CORS check before this one, so a response lacking both is reported as lacking the header.
    findings.push({ problem: preflightStatusProblem(status), chromeRank: 3, chromeText: `${PREFLIGHT_PREFIX}It does not have HTTP ok status.` });
  }
  findings.push(...corsCheckFindings(response, request, true));
  const rawMethods = headers.get("access-control-allow-methods");
  const rawHeaders = headers.get("access-control-allow-headers");
  findings.push(...methodFindings(request, rawMethods, extractTokenList(rawMethods)));
  findings.push(...headerFindings(request, rawHeaders, extractTokenList(rawHeaders)));
  const maxAge = maxAgeFindings(headers.get("access-control-max-age"));
  findings.push(...maxAge.findings);
  return { ...verdict(findings), maxAge: maxAge.maxAge };
}

/** True when a browser accepts this preflight response (no error from {@link checkPreflightResponse}). */
export function preflightAllows(response: ResponseInput, request: CorsRequestInfo): boolean {
  return checkPreflightResponse(response, request).allowed;
}
