// The human report of `fetch-cors check`, within 25 lines: the request, each answer (status, Server,
// Content-Type and the CORS headers, so an HTML fallback shows), the verdict, what Chrome prints,
// the root cause and the fix for the server's own stack. --all-fixes adds every other stack's.
import type { Fix } from "./fixes/index.ts";
import type { ReceivedResponse } from "./network.ts";
import type { Problem } from "./problems.ts";
import type { CheckReport, HopReport, PreflightReport } from "./report.ts";
import { terminalLines } from "./escape.ts";

const SHOWN_HEADERS = ["server", "content-type", "location", "x-powered-by", "via"];
const BODY_SHOWN = 80;
export const MAX_LINES = 25;

/** A line of the report; lines with a `drop` rank go, highest first, when the report is too long. */
interface Line {
  readonly text: string;
  readonly drop?: number;
}

const keep = (texts: readonly string[]): Line[] => texts.map((text) => ({ text }));

/** Drops the least useful lines until the report fits in {@link MAX_LINES}. */
function fit(lines: readonly Line[]): string[] {
  let kept = [...lines];
  const ranks = [...new Set(lines.map((line) => line.drop ?? 0))].filter((rank) => rank > 0).sort((a, b) => b - a);
  for (const rank of ranks) {
    if (kept.length <= MAX_LINES) break;
    kept = kept.filter((line) => line.drop !== rank);
  }
  return kept.map((line) => line.text);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The status, the headers that name the server and the content, the CORS headers, and an error page's start. */
function responseLines(response: ReceivedResponse | null | undefined): Line[] {
  if (response === undefined) return [];
  if (response === null) return [{ text: "  < no response" }];
  const first = [`${response.status} ${response.statusText}`.trimEnd()];
  for (const name of SHOWN_HEADERS) if (response.headers[name] !== undefined) first.push(`${name}: ${response.headers[name]}`);
  const cors = Object.entries(response.headers).filter(([name]) => name.startsWith("access-control-") || name === "vary").map(([name, value]) => `${name}: ${value}`);
  const lines: Line[] = [];
  if (cors.some((text) => text.startsWith("access-control-"))) lines.push({ text: `  < ${first.join(" · ")}` }, { text: `  < ${cors.join(" · ")}` });
  else lines.push({ text: `  < ${[...first, "no Access-Control-* headers", ...cors].join(" · ")}` });
  const html = /^text\/html/i.test(response.headers["content-type"] ?? "");
  if ((response.status >= 400 || html) && response.body.trim() !== "") lines.push({ text: `  < body: ${oneLine(response.body, BODY_SHOWN)}`, drop: 3 });
  return lines;
}

function preflightLines(preflight: PreflightReport, title: string): Line[] {
  if (!preflight.needed) return [{ text: `${title}: not needed (a simple request: CORS-safelisted method and headers).` }];
  return [{ text: `${title}: OPTIONS, because ${preflight.reasons.join("; ")}.` }, ...responseLines(preflight.response)];
}

function hopLines(hops: readonly HopReport[], simple: boolean): Line[] {
  const lines: Line[] = [];
  // A long redirect chain shows its first and last hops.
  const shown = hops.length > 3 ? [hops[0] as HopReport, hops[hops.length - 1] as HopReport] : [...hops];
  shown.forEach((hop, index) => {
    if (hops.length > 3 && index === 1) lines.push({ text: `  … ${hops.length - 2} more redirects …` });
    const first = hop === hops[0];
    if (hop.preflight !== undefined) lines.push(...preflightLines(hop.preflight, "Preflight after the redirect"));
    if (hop.request !== undefined) lines.push({ text: first ? `Actual ${hop.request.method}${simple ? " (no preflight: a simple request)" : ""}:` : `Redirected ${hop.request.method} ${hop.request.url}:` }, ...responseLines(hop.response));
  });
  return lines;
}

function verdictLines(report: CheckReport): string[] {
  if (!report.allowed) {
    if (report.console === null) return ["BLOCKED: Chromium and Firefox refuse this request."];
    return ["BLOCKED: Chromium and Firefox refuse this request. Chrome would print:", `  ${report.console}`];
  }
  if (!report.allowedByFetchStandard) return ["ALLOWED by Chromium and Firefox today, but the Fetch Standard blocks it (and Chrome has deprecated what it relies on)."];
  const lines = report.actual.sent || !report.preflight.needed
    ? ["ALLOWED: a browser lets the page read the response."]
    : [`ALLOWED (preflight only): a browser accepts the preflight; the response to the actual ${report.method} was not checked.`];
  if (report.preflight.allowed === true && report.preflight.maxAge !== undefined) lines.push(`The browser may reuse this preflight for ${report.preflight.maxAge} s.`);
  return lines;
}

function causeLines(problems: readonly Problem[]): Line[] {
  const root = problems.find((p) => p.severity === "error") ?? problems.find((p) => p.browsersAllow === true);
  const others = problems.filter((p) => p !== root);
  const lines: Line[] = [];
  if (root !== undefined) lines.push({ text: `${root.severity === "error" ? "Cause" : "Warning"} [${root.code}]: ${root.message}` });
  if (others.length > 0) lines.push({ text: `${root === undefined ? "Warnings" : "Also"}: ${others.map((p) => (p.severity === "error" ? p.code : `${p.code} (warning: ${p.message})`)).join("; ")}`, drop: 1 });
  return lines;
}

function snippetLines(fix: Fix, label: string): string[] {
  return [`${label}:`, ...fix.text.split("\n").map((line) => (line === "" ? "" : `  ${line}`))];
}

function fixLines(report: CheckReport, allFixes: boolean): Line[] {
  const [sentence, ...snippets] = report.fixes;
  if (sentence === undefined) return [];
  const lines: string[] = [`Fix: ${sentence.text}`];
  const page = snippets.filter((fix) => fix.stack === "page");
  const stacks = snippets.filter((fix) => fix.stack !== "page");
  for (const fix of page) lines.push(...snippetLines(fix, `In ${fix.title}`));
  const detected = report.server[0];
  const shown = allFixes ? stacks : stacks.slice(0, 1);
  shown.forEach((fix, index) => {
    const guess = report.server.find((s) => s.stack === fix.stack);
    const label = guess !== undefined ? `${fix.title} (detected from ${guess.evidence})` : index === 0 && detected === undefined ? `${fix.title} (no server software recognised)` : fix.title;
    lines.push(...snippetLines(fix, label));
  });
  const rest = stacks.slice(shown.length).map((fix) => fix.title);
  const more = rest.length > 0 ? [{ text: `For ${rest.slice(0, 4).join(", ")}${rest.length > 4 ? ` and ${rest.length - 4} more` : ""}: --all-fixes. Every detail: --json.`, drop: 2 }] : [];
  return [...keep(lines), ...more];
}

/** The report as text for a terminal, server text escaped. */
export function formatReport(report: CheckReport, allFixes = false): string {
  const credentials = report.credentials ? ' with credentials ("include")' : "";
  const lines: Line[] = [{ text: `${report.method} ${report.url} from origin ${report.origin}${credentials}` }];
  // The first note stays; the others go first when space runs out.
  report.notes.forEach((note, index) => lines.push({ text: `Note: ${note}`, ...(index === 0 ? {} : { drop: 4 }) }));
  if (report.actual.reason === "same-origin request") return terminalLines([...lines.map((line) => line.text), "ALLOWED: same origin."]);
  const simple = !report.preflight.needed && report.actual.sent;
  if (!simple) lines.push(...preflightLines(report.preflight, "Preflight"));
  if (!report.actual.sent && report.preflight.allowed !== false) lines.push({ text: `Actual request: not sent (${report.actual.reason ?? ""}).` });
  lines.push(...hopLines(report.actual.hops, simple), ...keep(verdictLines(report)), ...causeLines(report.problems), ...fixLines(report, allFixes));
  return terminalLines(allFixes ? lines.map((line) => line.text) : fit(lines));
}
