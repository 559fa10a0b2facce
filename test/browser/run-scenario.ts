import type { BrowserName, BrowserPage, BrowserSession } from "./browsers.ts";
import type { ApiServer } from "./fixture/api-server.ts";
import type { LogEntry } from "./fixture/app.ts";
import type { FormOutcome, FormRequest, ProbeOutcome, ProbeRequest, SocketOutcome, SocketRequest } from "./page/probe-types.ts";
import type { PageOrigin, Scenario, ScenarioRequest, Sent } from "./scenarios.ts";

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

/** What the page could tell of one request, whatever sent it (fetch, a form, a WebSocket). */
type Outcome =
  | { readonly kind: "fetch"; readonly outcome: ProbeOutcome }
  | { readonly kind: "form"; readonly outcome: FormOutcome }
  | { readonly kind: "webSocket"; readonly outcome: SocketOutcome };

/** The message each WebSocket scenario sends; the server answers `echo:` and it. */
const SOCKET_MESSAGE = "ping";

/** How long to wait for a console message the scenario expects (browsers print them asynchronously). */
const CONSOLE_WAIT_MS = 5_000;

export async function runScenario(context: RunContext, scenario: Scenario): Promise<Observation> {
  const { session, server, pagePort, id } = context;
  const from = scenario.from ?? "localhost";
  const page = await session.page(pageOrigin(from, pagePort));
  const api = `http://${scenario.api ?? "127.0.0.1"}:${server.port}`;
  const cookie = `${id}-cookie`;

  if (scenario.setCookie === true) {
    const set = await probe(page, "localhost", { url: `${api}/p/credentials/set-cookie?id=${cookie}`, method: "GET", headers: {}, credentials: "include", read: [] });
    if (!set.readable) throw new Error(`could not set the session cookie: ${set.error}`);
  }
  const url = `${api}/p/${scenario.policy}/${scenario.route ?? "echo"}?id=${id}`;
  const read = Object.keys(scenario.read?.headers ?? {});
  const outcomes: Outcome[] = [];
  for (const request of scenario.requests ?? [{}]) outcomes.push(await send(page, from, url, request, read));
  const expectedText = scenario.console?.[session.name];
  const messages = expectedText === undefined ? [] : await consoleOf(page, id, expectedText);
  const log = await server.log(id);
  const summary = summarise(scenario, outcomes, log, { cookie, page: pageOrigin(from, pagePort), messages, expectedText });
  return { summary, evidence: evidenceOf(outcomes, log, page) };
}

/**
 * The expected summary, read off the scenario. `browser` picks the per-browser facts (what it sent,
 * its console text); without it they are left out, so compare the full summary with it.
 */
export function expectedOf(scenario: Scenario, id: string, browser?: BrowserName): Record<string, unknown> {
  const requests = scenario.requests?.length ?? 1;
  const expected: Record<string, unknown> = {
    browserVerdicts: Array<string>(requests).fill(scenario.verdict),
    handlerCalls: scenario.reached,
    preflights: scenario.preflights,
  };
  if (scenario.preflightStatus !== undefined) expected["preflightStatuses"] = Array<number>(scenario.preflights).fill(scenario.preflightStatus);
  if (scenario.answered !== undefined) expected["answered"] = Array<number>(requests).fill(scenario.answered);
  const sent = scenario.sent === undefined ? undefined : sentBy(scenario.sent, browser);
  if (sent !== undefined) expected["sent"] = Array<Sent>(requests).fill(sent);
  if (scenario.console !== undefined && browser !== undefined) expected["console"] = scenario.console[browser];
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

function summarise(
  scenario: Scenario,
  outcomes: Outcome[],
  log: LogEntry[],
  seen: { cookie: string; page: string; messages: readonly string[]; expectedText: string | undefined },
): Record<string, unknown> {
  const preflights = log.filter((e) => e.stage === "arrived" && isPreflight(e));
  const arrived = log.filter((e) => e.stage === "arrived" && !isPreflight(e));
  const actual = log.filter((e) => e.stage === "handled");
  const summary: Record<string, unknown> = {
    browserVerdicts: outcomes.map(verdictOf),
    handlerCalls: actual.length,
    preflights: preflights.length,
  };
  if (scenario.preflightStatus !== undefined) summary["preflightStatuses"] = preflights.map((e) => e.status);
  if (scenario.answered !== undefined) summary["answered"] = arrived.map((e) => e.status);
  if (scenario.sent !== undefined) {
    summary["sent"] = arrived.map((e) => ({ origin: e.origin === seen.page ? "PAGE" : e.origin, secFetchSite: e.secFetchSite, secFetchMode: e.secFetchMode }));
  }
  if (seen.expectedText !== undefined) summary["console"] = consoleVerdict(seen.messages, seen.expectedText);
  if (scenario.cookieSent !== undefined) summary["cookieSent"] = actual.map((e) => (e.cookie ?? "").split(/;\s*/).includes(`session=${seen.cookie}`));
  const read = scenario.read;
  if (read !== undefined) {
    summary["pageRead"] = outcomes.map(({ kind, outcome }) => {
      if (kind !== "fetch" || !outcome.readable) return "nothing (fetch rejected)";
      const pageRead: Record<string, unknown> = {};
      if (read.status !== undefined) pageRead["status"] = outcome.status;
      if (read.headers !== undefined) pageRead["headers"] = outcome.headers;
      if (read.bodyIncludes !== undefined) pageRead["bodyIncludes"] = outcome.body.includes(read.bodyIncludes) || outcome.body;
      if (read.bodyExcludes !== undefined) pageRead["bodyExcludes"] = !outcome.body.includes(read.bodyExcludes) || outcome.body;
      return pageRead;
    });
  }
  if (scenario.route === "throw") summary["handlerErrorsReported"] = log.filter((e) => e.stage === "handler-error").length;
  return summary;
}

function isPreflight(entry: LogEntry): boolean {
  return entry.method === "OPTIONS" && entry.requestMethod !== null;
}

/** In the words of {@link Scenario.verdict}. */
function verdictOf({ kind, outcome }: Outcome): string {
  switch (kind) {
    case "fetch":
      // A no-cors fetch resolves with an opaque response (status 0) whatever the server answered.
      return !outcome.readable ? "blocked" : outcome.status === 0 ? "opaque" : "readable";
    case "form":
      return outcome.loaded ? "submitted" : `no answer (${outcome.error})`;
    case "webSocket":
      if (!outcome.opened) return "closed";
      return outcome.reply === `echo:${SOCKET_MESSAGE}` ? "open" : `open, but the reply was ${JSON.stringify(outcome.reply)}`;
  }
}

/** The expected text when one of the scenario's messages carries it, else every message seen (for the diff). */
function consoleVerdict(messages: readonly string[], expected: string): unknown {
  if (messages.some((message) => message.includes(expected))) return expected;
  return messages.length === 0 ? "(no console message about this scenario's URL)" : messages;
}

/**
 * The page's console messages about this scenario's URL, once one holds `expected` or after
 * {@link CONSOLE_WAIT_MS}: the browsers print them after the fetch has already rejected.
 */
async function consoleOf(page: BrowserPage, id: string, expected: string): Promise<readonly string[]> {
  // The id is matched whole: `chromium-node-3` must not pick up `chromium-node-30`'s messages.
  const mentions = new RegExp(`[?&]id=${id.replace(/[^\w]/g, "\\$&")}(?![\\w-])`);
  const deadline = Date.now() + CONSOLE_WAIT_MS;
  for (;;) {
    const messages = page.consoleMessages().filter((message) => mentions.test(message));
    if (messages.some((message) => message.includes(expected)) || Date.now() > deadline) return messages;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function send(page: BrowserPage, from: PageOrigin, url: string, request: ScenarioRequest, read: readonly string[]): Promise<Outcome> {
  if (request.form !== undefined) {
    const form: FormRequest = { url, enctype: request.form, fields: { note: "posted by a form" } };
    return call(page, from, "submitForm", form).then((outcome) => ({ kind: "form", outcome: outcome as FormOutcome }));
  }
  if (request.webSocket === true) {
    const socket: SocketRequest = { url: url.replace(/^http/, "ws"), message: SOCKET_MESSAGE };
    return call(page, from, "openWebSocket", socket).then((outcome) => ({ kind: "webSocket", outcome: outcome as SocketOutcome }));
  }
  const init: ProbeRequest = {
    url,
    method: request.method ?? "GET",
    headers: request.headers ?? {},
    credentials: request.credentials ?? "same-origin",
    read,
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(request.mode === undefined ? {} : { mode: request.mode }),
  };
  return probe(page, from, init).then((outcome) => ({ kind: "fetch", outcome }));
}

/** What the scenario says the browser sent; a per-browser fact is left out without the browser. */
function sentBy(sent: NonNullable<Scenario["sent"]>, browser: BrowserName | undefined): Sent | undefined {
  if (!("chromium" in sent)) return sent;
  return browser === undefined ? undefined : sent[browser];
}

function pageOrigin(from: PageOrigin, pagePort: number): string {
  // The sandboxed iframe lives in the localhost page.
  return `http://${from === "sandboxed" ? "localhost" : from}:${pagePort}`;
}

function probe(page: BrowserPage, from: PageOrigin, request: ProbeRequest): Promise<ProbeOutcome> {
  return call(page, from, from === "sandboxed" ? "runSandboxed" : "run", request) as Promise<ProbeOutcome>;
}

function call(page: BrowserPage, from: PageOrigin, name: string, argument: unknown): Promise<unknown> {
  if (from === "sandboxed" && name !== "runSandboxed") throw new Error(`${name} is not available in the sandboxed iframe`);
  return page.evaluate<unknown>(`corsProbe.${name}(${JSON.stringify(argument)})`);
}

function evidenceOf(outcomes: Outcome[], log: LogEntry[], page: BrowserPage): string {
  const lines = [
    ...outcomes.map((o, i) => `request ${i + 1} (${o.kind}): ${verdictOf(o)} ${JSON.stringify(o.outcome)}`),
    ...log.map((e) => `server: ${e.stage} ${e.method} origin=${e.origin} sec-fetch-site=${e.secFetchSite} sec-fetch-mode=${e.secFetchMode} acrm=${e.requestMethod} acrh=${e.requestHeaders}${e.status === undefined ? "" : ` -> ${e.status} acao=${e.allowOrigin}`}`),
    ...page.consoleTail().map((line) => `console: ${line}`),
  ];
  return lines.join("\n");
}
