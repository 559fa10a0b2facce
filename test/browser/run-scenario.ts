import type { BrowserPage, BrowserSession } from "./browsers.ts";
import type { ApiServer } from "./fixture/api-server.ts";
import type { LogEntry } from "./fixture/app.ts";
import type { ProbeOutcome, ProbeRequest } from "./page/probe-types.ts";
import type { PageOrigin, Scenario } from "./scenarios.ts";

export interface RunContext {
  readonly session: BrowserSession;
  readonly server: ApiServer;
  readonly pagePort: number;
  /** Unique per scenario run; every request of the scenario carries it as `?id=`. */
  readonly id: string;
}

/** What happened, summarised so that one `toEqual` against {@link expectedOf} shows every difference. */
export interface Observation {
  readonly summary: Record<string, unknown>;
  /** The browser's errors, console lines and the server's log, for the failure message. */
  readonly evidence: string;
}

export async function runScenario(context: RunContext, scenario: Scenario): Promise<Observation> {
  const { session, server, pagePort, id } = context;
  const page = await session.page(pageOrigin(scenario.from ?? "localhost", pagePort));
  const api = `http://${scenario.api ?? "127.0.0.1"}:${server.port}`;
  const cookie = `${id}-cookie`;

  if (scenario.setCookie === true) {
    const set = await probe(page, "localhost", { url: `${api}/p/credentials/set-cookie?id=${cookie}`, method: "GET", headers: {}, credentials: "include", read: [] });
    if (!set.readable) throw new Error(`could not set the session cookie: ${set.error}`);
  }
  const read = Object.keys(scenario.read?.headers ?? {});
  const outcomes: ProbeOutcome[] = [];
  for (const request of scenario.requests ?? [{}]) {
    const init: ProbeRequest = {
      url: `${api}/p/${scenario.policy}/${scenario.route ?? "echo"}?id=${id}`,
      method: request.method ?? "GET",
      headers: request.headers ?? {},
      credentials: request.credentials ?? "same-origin",
      read,
      ...(request.body === undefined ? {} : { body: request.body }),
    };
    outcomes.push(await probe(page, scenario.from ?? "localhost", init));
  }
  const log = await server.log(id);
  return { summary: summarise(scenario, outcomes, log, { id, cookie }), evidence: evidenceOf(outcomes, log, page) };
}

/** The expected summary, read off the scenario. */
export function expectedOf(scenario: Scenario, id: string): Record<string, unknown> {
  const requests = scenario.requests?.length ?? 1;
  const expected: Record<string, unknown> = {
    browserVerdicts: Array<string>(requests).fill(scenario.verdict),
    handlerCalls: scenario.reached,
    preflights: scenario.preflights,
  };
  if (scenario.preflightStatus !== undefined) expected["preflightStatuses"] = Array<number>(scenario.preflights).fill(scenario.preflightStatus);
  if (scenario.cookieSent !== undefined) expected["cookieSent"] = Array<boolean>(scenario.reached).fill(scenario.cookieSent);
  const read = scenario.read;
  if (read !== undefined) {
    const pageRead: Record<string, unknown> = {};
    if (read.status !== undefined) pageRead["status"] = read.status;
    if (read.headers !== undefined) {
      pageRead["headers"] = Object.fromEntries(Object.entries(read.headers).map(([name, value]) => [name, value === "ID" ? id : value]));
    }
    if (read.bodyIncludes !== undefined) pageRead["bodyIncludes"] = true;
    if (read.bodyExcludes !== undefined) pageRead["bodyExcludes"] = true;
    expected["pageRead"] = Array<unknown>(requests).fill(pageRead);
  }
  if (scenario.route === "throw") expected["handlerErrorsReported"] = scenario.reached;
  return expected;
}

function summarise(scenario: Scenario, outcomes: ProbeOutcome[], log: LogEntry[], ids: { id: string; cookie: string }): Record<string, unknown> {
  const preflights = log.filter((e) => e.stage === "arrived" && e.method === "OPTIONS" && e.requestMethod !== null);
  const actual = log.filter((e) => e.stage === "handled");
  const summary: Record<string, unknown> = {
    browserVerdicts: outcomes.map((o) => (o.readable ? "readable" : "blocked")),
    handlerCalls: actual.length,
    preflights: preflights.length,
  };
  if (scenario.preflightStatus !== undefined) summary["preflightStatuses"] = preflights.map((e) => e.status);
  if (scenario.cookieSent !== undefined) summary["cookieSent"] = actual.map((e) => (e.cookie ?? "").split(/;\s*/).includes(`session=${ids.cookie}`));
  const read = scenario.read;
  if (read !== undefined) {
    summary["pageRead"] = outcomes.map((o) => {
      if (!o.readable) return "nothing (fetch rejected)";
      const pageRead: Record<string, unknown> = {};
      if (read.status !== undefined) pageRead["status"] = o.status;
      if (read.headers !== undefined) pageRead["headers"] = o.headers;
      if (read.bodyIncludes !== undefined) pageRead["bodyIncludes"] = o.body.includes(read.bodyIncludes) || o.body;
      if (read.bodyExcludes !== undefined) pageRead["bodyExcludes"] = !o.body.includes(read.bodyExcludes) || o.body;
      return pageRead;
    });
  }
  if (scenario.route === "throw") summary["handlerErrorsReported"] = log.filter((e) => e.stage === "handler-error").length;
  return summary;
}

function pageOrigin(from: PageOrigin, pagePort: number): string {
  // The sandboxed iframe lives in the localhost page.
  return `http://${from === "sandboxed" ? "localhost" : from}:${pagePort}`;
}

function probe(page: BrowserPage, from: PageOrigin, request: ProbeRequest): Promise<ProbeOutcome> {
  const call = from === "sandboxed" ? "runSandboxed" : "run";
  return page.evaluate<ProbeOutcome>(`corsProbe.${call}(${JSON.stringify(request)})`);
}

function evidenceOf(outcomes: ProbeOutcome[], log: LogEntry[], page: BrowserPage): string {
  const lines = [
    ...outcomes.map((o, i) => `request ${i + 1}: ${o.readable ? `readable, status ${o.status}` : `rejected: ${o.error}`}`),
    ...log.map((e) => `server: ${e.stage} ${e.method} origin=${e.origin} acrm=${e.requestMethod} acrh=${e.requestHeaders}${e.status === undefined ? "" : ` -> ${e.status} acao=${e.allowOrigin}`}`),
    ...page.consoleTail().map((line) => `console: ${line}`),
  ];
  return lines.join("\n");
}
