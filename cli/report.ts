// The report of `fetch-cors check <url>`: what was sent and received at each step, every problem,
// the verdicts of the browsers and of the Fetch Standard, the server's stack and the fixes.
import type { Fix } from "./fixes/snippet.ts";
import type { ReceivedResponse, SentRequest } from "./network.ts";
import type { Problem } from "./problems.ts";
import type { StackGuess } from "./stack.ts";

export interface PreflightReport {
  readonly needed: boolean;
  /** Why the browser sends a preflight. */
  readonly reasons: readonly string[];
  readonly sent: boolean;
  readonly request?: SentRequest;
  /** Null when no response came back. */
  readonly response?: ReceivedResponse | null;
  /** The Fetch Standard's verdict on the preflight. */
  readonly allowed?: boolean;
  /** Seconds the browser may reuse an allowed preflight. */
  readonly maxAge?: number;
  readonly problems: readonly Problem[];
}

export interface HopReport {
  /** The preflight a browser sends again after a redirect, when the redirected request needs one. */
  readonly preflight?: PreflightReport;
  readonly request?: SentRequest;
  readonly response?: ReceivedResponse | null;
  readonly problems: readonly Problem[];
}

export interface ActualReport {
  readonly sent: boolean;
  /** Why it was not sent. */
  readonly reason?: string;
  /** Each request of the redirect chain, the first one first. */
  readonly hops: readonly HopReport[];
  readonly allowed?: boolean;
  readonly problems: readonly Problem[];
}

/** What the requests showed, before the diagnosis (stack, advice, fixes) is added. */
export interface Exchanges {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly credentials: boolean;
  /** What Chrome prints in the console for the first check it fails; null when it prints nothing. */
  readonly console: string | null;
  readonly preflight: PreflightReport;
  readonly actual: ActualReport;
  /** Every problem of the preflight and of the actual request, root cause first. */
  readonly problems: readonly Problem[];
  /** Things worth knowing that are not problems (dropped headers, placeholder values…). */
  readonly notes: readonly string[];
}

export interface CheckReport extends Exchanges {
  /** What Chromium and Firefox do today; the exit status follows it. */
  readonly allowed: boolean;
  readonly allowedByBrowsers: boolean;
  /** Stricter where the browsers are lax (`Access-Control-Allow-Headers: *` covering Authorization). */
  readonly allowedByFetchStandard: boolean;
  /** The server's software as its responses show it, most specific first. */
  readonly server: readonly StackGuess[];
  /** What to change: the sentence first, then one snippet per stack, the detected ones first. */
  readonly fixes: readonly Fix[];
}

/** Every response received, in order (preflights and each hop of the actual request). */
export function receivedResponses(report: Exchanges): ReceivedResponse[] {
  const all: (ReceivedResponse | null | undefined)[] = [report.preflight.response];
  for (const hop of report.actual.hops) all.push(hop.preflight?.response, hop.response);
  return all.filter((response): response is ReceivedResponse => response !== null && response !== undefined);
}
