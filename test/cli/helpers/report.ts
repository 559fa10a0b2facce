// `fetch-cors check … --json` against one loopback server, parsed.
import { runInProcess } from "./cli.ts";
import { listen, type NodeHandler } from "./loopback.ts";
import { ORIGIN } from "./scenarios.ts";

interface Exchange {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface Report {
  url: string;
  origin: string;
  method: string;
  allowed: boolean;
  allowedByBrowsers: boolean;
  allowedByFetchStandard: boolean;
  console: string | null;
  preflight: { needed: boolean; sent: boolean; request?: { headers: Record<string, string> }; response?: Exchange | null };
  actual: { sent: boolean; reason?: string; hops: { request?: { url: string; headers: Record<string, string> }; response?: Exchange | null }[] };
  problems: { code: string; severity: string; message: string; fix: string; browsersAllow?: true }[];
  notes: string[];
  server: { stack: string; name: string; evidence: string }[];
  fixes: { stack: string; title: string; text: string }[];
}

/** Runs the check against `handler` served on 127.0.0.1, and closes the server. */
export async function diagnose(handler: NodeHandler, args: readonly string[], path = "/items") {
  const server = await listen(handler);
  try {
    const run = await runInProcess(["check", `${server.url}${path}`, "--origin", ORIGIN, ...args, "--json"]);
    return { status: run.status, report: JSON.parse(run.stdout) as Report, url: `${server.url}${path}` };
  } finally {
    await server.close();
  }
}

export const codes = (report: Report) => report.problems.map((p) => p.code);

/** The snippet for one stack (or the sentence, for "any"). */
export function fixFor(report: Report, stack: string): string {
  return report.fixes.find((fix) => fix.stack === stack)?.text ?? "";
}
