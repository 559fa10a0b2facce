// The human report: what was sent and received, the verdict, what Chrome would print, the cause
// in one sentence, every problem, and the fix as snippets.
import type { CheckProblem } from "../src/check/index.ts";
import type { CheckReport, PreflightReport } from "./check-url.ts";
import { fixSnippets } from "./fixes.ts";
import type { ReceivedResponse, SentRequest } from "./network.ts";

const SHOWN_RESPONSE_HEADERS = /^(access-control-|vary$|location$|allow$)/;

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((line) => (line === "" ? "" : `${prefix}${line}`));
}

function exchangeLines(request: SentRequest | undefined, response: ReceivedResponse | null | undefined): string[] {
  const lines: string[] = [];
  if (request !== undefined) {
    lines.push(`  > ${request.method} ${request.url}`);
    for (const [name, value] of Object.entries(request.headers)) lines.push(`  > ${name}: ${value}`);
  }
  if (response === null) lines.push("  < (no response)");
  if (response !== null && response !== undefined) {
    lines.push(`  < ${response.status} ${response.statusText}`.trimEnd());
    const shown = Object.entries(response.headers).filter(([name]) => SHOWN_RESPONSE_HEADERS.test(name));
    for (const [name, value] of shown) lines.push(`  < ${name}: ${value}`);
    if (!shown.some(([name]) => name.startsWith("access-control-"))) lines.push("  < (no Access-Control-* headers)");
  }
  return lines;
}

function preflightLines(preflight: PreflightReport, title: string): string[] {
  if (!preflight.needed) return [`${title}: not needed (a simple request: CORS-safelisted method and headers).`];
  return [`${title}: sent, because ${preflight.reasons.join("; ")}.`, ...exchangeLines(preflight.request, preflight.response)];
}

function problemLines(problems: readonly CheckProblem[]): string[] {
  const lines = [`Problems (${problems.length}):`];
  for (const problem of problems) {
    lines.push(`  ${problem.severity === "error" ? "error  " : "warning"} ${problem.code}`);
    lines.push(`          ${problem.message}`, `          fix: ${problem.fix}`);
  }
  return lines;
}

function verdictLines(report: CheckReport): string[] {
  if (report.allowed) {
    const lines = report.actual.sent || !report.preflight.needed
      ? ["ALLOWED: a browser lets the page read the response."]
      : [`ALLOWED (preflight only): a browser accepts the preflight; the response to the actual ${report.method} was not checked.`];
    const maxAge = report.preflight.maxAge;
    if (report.preflight.allowed === true && maxAge !== undefined) lines.push(`The browser may reuse this preflight for ${maxAge} s.`);
    return lines;
  }
  const lines = ["BLOCKED: a browser refuses this request.", ""];
  if (report.console !== null) lines.push("Chrome would print:", `  ${report.console}`);
  else lines.push("Chrome and Firefox still let this through today, but the Fetch Standard blocks it: fix it to be safe in every browser.");
  const cause = report.problems.find((p) => p.severity === "error");
  if (cause !== undefined) lines.push("", `Cause: ${cause.message}`);
  return lines;
}

function fixLines(report: CheckReport): string[] {
  const cause = report.problems.find((p) => p.severity === "error");
  if (cause === undefined) return [];
  const requested = report.preflight.request?.headers["access-control-request-headers"];
  const safelisted = report.method === "GET" || report.method === "HEAD" || report.method === "POST";
  const snippets = fixSnippets(cause.code, {
    origin: report.origin,
    methods: safelisted ? [] : [report.method],
    headers: requested === undefined ? [] : requested.split(","),
    credentials: report.credentials,
    preflightStatus: report.preflight.response?.status,
  }, report.method !== report.method.toUpperCase() && report.problems.some((p) => p.code === "method-case"));
  const lines = [`Fix: ${cause.fix}`];
  for (const snippet of snippets) lines.push("", `  ${snippet.title}:`, ...indent(snippet.code, "    "));
  return lines;
}

/** The report as text for a terminal. */
export function formatReport(report: CheckReport): string {
  const credentials = report.credentials ? ' with credentials ("include")' : "";
  const sections: string[][] = [[`${report.method} ${report.url}`, `from origin ${report.origin}${credentials}`]];
  if (report.actual.reason === "same-origin request") {
    sections.push([...report.notes, "ALLOWED: same-origin."]);
    return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
  }
  const flow = preflightLines(report.preflight, "Preflight");
  if (!report.actual.sent) flow.push("", `Actual request: not sent (${report.actual.reason ?? ""}).`);
  report.actual.hops.forEach((hop, index) => {
    if (hop.preflight !== undefined) flow.push("", ...preflightLines(hop.preflight, "Preflight after the redirect"));
    if (hop.request !== undefined) flow.push("", index === 0 ? "Actual request:" : "Redirected request:", ...exchangeLines(hop.request, hop.response));
  });
  sections.push(flow);
  if (report.notes.length > 0) sections.push(["Notes:", ...report.notes.map((note) => `  - ${note}`)]);
  sections.push(verdictLines(report));
  if (report.problems.length > 0) sections.push(problemLines(report.problems));
  const fix = fixLines(report);
  if (fix.length > 0) sections.push(fix);
  return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
}
