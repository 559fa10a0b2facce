// `fetch-cors check <url>`: replays what a browser does for a cross-origin fetch() — preflight,
// actual request, redirects — and applies the browser's checks (src/check/index.ts) to each answer.
import { checkActualResponse, checkPreflightResponse, needsPreflight, type PreflightNeed } from "../src/check/index.ts";
import type { UrlCheck } from "./check-args.ts";
import { diagnose } from "./diagnosis.ts";
import { deadlineIn, exchange, type Deadline, type FetchLike, type SentRequest } from "./network.ts";
import { requestNotes } from "./notes.ts";
import { fromChecker, unreachable, type Problem } from "./problems.ts";
import { follow, type Step } from "./redirects.ts";
import type { ActualReport, CheckReport, Exchanges, HopReport, PreflightReport } from "./report.ts";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BROWSER_HEADERS = { accept: "*/*", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" };

interface Outcome { report: PreflightReport; console: string | null }

function after(url: string, problems: readonly Problem[], first: boolean): Problem[] {
  return first ? [...problems] : problems.map((p) => ({ ...p, message: `After the redirect to ${url}: ${p.message}` }));
}

async function preflight(step: Step, need: PreflightNeed, cmd: UrlCheck, fetchImpl: FetchLike, deadline: Deadline): Promise<Outcome> {
  const headers: Record<string, string> = { origin: step.origin, "access-control-request-method": need.method };
  if (need.accessControlRequestHeaders !== null) headers["access-control-request-headers"] = need.accessControlRequestHeaders;
  Object.assign(headers, BROWSER_HEADERS);
  const request: SentRequest = { method: "OPTIONS", url: step.url, headers };
  const sent = await exchange(fetchImpl, request, deadline);
  const base = { needed: true, reasons: need.reasons, sent: true, request };
  if ("failure" in sent) {
    return { report: { ...base, response: null, allowed: false, problems: [unreachable(sent.failure, "preflight (OPTIONS)")] }, console: sent.failure.chromeError };
  }
  const result = checkPreflightResponse(sent.response, {
    origin: step.origin, method: need.method, unsafeHeaders: need.unsafeHeaders, credentials: cmd.credentials,
  });
  // The flow follows the browsers: a preflight only the Fetch Standard refuses is still followed by the request.
  const report = { ...base, response: sent.received, allowed: result.browsersAllow, maxAge: result.maxAge, problems: fromChecker(result.problems) };
  return { report, console: result.consoleMessage };
}

/** The line Chrome prints: a network error names the request; a CORS failure says who blocked what. */
function consoleLine(step: Step, firstUrl: string, message: string | null, url = step.url): string | null {
  if (message === null) return null;
  if (message.startsWith("net::")) return `${step.method} ${step.url} ${message}`;
  const from = url === firstUrl ? "" : ` (redirected from '${firstUrl}')`;
  return `Access to fetch at '${url}'${from} from origin '${step.origin}' has been blocked by CORS policy: ${message}`;
}

/** Follows the actual request through its redirects, each checked as the browser checks it. */
async function actualRequest(first: Step, cmd: UrlCheck, fetchImpl: FetchLike, deadline: Deadline, notes: string[]): Promise<{ actual: ActualReport; console: string | null }> {
  const cookie = cmd.credentials ? cmd.headers.filter(([name]) => name.toLowerCase() === "cookie").map(([, value]) => value).join("; ") : "";
  // A browser sends a cookie to the host it was set for only, never to a redirect target elsewhere.
  const cookieHost = new URL(cmd.url).hostname;
  const hops: HopReport[] = [];
  let step = first;
  let printed: string | null = null;
  for (let count = 0; ; count++) {
    const problems: Problem[] = [];
    let hopPreflight: PreflightReport | undefined;
    if (count > 0) {
      const again = needsPreflight({ method: step.method, headers: step.headers });
      if (again.preflight) {
        const outcome = await preflight(step, again, cmd, fetchImpl, deadline);
        hopPreflight = outcome.report;
        problems.push(...after(step.url, outcome.report.problems, false));
        if (outcome.report.allowed === false) {
          hops.push({ preflight: hopPreflight, problems });
          printed = consoleLine(step, cmd.url, outcome.console);
          break;
        }
      }
    }
    const withPreflight = hopPreflight === undefined ? {} : { preflight: hopPreflight };
    const headers: Record<string, string> = { ...BROWSER_HEADERS };
    for (const [name, value] of step.headers) headers[name] = value;
    headers.origin = step.origin;
    const host = new URL(step.url).hostname;
    if (cookie !== "" && host === cookieHost) headers.cookie = cookie;
    else if (cookie !== "") notes.push(`The cookie was not sent to ${host}: a browser sends it only to ${cookieHost}, the host it belongs to.`);
    const request: SentRequest = { method: step.method, url: step.url, headers };
    const sent = await exchange(fetchImpl, request, deadline);
    if ("failure" in sent) {
      problems.push(...after(step.url, [unreachable(sent.failure, `${step.method} request`)], count === 0));
      hops.push({ ...withPreflight, request, response: null, problems });
      printed = consoleLine(step, cmd.url, sent.failure.chromeError);
      break;
    }
    const result = checkActualResponse(sent.response, { origin: step.origin, method: step.method, credentials: cmd.credentials });
    problems.push(...after(step.url, fromChecker(result.problems), count === 0));
    const location = sent.response.headers.get("location");
    const next = result.allowed && REDIRECT_STATUSES.has(sent.response.status) && location !== null
      ? follow(step, sent.response.status, location, count) : undefined;
    if (next !== undefined && "problem" in next) problems.unshift(next.problem);
    hops.push({ ...withPreflight, request, response: sent.received, problems });
    if (!result.allowed) printed = consoleLine(step, cmd.url, result.consoleMessage);
    if (next !== undefined && "problem" in next) printed = consoleLine(step, cmd.url, next.chrome, next.chromeUrl);
    if (next === undefined || "problem" in next) break;
    step = next;
  }
  const problems = hops.flatMap((hop) => hop.problems);
  const allowed = !problems.some((p) => p.severity === "error");
  return { actual: { sent: true, hops, allowed, problems }, console: allowed ? null : printed };
}

async function exchanges(cmd: UrlCheck, fetchImpl: FetchLike): Promise<Exchanges> {
  const deadline = deadlineIn(cmd.timeoutMs);
  const need = needsPreflight({ method: cmd.method, headers: cmd.headers });
  const notes = requestNotes(cmd, need);
  const base = { url: cmd.url, origin: cmd.origin, method: need.method, credentials: cmd.credentials, notes };
  const first: Step = { url: cmd.url, origin: cmd.origin, method: need.method, headers: need.headers };
  const notSent = (reason: string): ActualReport => ({ sent: false, reason, hops: [], problems: [] });

  if (new URL(cmd.url).origin === cmd.origin) {
    notes.push("The page and the URL have the same origin: CORS does not apply, and the browser sends the request as is.");
    const preflight = { needed: false, reasons: [], sent: false, problems: [] };
    return { ...base, console: null, preflight, actual: notSent("same-origin request"), problems: [] };
  }

  let pre: Outcome = { report: { needed: false, reasons: [], sent: false, problems: [] }, console: null };
  if (need.preflight) pre = await preflight(first, need, cmd, fetchImpl, deadline);
  const firstConsole = consoleLine(first, cmd.url, pre.console);
  const finish = (actual: ActualReport, console: string | null): Exchanges => {
    const all = [...pre.report.problems, ...actual.problems];
    // Errors first: a warning of an earlier hop (a missing Vary) is not the root cause.
    return { ...base, console, preflight: pre.report, actual, problems: [...all.filter((p) => p.severity === "error"), ...all.filter((p) => p.severity !== "error")] };
  };
  if (pre.report.allowed === false) return finish(notSent("the preflight failed, and a browser never sends the actual request then"), firstConsole);
  if (need.method !== "GET" && need.method !== "HEAD" && !cmd.send) {
    return finish(notSent(`${need.method} may change data on the server: pass --send to send it and check its response too`), firstConsole);
  }
  const { actual, console } = await actualRequest(first, cmd, fetchImpl, deadline, notes);
  return finish(actual, actual.allowed === false ? console : firstConsole);
}

/** Runs the whole check within `--timeout`. Never throws for network failures: they become `unreachable` problems. */
export async function checkUrl(cmd: UrlCheck, fetchImpl: FetchLike): Promise<CheckReport> {
  return diagnose(await exchanges(cmd, fetchImpl));
}
