// The checks a browser applies to responses of a cross-origin request: the CORS check
// (https://fetch.spec.whatwg.org/#concept-cors-check) and the CORS-preflight fetch
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch). Unlike a browser, which stops at the
// first failure, every check runs, so one report lists everything to fix.
import { splitHeaderValue } from "./headers.ts";
import {
  error, mismatchHint, preflightStatusProblem, warning, type CheckProblem, type Finding,
} from "./problems.ts";
import { isSafelistedMethod } from "../fetch/names.ts";
import { isToken } from "../fetch/tokens.ts";

/** The parts of a response the checks read; a `Response` fits. */
export interface ResponseInput {
  readonly status: number;
  readonly headers: Headers;
  /** True when `fetch()` followed a redirect to get this response (`response.redirected`). */
  readonly redirected?: boolean | undefined;
}

/** The request a response answers, as the browser knows it. */
export interface CorsRequestInfo {
  /** The serialized origin the browser sent in `Origin` (e.g. `https://app.example.com`, or `null`). */
  readonly origin: string;
  /** The method as `fetch()` sends it (see `needsPreflight(...).method`). */
  readonly method: string;
  /** The request's CORS-unsafe header names (see `needsPreflight(...).unsafeHeaders`). */
  readonly unsafeHeaders?: readonly string[] | undefined;
  /** `true` or `"include"` when the request carries credentials. Default: without. */
  readonly credentials?: boolean | "include" | "same-origin" | "omit" | undefined;
  /** The request's use-CORS-preflight flag. Default `false`. */
  readonly useCorsPreflight?: boolean | undefined;
}

/** The outcome of the browser's checks on one response. */
export interface CheckResult {
  /** True when a browser following the Fetch Standard lets the script have the response. */
  readonly allowed: boolean;
  /** Every failed check, root cause first, errors before warnings. */
  readonly problems: readonly CheckProblem[];
  /**
   * What Chrome prints after "has been blocked by CORS policy: " for the first check it fails;
   * null when allowed, and also when only checks Chrome does not yet enforce fail
   * (`Access-Control-Allow-Headers: *` taken to cover `Authorization`).
   */
  readonly consoleMessage: string | null;
}

/** The outcome of the checks on a preflight response. */
export interface PreflightCheckResult extends CheckResult {
  /** Seconds a browser may reuse the preflight: 5 when `Access-Control-Max-Age` is absent or invalid; at most 7200, Chrome's cap. */
  readonly maxAge: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CHROME_MAX_AGE = 7200;
const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";

function withCredentials(request: CorsRequestInfo): boolean {
  return request.credentials === true || request.credentials === "include";
}

function corsCheckFindings(response: ResponseInput, request: CorsRequestInfo, preflight: boolean): Finding[] {
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
      chromeText: `${prefix}No 'Access-Control-Allow-Origin' header is present on the requested resource.${preflight ? ""
        : " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled."}`,
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
  } else if (value.includes(",")) {
    findings.push({
      problem: error("multiple-allow-origin", `${subject} has several Access-Control-Allow-Origin values ("${value}") where only one is allowed, usually because two layers (a proxy and the app) both add it.`,
        "Set Access-Control-Allow-Origin in one place only (remove it from the proxy, or drop the upstream copy, e.g. nginx proxy_hide_header)."),
      chromeRank: 1,
      chromeText: `${prefix}The 'Access-Control-Allow-Origin' header contains multiple values '${value}', but only one is allowed.`,
    });
  } else if (value !== origin) {
    findings.push({
      problem: error("origin-mismatch", `${subject} has Access-Control-Allow-Origin "${value}", which is not the request's origin "${origin}"${mismatchHint(value, origin)}.`,
        `Echo the request's Origin exactly: ${echo}, with Vary: Origin.`),
      chromeRank: 1,
      chromeText: `${prefix}The 'Access-Control-Allow-Origin' header has a value '${value}' that is not equal to the supplied origin.`,
    });
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

type ParsedList = readonly string[] | null | { readonly invalid: string };

/** https://fetch.spec.whatwg.org/#extract-header-list-values for `#token` lists: null when absent. */
function extractTokenList(value: string | null): ParsedList {
  if (value === null) return null;
  const items: string[] = [];
  for (const item of splitHeaderValue(value)) {
    if (item === "") continue;
    if (!isToken(item)) return { invalid: item };
    items.push(item);
  }
  return items;
}

function isList(list: ParsedList): list is readonly string[] {
  return Array.isArray(list);
}

function methodFindings(request: CorsRequestInfo, raw: string | null, listed: ParsedList): Finding[] {
  const { method } = request;
  const credentials = withCredentials(request);
  const methods = listed === null && request.useCorsPreflight === true ? [method] : listed;
  if (!isList(methods) && methods !== null) {
    return [{
      problem: error("invalid-allow-methods", `The preflight response's Access-Control-Allow-Methods "${raw}" cannot be parsed: "${methods.invalid}" is not a method name.`,
        "Send a comma-separated list of method names, e.g. Access-Control-Allow-Methods: GET, POST, PUT."),
      chromeRank: 4,
      chromeText: "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
    }];
  }
  const list = methods ?? [];
  if (list.includes(method) || isSafelistedMethod(method) || (!credentials && list.includes("*"))) return [];
  const sameLetters = list.find((item) => item.toLowerCase() === method.toLowerCase());
  let message = `${method} is not in the preflight response's Access-Control-Allow-Methods ("${raw}").`;
  if (methods === null) message = `The preflight response has no Access-Control-Allow-Methods, so ${method} is not allowed (only GET, HEAD and POST need not be listed).`;
  else if (list.includes("*")) message = `The preflight response has Access-Control-Allow-Methods "${raw}", and "*" is a literal name, not a wildcard, for a request with credentials, so ${method} is not allowed.`;
  else if (sameLetters !== undefined) message = `${method} is not in Access-Control-Allow-Methods ("${raw}"): methods are case-sensitive, and "${sameLetters}" is not "${method}".`;
  const findings: Finding[] = [{
    problem: error("method-not-allowed", message, `Add ${method} to Access-Control-Allow-Methods.`),
    chromeRank: 6,
    chromeText: `Method ${method} is not allowed by Access-Control-Allow-Methods in preflight response.`,
  }];
  if (sameLetters !== undefined) {
    findings.push({
      // Whichever side is not in capitals is the one to change: servers expect PATCH, not patch.
      problem: method === method.toUpperCase()
        ? warning("method-case", `The allowed method "${sameLetters}" differs from the request's "${method}" only in case; methods are compared byte for byte.`,
          `Write "${method}" in Access-Control-Allow-Methods.`)
        : warning("method-case", `The request's method "${method}" differs from the allowed "${sameLetters}" only in case; fetch() sends custom methods exactly as written (it uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT).`,
          `Write method: "${sameLetters}" in the fetch() call, or allow "${method}" as written.`),
    });
  }
  return findings;
}

function headerFindings(request: CorsRequestInfo, raw: string | null, listed: ParsedList): Finding[] {
  if (!isList(listed) && listed !== null) {
    return [{
      problem: error("invalid-allow-headers", `The preflight response's Access-Control-Allow-Headers "${raw}" cannot be parsed: "${listed.invalid}" is not a header name.`,
        "Send a comma-separated list of header names, e.g. Access-Control-Allow-Headers: content-type, authorization."),
      chromeRank: 5,
      chromeText: "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
    }];
  }
  const credentials = withCredentials(request);
  const allowed = new Set((listed ?? []).map((name) => name.toLowerCase()));
  const wildcard = allowed.has("*");
  const findings: Finding[] = [];
  for (const name of request.unsafeHeaders ?? []) {
    const lower = name.toLowerCase();
    if (allowed.has(lower)) continue;
    // https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name: `*` never covers Authorization.
    const authorization = lower === "authorization";
    if (!authorization && wildcard && !credentials) continue;
    let message = `The request header ${lower} is not in the preflight response's Access-Control-Allow-Headers ("${raw}")`;
    if (listed === null) message = `The preflight response has no Access-Control-Allow-Headers, so the request header ${lower} is not allowed`;
    else if (wildcard && credentials) message = `The preflight response has Access-Control-Allow-Headers "${raw}", and "*" is a literal name, not a wildcard, for a request with credentials, so ${lower} is not allowed`;
    else if (wildcard) message = `Access-Control-Allow-Headers "${raw}" does not cover authorization: "*" never does (Fetch Standard), it must be listed by name`;
    // One sentence each: the clause says why this header in particular.
    if (lower === "content-type") message += "; a content-type other than application/x-www-form-urlencoded, multipart/form-data or text/plain (e.g. application/json) must be allowed explicitly";
    const responseHeader = lower.startsWith("access-control-");
    if (responseHeader) message += `; ${lower} is a response header: the server sends it, and on a request it only makes the browser ask for a preflight`;
    message += ".";
    const fix = responseHeader
      ? `Remove ${lower} from the request's headers (the fetch() call); the server, not the page, sends Access-Control-* headers.`
      : `Add ${lower} to Access-Control-Allow-Headers${authorization && wildcard ? ` (e.g. "*, authorization")` : ""}.`;
    findings.push({
      problem: error("header-not-allowed", message, fix),
      chromeRank: 7,
      chromeText: `Request header field ${lower} is not allowed by Access-Control-Allow-Headers in preflight response.`,
      chromeAllows: authorization && wildcard && !credentials,
    });
  }
  return findings;
}

function maxAgeFindings(raw: string | null): { maxAge: number; findings: Finding[] } {
  if (raw === null) return { maxAge: 5, findings: [] };
  if (!/^[0-9]+$/.test(raw)) {
    return {
      maxAge: 5,
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

function result(findings: readonly Finding[]): CheckResult {
  const errors = findings.filter((f) => f.problem.severity === "error");
  const warnings = findings.filter((f) => f.problem.severity === "warning");
  let first: Finding | undefined;
  for (const finding of errors) {
    if (finding.chromeRank === undefined || finding.chromeAllows === true) continue;
    if (first === undefined || finding.chromeRank < (first.chromeRank as number)) first = finding;
  }
  return {
    allowed: errors.length === 0,
    problems: [...errors, ...warnings].map((f) => f.problem),
    consoleMessage: first?.chromeText ?? null,
  };
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
  return result(findings);
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
    findings.push({ problem: preflightStatusProblem(status), chromeRank: 3, chromeText: `${PREFLIGHT_PREFIX}It does not have HTTP ok status.` });
  }
  findings.push(...corsCheckFindings(response, request, true));
  const rawMethods = headers.get("access-control-allow-methods");
  const rawHeaders = headers.get("access-control-allow-headers");
  findings.push(...methodFindings(request, rawMethods, extractTokenList(rawMethods)));
  findings.push(...headerFindings(request, rawHeaders, extractTokenList(rawHeaders)));
  const maxAge = maxAgeFindings(headers.get("access-control-max-age"));
  findings.push(...maxAge.findings);
  return { ...result(findings), maxAge: maxAge.maxAge };
}

/** True when a browser accepts this preflight response (no error from {@link checkPreflightResponse}). */
export function preflightAllows(response: ResponseInput, request: CorsRequestInfo): boolean {
  return checkPreflightResponse(response, request).allowed;
}

/** True when the response passes the browser's CORS check (no error from {@link checkActualResponse}). */
export function corsCheckPasses(response: ResponseInput, request: CorsRequestInfo): boolean {
  return checkActualResponse(response, request).allowed;
}
