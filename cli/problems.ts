// The problems `fetch-cors check` reports: the browser-side checks' own, plus the two that only a
// client that really sends the requests meets (no response at all; a redirect a browser refuses).
import type { CheckProblem, CheckProblemCode } from "../src/check/index.ts";

/** Every code the CLI reports: the checker's, `unreachable` and `redirect-refused`. */
export type ProblemCode = CheckProblemCode | "unreachable" | "redirect-refused";

/** One problem as the CLI reports it. */
export interface Problem {
  readonly code: ProblemCode;
  /** `warning` also for what the Fetch Standard forbids but Chromium and Firefox still allow. */
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly fix: string;
  /** True when Chromium and Firefox let it through today although the Fetch Standard blocks it. */
  readonly browsersAllow?: true;
}

/** Why no response came back, the way Chrome names it. */
export interface NetworkFailure {
  /** e.g. `net::ERR_CONNECTION_REFUSED`. */
  readonly chromeError: string;
  readonly detail: string;
}

/**
 * The checker's problems as the CLI reports them: an error the browsers do not enforce becomes a
 * warning, since the CLI's verdict (and exit status) is what Chromium and Firefox do.
 */
export function fromChecker(problems: readonly CheckProblem[]): Problem[] {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  for (const problem of problems) {
    if (problem.browsersAllow === true) warnings.push({ ...problem, severity: "warning" });
    else (problem.severity === "error" ? errors : warnings).push(problem);
  }
  return [...errors, ...warnings];
}

export function unreachable(failure: NetworkFailure, what: string): Problem {
  return {
    code: "unreachable",
    severity: "error",
    message: `The ${what} got no response: ${failure.detail} (${failure.chromeError}); the page only sees "TypeError: Failed to fetch".`,
    fix: failure.chromeError === "net::ERR_UNSAFE_PORT"
      ? "Serve the API on a port browsers allow (e.g. 443, 8080 or 8787)."
      : "Check the URL, the port and that the server is up and reachable from the browser; a network error carries no CORS headers.",
  };
}

export function redirectRefused(message: string): Problem {
  return {
    code: "redirect-refused",
    severity: "error",
    message: `The browser refuses to follow the redirect: ${message}.`,
    fix: "Redirect to an http(s) URL without credentials, or call the final URL directly.",
  };
}
