// `fetch-cors check <url>`: replays what a browser does for a cross-origin fetch() — preflight,
// actual request, redirects — and applies the browser's checks (src/check/index.ts) to each answer.
import {
  checkActualResponse, checkPreflightResponse, needsPreflight, type CheckProblem, type PreflightNeed,
} from "../src/check/index.ts";
import type { UrlCheck } from "./args.ts";
import { exchange, type FetchLike, type NetworkFailure, type ReceivedResponse, type SentRequest } from "./network.ts";

export interface PreflightReport {
  readonly needed: boolean;
  /** Why the browser sends a preflight. */
  readonly reasons: readonly string[];
  readonly sent: boolean;
  readonly request?: SentRequest;
  /** Null when no response came back. */
  readonly response?: ReceivedResponse | null;
  readonly allowed?: boolean;
  /** Seconds the browser may reuse an allowed preflight. */
  readonly maxAge?: number;
  readonly problems: readonly CheckProblem[];
}

export interface HopReport {
  /** The preflight a browser sends again after a redirect, when the redirected request needs one. */
  readonly preflight?: PreflightReport;
  readonly request?: SentRequest;
  readonly response?: ReceivedResponse | null;
  readonly problems: readonly CheckProblem[];
}

export interface ActualReport {
  readonly sent: boolean;
  /** Why it was not sent. */
  readonly reason?: string;
  /** Each request of the redirect chain, the first one first. */
  readonly hops: readonly HopReport[];
  readonly allowed?: boolean;
  readonly problems: readonly CheckProblem[];
}

export interface CheckReport {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly credentials: boolean;
  readonly allowed: boolean;
  /** What Chrome prints in the console for the first check it fails; null when it prints nothing. */
  readonly console: string | null;
  readonly preflight: PreflightReport;
  readonly actual: ActualReport;
  /** Every problem of the preflight and of the actual request, root cause first. */
  readonly problems: readonly CheckProblem[];
  /** Things worth knowing that are not problems (dropped headers, placeholder values…). */
  readonly notes: readonly string[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// https://fetch.spec.whatwg.org/#http-redirect-fetch: the 21st redirect is a network error.
const MAX_REDIRECTS = 20;
const REQUEST_BODY_HEADERS = new Set(["content-encoding", "content-language", "content-location", "content-type"]);

interface Step {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
}

function unreachable(failure: NetworkFailure, what: string): CheckProblem {
  return {
    code: "unreachable",
    severity: "error",
    message: `The ${what} got no response: ${failure.detail} (${failure.chromeError}); the page only sees "TypeError: Failed to fetch".`,
    fix: failure.chromeError === "net::ERR_UNSAFE_PORT"
      ? "Serve the API on a port browsers allow (e.g. 443, 8080 or 8787)."
      : "Check the URL, the port and that the server is up and reachable from the browser; a network error carries no CORS headers.",
  };
}

interface Refusal { readonly problem: CheckProblem; readonly chrome: string }

function redirectRefused(message: string, chrome: string): Refusal {
  return {
    problem: { code: "redirect-refused", severity: "error", message: `The browser refuses to follow the redirect: ${message}.`, fix: "Redirect to an http(s) URL without credentials, or call the final URL directly." },
    chrome,
  };
}

function after(url: string, problems: readonly CheckProblem[], first: boolean): CheckProblem[] {
  return first ? [...problems] : problems.map((p) => ({ ...p, message: `After the redirect to ${url}: ${p.message}` }));
}

interface Outcome { report: PreflightReport; console: string | null }

async function preflight(step: Step, need: PreflightNeed, cmd: UrlCheck, fetchImpl: FetchLike): Promise<Outcome> {
  const headers: Record<string, string> = { origin: step.origin, "access-control-request-method": need.method };
  if (need.accessControlRequestHeaders !== null) headers["access-control-request-headers"] = need.accessControlRequestHeaders;
  Object.assign(headers, { accept: "*/*", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" });
  const request: SentRequest = { method: "OPTIONS", url: step.url, headers };
  const sent = await exchange(fetchImpl, request, cmd.timeoutMs);
  const base = { needed: true, reasons: need.reasons, sent: true, request };
  if ("failure" in sent) {
    return { report: { ...base, response: null, allowed: false, problems: [unreachable(sent.failure, "preflight (OPTIONS)")] }, console: sent.failure.chromeError };
  }
  const result = checkPreflightResponse(sent.response, {
    origin: step.origin, method: need.method, unsafeHeaders: need.unsafeHeaders, credentials: cmd.credentials,
  });
  return { report: { ...base, response: sent.received, allowed: result.allowed, maxAge: result.maxAge, problems: result.problems }, console: result.consoleMessage };
}

/** The line Chrome prints: a network error names the request; a CORS failure says who blocked what. */
function consoleLine(step: Step, firstUrl: string, message: string | null): string | null {
  if (message === null) return null;
  if (message.startsWith("net::")) return `${step.method} ${step.url} ${message}`;
  const from = step.url === firstUrl ? "" : ` (redirected from '${firstUrl}')`;
  return `Access to fetch at '${step.url}'${from} from origin '${step.origin}' has been blocked by CORS policy: ${message}`;
}

/** What the browser does next after a redirect, or why it refuses to follow it. */
function follow(step: Step, status: number, location: string, count: number): Step | Refusal {
  if (count === MAX_REDIRECTS) return redirectRefused("more than 20 redirects", "net::ERR_TOO_MANY_REDIRECTS");
  let next: URL;
  try {
    next = new URL(location, step.url);
  } catch {
    return redirectRefused(`Location "${location}" is not a valid URL`, "net::ERR_INVALID_REDIRECT");
  }
  if (next.protocol !== "http:" && next.protocol !== "https:") {
    return redirectRefused(`${next.protocol} is not an HTTP(S) URL`, `Redirect location '${next.href}' has a disallowed scheme for cross-origin requests.`);
  }
  if (next.username !== "" || next.password !== "") {
    return redirectRefused(`${next.href} contains credentials, which CORS requests may not follow`, `Redirect location '${next.href}' contains a username and password, which is disallowed for cross-origin requests.`);
  }
  let { method, origin } = step;
  let headers = [...step.headers];
  if (((status === 301 || status === 302) && method === "POST") || (status === 303 && method !== "GET" && method !== "HEAD")) {
    method = "GET";
    headers = headers.filter(([name]) => !REQUEST_BODY_HEADERS.has(name));
  }
  const current = new URL(step.url).origin;
  if (current !== next.origin) {
    headers = headers.filter(([name]) => name !== "authorization");
    // The tainted origin flag: after a hop between two origins, neither of them the page's, Origin becomes "null".
    if (origin !== current) origin = "null";
  }
  return { url: next.href, origin, method, headers };
}

function describeNotes(cmd: UrlCheck, need: PreflightNeed): string[] {
  const notes: string[] = [];
  if (need.method !== cmd.method) notes.push(`fetch() sends the method ${cmd.method} as ${need.method}.`);
  else if (need.method !== need.method.toUpperCase()) {
    notes.push(`fetch() sends the method ${need.method} exactly as written (it uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT), and servers usually expect ${need.method.toUpperCase()}.`);
  }
  for (const name of need.dropped) {
    if (name === "cookie") {
      notes.push(cmd.credentials
        ? "cookie is sent with the actual request only, as a browser sends cookies with credentials: \"include\"; it plays no part in the preflight."
        : "cookie is dropped: browsers send cookies only with credentials: \"include\" (add --credentials).");
    } else {
      notes.push(`${name} is dropped: it is a forbidden request header that scripts cannot set.`);
    }
  }
  for (const name of need.unsafeHeaders) {
    if (name.startsWith("access-control-")) notes.push(`${name} is a response header: the request should not carry it, and there it only makes the browser send a preflight.`);
  }
  for (const name of cmd.bareHeaders) {
    const lower = name.toLowerCase();
    if (!need.unsafeHeaders.includes(lower) && !need.dropped.includes(lower)) {
      notes.push(`${lower} was given without a value; with the placeholder value it is CORS-safelisted, so a browser does not name it in a preflight. Give a value (--header "${name}: …") to check a specific one.`);
    }
  }
  return notes;
}

/** Runs the whole check. Never throws for network failures: they become `unreachable` problems. */
export async function checkUrl(cmd: UrlCheck, fetchImpl: FetchLike): Promise<CheckReport> {
  const need = needsPreflight({ method: cmd.method, headers: cmd.headers });
  const notes = describeNotes(cmd, need);
  const base = { url: cmd.url, origin: cmd.origin, method: need.method, credentials: cmd.credentials };
  const first: Step = { url: cmd.url, origin: cmd.origin, method: need.method, headers: need.headers };
  const cookie = cmd.credentials ? cmd.headers.filter(([name]) => name.toLowerCase() === "cookie").map(([, value]) => value).join("; ") : "";

  if (new URL(cmd.url).origin === cmd.origin) {
    notes.push("The page and the URL have the same origin: CORS does not apply, and the browser sends the request as is.");
    const nothing = { sent: false, problems: [] };
    return { ...base, allowed: true, console: null, preflight: { ...nothing, needed: false, reasons: [] }, actual: { ...nothing, reason: "same-origin request", hops: [] }, problems: [], notes };
  }

  let pre: Outcome = { report: { needed: false, reasons: [], sent: false, problems: [] }, console: null };
  if (need.preflight) pre = await preflight(first, need, cmd, fetchImpl);
  const preflightOk = pre.report.allowed !== false;
  const finish = (actual: ActualReport, printedLine: string | null): CheckReport => ({
    ...base,
    allowed: preflightOk && actual.allowed !== false,
    console: printedLine,
    preflight: pre.report,
    actual,
    problems: [...pre.report.problems, ...actual.problems],
    notes,
  });
  const firstConsole = consoleLine(first, cmd.url, pre.console);

  if (!preflightOk) return finish({ sent: false, reason: "the preflight failed, and a browser never sends the actual request then", hops: [], problems: [] }, firstConsole);
  if (need.method !== "GET" && need.method !== "HEAD" && !cmd.send) {
    return finish({ sent: false, reason: `${need.method} may change data on the server: pass --send to send it and check its response too`, hops: [], problems: [] }, firstConsole);
  }

  const hops: HopReport[] = [];
  let step = first;
  let printed: string | null = firstConsole;
  for (let count = 0; ; count++) {
    const problems: CheckProblem[] = [];
    let hopPreflight: PreflightReport | undefined;
    if (count > 0) {
      const again = needsPreflight({ method: step.method, headers: step.headers });
      if (again.preflight) {
        const outcome = await preflight(step, again, cmd, fetchImpl);
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
    const headers: Record<string, string> = { accept: "*/*", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" };
    for (const [name, value] of step.headers) headers[name] = value;
    headers.origin = step.origin;
    if (cookie !== "") headers.cookie = cookie;
    const request: SentRequest = { method: step.method, url: step.url, headers };
    const sent = await exchange(fetchImpl, request, cmd.timeoutMs);
    if ("failure" in sent) {
      problems.push(...after(step.url, [unreachable(sent.failure, `${step.method} request`)], count === 0));
      hops.push({ ...withPreflight, request, response: null, problems });
      printed = consoleLine(step, cmd.url, sent.failure.chromeError);
      break;
    }
    const result = checkActualResponse(sent.response, { origin: step.origin, method: step.method, credentials: cmd.credentials });
    problems.push(...after(step.url, result.problems, count === 0));
    const location = sent.response.headers.get("location");
    const next = result.allowed && REDIRECT_STATUSES.has(sent.response.status) && location !== null
      ? follow(step, sent.response.status, location, count) : undefined;
    if (next !== undefined && "problem" in next) problems.unshift(next.problem);
    hops.push({ ...withPreflight, request, response: sent.received, problems });
    if (!result.allowed) printed = consoleLine(step, cmd.url, result.consoleMessage);
    if (next !== undefined && "problem" in next) printed = consoleLine(step, cmd.url, next.chrome);
    if (next === undefined || "problem" in next) break;
    step = next;
  }
  const problems = hops.flatMap((hop) => hop.problems);
  const allowed = !problems.some((p) => p.severity === "error");
  return finish({ sent: true, hops, allowed, problems }, allowed ? null : printed);
}
