// The problems the browser-side checks report: stable codes, and words that say the cause and the fix.

/** Stable codes of {@link CheckProblem}. Errors make a browser block the request; warnings do not. */
export type CheckProblemCode =
  | "preflight-redirect"
  | "preflight-status"
  | "missing-allow-origin"
  | "multiple-allow-origin"
  | "origin-mismatch"
  | "wildcard-with-credentials"
  | "missing-allow-credentials"
  | "invalid-allow-methods"
  | "invalid-allow-headers"
  | "method-not-allowed"
  | "header-not-allowed"
  | "method-case"
  | "missing-vary-origin"
  | "max-age-capped"
  | "invalid-max-age";

/** One failed check, with its cause and fix in one sentence each. */
export interface CheckProblem {
  readonly code: CheckProblemCode;
  readonly severity: "error" | "warning";
  /** The cause, in one sentence that quotes the values involved. */
  readonly message: string;
  /** What to change, in one sentence. */
  readonly fix: string;
  /**
   * Set on an error the Fetch Standard makes but Chromium and Firefox do not enforce today
   * (`Access-Control-Allow-Headers: *` taken to cover `Authorization`).
   */
  readonly browsersAllow?: true;
}

/** A problem plus where it ranks in Chrome's own order of checks (Chrome reports only its first failure). */
export interface Finding {
  readonly problem: CheckProblem;
  /** Position in Chrome's order of checks; undefined for warnings. */
  readonly chromeRank?: number;
  /** The text Chrome prints after "has been blocked by CORS policy: ". */
  readonly chromeText?: string;
}

export function error(code: CheckProblemCode, message: string, fix: string): CheckProblem {
  return { code, severity: "error", message, fix };
}

export function warning(code: CheckProblemCode, message: string, fix: string): CheckProblem {
  return { code, severity: "warning", message, fix };
}

function hostPart(origin: string): string {
  const at = origin.indexOf("://");
  return at === -1 ? origin : origin.slice(at + 3);
}

/** Why an `Access-Control-Allow-Origin` value that is not the origin was probably written that way. */
export function mismatchHint(value: string, origin: string): string {
  if (value === `${origin}/`) return " (a trailing slash: an origin has no path)";
  if (value.toLowerCase() === origin.toLowerCase()) return " (the comparison is byte for byte and the case differs)";
  if (hostPart(value) === hostPart(origin)) return " (the scheme differs)";
  if (hostPart(value).split(":")[0] === hostPart(origin).split(":")[0]) return " (the port differs)";
  if (value === "null") return ' (the literal "null" only matches sandboxed or file: pages)';
  return "";
}

/** The status-specific cause and fix of a preflight answered without a 2xx status. */
export function preflightStatusProblem(status: number): CheckProblem {
  const base = `The preflight (OPTIONS) was answered with status ${status}; a browser requires a 2xx status`;
  if (status === 401 || status === 403) {
    return error("preflight-status", `${base}, and a ${status} here usually means authentication rejected it: browsers never send cookies or Authorization on a preflight.`,
      "Answer OPTIONS preflights before authentication runs, with 204 and the CORS headers.");
  }
  if (status === 404 || status === 405 || status === 501) {
    return error("preflight-status", `${base}, and a ${status} means nothing on the server handles OPTIONS for this URL.`,
      "Add CORS handling that answers OPTIONS preflights (before routing) with 204 and the CORS headers.");
  }
  if (status >= 500) {
    return error("preflight-status", `${base}; the server failed while handling OPTIONS.`,
      "Fix the server error on OPTIONS, and answer preflights with 204 and the CORS headers.");
  }
  return error("preflight-status", `${base}.`, "Answer OPTIONS preflights with 204 (or 200) and the CORS headers.");
}
