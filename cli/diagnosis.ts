// From the exchanges to the diagnosis: the server's stack, the root cause's fix worded for what the
// responses show (a sign-in redirect, an HTML fallback, a lowercase method, a wrong value), the
// verdicts of the browsers and of the Fetch Standard, and the snippets.
import { fixesFor } from "./fixes/index.ts";
import { authAnswered, failedHop, failingResponse, fixContext, pageMethod, signInLocation, tainted } from "./fix-context.ts";
import type { Problem } from "./problems.ts";
import { MAX_REDIRECTS } from "./redirects.ts";
import { receivedResponses, type CheckReport, type Exchanges } from "./report.ts";
import { detectStacks, type StackGuess } from "./stack.ts";

function names(stacks: readonly StackGuess[], ids: readonly string[]): string | null {
  return stacks.find((guess) => ids.includes(guess.stack))?.name ?? null;
}

const ORIGIN_NULL = "the hop between two origins made the browser send Origin: null, which no API should allow (every sandboxed page and file: page shares it)";

/** The advice for a failure after a redirect, or null when the failure is the one a direct request would meet. */
function adviseAfterRedirect(report: Exchanges, root: Problem, failed: { index: number; url: string }): Problem | null {
  const hops = report.actual.hops;
  if (root.code === "redirect-refused" && hops.length > MAX_REDIRECTS) {
    const urls = hops.map((hop) => hop.request?.url ?? "");
    const repeated = urls.find((url, i) => urls.indexOf(url) !== i);
    const what = repeated === undefined
      ? `the chain from ${report.url} is longer than the ${MAX_REDIRECTS} redirects browsers follow`
      : `${repeated} is reached again and again (a redirect loop)`;
    return { ...root, fix: `Fix the redirect chain: ${what}. Make the server answer ${report.url} itself (or redirect once, to a URL that answers without redirecting), and call that final URL directly.` };
  }
  const login = signInLocation(report, failed.index);
  if (login !== null && root.code !== "redirect-refused") {
    const why = tainted(report) ? `; ${ORIGIN_NULL}` : "";
    return { ...root, fix: `Answer 401 instead of redirecting to ${login} (the page can then send the user to sign in itself)${why}; or call the final URL directly.` };
  }
  if (root.code === "unreachable") {
    const hop = `${failed.url} (request ${failed.index + 1} of the redirect chain from ${report.url})`;
    const slow = report.console?.includes("net::ERR_TIMED_OUT") === true;
    return {
      ...root,
      fix: slow
        ? `Make ${hop} answer sooner, or cut the redirects short and call the final URL directly: a browser gives up on a slow hop just the same, and every hop adds a round trip.`
        : `Check that ${hop} is up and reachable from the browser, or have ${report.url} stop redirecting there; a network error carries no CORS headers.`,
    };
  }
  if (root.code !== "redirect-refused" && tainted(report)) {
    return { ...root, fix: `Call ${failed.url} directly instead of through the redirect from ${report.url}: ${ORIGIN_NULL}.` };
  }
  return null;
}

/** A CORS failure at the redirect's target: the same fix, at the URL the browser was sent to. */
function atRedirectTarget(report: Exchanges, advice: Problem, url: string): Problem {
  if (advice.code === "redirect-refused" || advice.code === "unreachable" || advice.code === "preflight-redirect") return advice;
  const fix = `${advice.fix.charAt(0).toLowerCase()}${advice.fix.slice(1)}`;
  return { ...advice, fix: `At ${url}, where the browser followed the redirect from ${report.url}: ${fix} Calling ${url} directly also saves the redirect.` };
}

/** The root cause's message and fix, reworded where the responses say more than the checks. */
function adviseRoot(report: Exchanges, root: Problem, stacks: readonly StackGuess[]): Problem {
  const failed = failedHop(report);
  if (failed !== null && failed.index > 0) {
    const advice = adviseAfterRedirect(report, root, failed);
    return advice ?? atRedirectTarget(report, adviseResponse(report, root, stacks, failed.url), failed.url);
  }
  return adviseResponse(report, root, stacks, report.url);
}

/** The fix worded for what the failing response shows; `url` is the URL that answered it. */
function adviseResponse(report: Exchanges, root: Problem, stacks: readonly StackGuess[], url: string): Problem {
  const failing = failingResponse(report);
  const location = failing?.headers.location ?? report.preflight.response?.headers.location ?? "";
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
        fix: `Route ${new URL(url).pathname} to the API (check the URL and the server's routes), and answer it with the CORS headers (Access-Control-Allow-Origin: ${report.origin}).`,
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
