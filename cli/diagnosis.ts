// From the exchanges to the diagnosis: the server's stack, the root cause's fix worded for what the
// responses show (a sign-in redirect, an HTML fallback, a lowercase method, a wrong value), the
// verdicts of the browsers and of the Fetch Standard, and the snippets.
import { fixesFor } from "./fixes/index.ts";
import { authAnswered, failedAfterRedirect, failingResponse, fixContext, pageMethod } from "./fix-context.ts";
import type { Problem } from "./problems.ts";
import { receivedResponses, type CheckReport, type Exchanges } from "./report.ts";
import { detectStacks, type StackGuess } from "./stack.ts";

function names(stacks: readonly StackGuess[], ids: readonly string[]): string | null {
  return stacks.find((guess) => ids.includes(guess.stack))?.name ?? null;
}

/** The root cause's message and fix, reworded where the responses say more than the checks. */
function adviseRoot(report: Exchanges, root: Problem, stacks: readonly StackGuess[]): Problem {
  const failing = failingResponse(report);
  const location = failing?.headers.location ?? report.preflight.response?.headers.location ?? "";
  if (failedAfterRedirect(report)) {
    const tainted = report.actual.hops.some((hop) => hop.request?.headers.origin === "null");
    const why = tainted
      ? "; the hop between two origins made the browser send Origin: null, which no API should allow (every sandboxed page and file: page shares it)"
      : "";
    const first = report.actual.hops[0]?.response?.headers.location ?? location;
    return { ...root, fix: `Answer 401 instead of redirecting to ${first} (the page can then send the user to sign in itself)${why}; or call the final URL directly.` };
  }
  if (root.code === "preflight-redirect" && authAnswered(report)) {
    return { ...root, fix: `Answer preflights before the authentication that redirects them to ${location} (a preflight carries no cookies or Authorization), and answer unauthenticated API requests with 401 instead of redirecting.` };
  }
  const page = pageMethod(report.method);
  if (root.code === "method-not-allowed" && page !== null) {
    return { ...root, fix: `Write method: "${page}" in the fetch() call: fetch() sends custom methods exactly as written (it uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT), and servers expect ${page}.` };
  }
  const sent = failing?.headers["access-control-allow-origin"];
  if (root.code === "origin-mismatch" && sent !== undefined) {
    return { ...root, fix: `Change the Access-Control-Allow-Origin value in your existing CORS configuration from "${sent}" to "${report.origin}" (with Vary: Origin).` };
  }
  const proxy = names(stacks, ["nginx", "apache", "caddy"]);
  if (root.code === "multiple-allow-origin" && proxy !== null) {
    return { ...root, fix: `Set Access-Control-Allow-Origin in one place only: have ${proxy} drop the app's copy (or stop adding its own).` };
  }
  if (root.code === "missing-allow-origin" && failing !== null) {
    const type = failing.headers["content-type"] ?? "";
    if (failing.status >= 200 && failing.status < 300 && /^text\/html/i.test(type)) {
      return {
        ...root,
        message: `${root.message} The answer is an HTML page (${failing.status}, content-type: ${type}), not your API's: probably a fallback such as a single-page app's index.html, or the request reached the wrong host or path.`,
        fix: `Route ${new URL(report.url).pathname} to the API (check the URL and the server's routes), and answer it with the CORS headers (Access-Control-Allow-Origin: ${report.origin}).`,
      };
    }
    if (failing.status >= 400 && proxy === "nginx") return { ...root, fix: `${root.fix} nginx adds add_header only to 2xx and 3xx responses unless you write "always".` };
    if (failing.status >= 400 && proxy === "Apache httpd") return { ...root, fix: `${root.fix} Apache's "Header set" reaches 2xx responses only: write "Header always set".` };
  }
  return root;
}

export function diagnose(report: Exchanges): CheckReport {
  const server = detectStacks(receivedResponses(report));
  const index = report.problems.findIndex((p) => p.severity === "error");
  const problems = index === -1 ? [...report.problems] : report.problems.map((p, i) => (i === index ? adviseRoot(report, p, server) : p));
  const allowedByBrowsers = index === -1;
  const allowedByFetchStandard = allowedByBrowsers && !problems.some((p) => p.browsersAllow === true);
  const root = problems[index] ?? problems.find((p) => p.browsersAllow === true);
  const fixes = root === undefined ? [] : fixesFor(root.fix, fixContext(report, root), server.map((guess) => guess.stack));
  return { ...report, problems, allowed: allowedByBrowsers, allowedByBrowsers, allowedByFetchStandard, server, fixes };
}
