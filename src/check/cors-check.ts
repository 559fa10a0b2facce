// The CORS check (https://fetch.spec.whatwg.org/#concept-cors-check) on Access-Control-Allow-Origin
// and -Credentials, for preflight and actual responses alike. Unlike a browser, which stops at the
// first failure, every check runs, so one report lists everything to fix.
import { splitHeaderValue } from "./headers.ts";
import { error, mismatchHint, warning, type Finding } from "./problems.ts";
import { verdict, withCredentials, type CheckResult, type CorsRequestInfo, type ResponseInput } from "./verdict.ts";

export const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";
// Chrome's fetch() form appends this to the origin-mismatch and multiple-values messages (its
// XMLHttpRequest form does not); the checks speak for fetch().
const VALID_VALUE_HINT = " Have the server send the header with a valid value.";

/** Chrome's reading of a value that is neither `*` nor the origin (services/network/public/cpp/cors). */
function mismatchFinding(subject: string, prefix: string, value: string, origin: string): Finding {
  // Chrome treats a space as a separator too: "a b" is two values to it.
  if (value.includes(",") || value.includes(" ")) {
    return {
      problem: error("multiple-allow-origin", `${subject} has several Access-Control-Allow-Origin values ("${value}") where only one is allowed, usually because two layers (a proxy and the app) both add it.`,
        "Set Access-Control-Allow-Origin in one place only (remove it from the proxy, or drop the upstream copy, e.g. nginx proxy_hide_header)."),
      chromeRank: 1,
      chromeText: `${prefix}The 'Access-Control-Allow-Origin' header contains multiple values '${value}', but only one is allowed.${VALID_VALUE_HINT}`,
    };
  }
  let valid = true;
  try {
    if (value !== "null") new URL(value);
  } catch {
    // Not a URL at all: Chrome names it invalid rather than different.
    valid = false;
  }
  const chromeText = valid
    ? `${prefix}The 'Access-Control-Allow-Origin' header has a value '${value}' that is not equal to the supplied origin.${VALID_VALUE_HINT}`
    : `${prefix}The 'Access-Control-Allow-Origin' header contains the invalid value '${value}'.${VALID_VALUE_HINT}`;
  return {
    problem: error("origin-mismatch", `${subject} has Access-Control-Allow-Origin "${value}", which is not the request's origin "${origin}"${mismatchHint(value, origin)}.`,
      `Change the value to the request's exact origin: Access-Control-Allow-Origin: ${origin}, with Vary: Origin.`),
    chromeRank: 1,
    chromeText,
  };
}

export function corsCheckFindings(response: ResponseInput, request: CorsRequestInfo, preflight: boolean): Finding[] {
  const findings: Finding[] = [];
  const prefix = preflight ? PREFLIGHT_PREFIX : "";
  const subject = preflight ? "The preflight response" : "The response";
  const credentials = withCredentials(request);
  const { origin } = request;
  const echo = `Access-Control-Allow-Origin: ${origin}`;
  // `get` joins repeated fields with ", ", exactly as the browser reads them.
  const value = response.headers.get("access-control-allow-origin");
  if (value === null) {
    const hidden = !preflight && response.status >= 400
      ? ` (error responses need CORS headers too, or the browser hides the ${response.status} behind a CORS error)` : "";
    findings.push({
      problem: error("missing-allow-origin", `${subject} has no Access-Control-Allow-Origin header${hidden}.`,
        `Answer with ${echo}${credentials ? "" : ' (or "*" for a public resource)'}.`),
      chromeRank: 1,
      chromeText: `${prefix}No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    });
  } else if (value === "*") {
    if (credentials) {
      findings.push({
        problem: error("wildcard-with-credentials", `${subject} has Access-Control-Allow-Origin: *, which browsers refuse for a request with credentials ("include").`,
          `Echo the request's origin instead of "*": ${echo}, with Vary: Origin.`),
        chromeRank: 1,
        chromeText: `${prefix}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`,
      });
    }
  } else if (value !== origin) {
    findings.push(mismatchFinding(subject, prefix, value, origin));
  }
  const allowCredentials = response.headers.get("access-control-allow-credentials");
  if (credentials && allowCredentials !== "true") {
    findings.push({
      problem: error("missing-allow-credentials", allowCredentials === null
        ? `${subject} has no Access-Control-Allow-Credentials: true, which a request with credentials ("include") needs.`
        : `${subject} has Access-Control-Allow-Credentials "${allowCredentials}"; it must be exactly "true" for a request with credentials.`,
      `Add Access-Control-Allow-Credentials: true${preflight ? " (to the preflight and to the actual response)" : ""}.`),
      chromeRank: 2,
      chromeText: `${prefix}The value of the 'Access-Control-Allow-Credentials' header in the response is '${allowCredentials ?? ""}' which must be 'true' when the request's credentials mode is 'include'.`,
    });
  }
  return findings;
}

/**
 * Applies the CORS check (https://fetch.spec.whatwg.org/#concept-cors-check) to the response of an
 * actual (non-preflight) cross-origin request, listing every failure, and warns when a response that
 * echoes the origin lacks `Vary: Origin`.
 *
 * @example
 * const res = await fetch(url, { headers: { Origin: "https://app.example.com" } });
 * checkActualResponse(res, { origin: "https://app.example.com", method: "GET" }).problems;
 */
export function checkActualResponse(response: ResponseInput, request: CorsRequestInfo): CheckResult {
  const findings = corsCheckFindings(response, request, false);
  const allowOrigin = response.headers.get("access-control-allow-origin");
  if (allowOrigin !== null && allowOrigin === request.origin && allowOrigin !== "*") {
    const vary = splitHeaderValue(response.headers.get("vary") ?? "").map((item) => item.toLowerCase());
    if (!vary.includes("origin") && !vary.includes("*")) {
      findings.push({ problem: warning("missing-vary-origin", "The response echoes the origin in Access-Control-Allow-Origin without Vary: Origin, so a shared cache may hand it to another origin, whose request the browser then blocks.", "Add Vary: Origin to every response whose CORS headers depend on the Origin.") });
    }
  }
  return verdict(findings);
}

/** True when the response passes the browser's CORS check (no error from {@link checkActualResponse}). */
export function corsCheckPasses(response: ResponseInput, request: CorsRequestInfo): boolean {
  return checkActualResponse(response, request).allowed;
}
