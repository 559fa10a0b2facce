// What the response checks conclude: the inputs they read, and the outcome, judged twice — by the
// Fetch Standard, and by Chromium and Firefox as they behave today where they are laxer.
import type { CheckProblem, Finding } from "./problems.ts";

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
  /**
   * True when Chromium and Firefox let the script have it today. It differs from `allowed` only
   * where they are laxer than the standard: `Access-Control-Allow-Headers: *` taken to cover
   * `Authorization` (the problem then carries `browsersAllow: true`).
   */
  readonly browsersAllow: boolean;
  /** Every failed check, root cause first, errors before warnings. */
  readonly problems: readonly CheckProblem[];
  /**
   * What Chrome prints after "has been blocked by CORS policy: " for the first check it fails;
   * null when allowed, and also when only checks Chrome does not yet enforce fail.
   */
  readonly consoleMessage: string | null;
}

/** The outcome of the checks on a preflight response. */
export interface PreflightCheckResult extends CheckResult {
  /** Seconds a browser may reuse the preflight: 5 when `Access-Control-Max-Age` is absent or invalid; at most 7200, Chrome's cap. */
  readonly maxAge: number;
}

export function withCredentials(request: CorsRequestInfo): boolean {
  return request.credentials === true || request.credentials === "include";
}

/** Orders the findings (errors first) and picks the one Chrome would report. */
export function verdict(findings: readonly Finding[]): CheckResult {
  const errors = findings.filter((f) => f.problem.severity === "error");
  const warnings = findings.filter((f) => f.problem.severity === "warning");
  let first: Finding | undefined;
  for (const finding of errors) {
    if (finding.chromeRank === undefined || finding.problem.browsersAllow === true) continue;
    if (first === undefined || finding.chromeRank < (first.chromeRank as number)) first = finding;
  }
  return {
    allowed: errors.length === 0,
    browsersAllow: errors.every((f) => f.problem.browsersAllow === true),
    problems: [...errors, ...warnings].map((f) => f.problem),
    consoleMessage: first?.chromeText ?? null,
  };
}
