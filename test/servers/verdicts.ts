// The two judges of a real server: fetch-cors check (in-process, as `fetch-cors check … --json`)
// and real Chromium (a page on another origin making the same request).
import type { BrowserSession } from "../browser/browsers.ts";
import { send } from "../browser/console-capture.ts";
import { parseCommand } from "../../cli/args.ts";
import { checkUrl } from "../../cli/check-url.ts";
import { formatReport } from "../../cli/format.ts";
import type { CheckReport } from "../../cli/report.ts";
import type { CaseRequest } from "./server-case.ts";

export function urlOf(port: number, request: CaseRequest): string {
  return `http://127.0.0.1:${port}${request.path ?? "/api/items"}`;
}

/** What `fetch-cors check` reports for the page's request, and its human report. */
export async function check(port: number, origin: string, request: CaseRequest): Promise<{ report: CheckReport; text: string }> {
  const args = ["check", urlOf(port, request), "--origin", origin, "--send", "--timeout", "10", "-X", request.method ?? "GET"];
  for (const [name, value] of Object.entries(request.headers ?? {})) args.push("-H", `${name}: ${value}`);
  if (request.credentials === true) args.push("--credentials");
  const command = parseCommand(args);
  if (command.kind !== "url") throw new Error(`not a check: ${args.join(" ")}`);
  const report = await checkUrl(command, (input, init) => fetch(input, init));
  return { report, text: formatReport(report) };
}

/** Whether Chromium lets the page on `origin` read the response: `readable` or `blocked: …`. */
export async function chromium(session: BrowserSession, port: number, origin: string, request: CaseRequest): Promise<string> {
  const page = await session.page(origin);
  return send(page, "fetch", { url: urlOf(port, request), method: request.method, headers: request.headers, credentials: request.credentials });
}
