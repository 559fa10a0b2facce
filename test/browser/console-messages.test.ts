// The console messages of real Chromium and Firefox for every failing request, explained by
// `fetch-cors explain` with the expected code (SPEC §8), and Chromium's own line matched by what
// `fetch-cors check` says Chrome would print for the same request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkUrl } from "../../cli/check-url.ts";
import { parseCommand, type UrlCheck } from "../../cli/args.ts";
import { explain, type Explanation } from "../../cli/explain/explain.ts";
import { browsersOrFailingTest, describeEachBrowser } from "./browsers.ts";
import { capture, type Api, type PageRequest } from "./console-capture.ts";
import { CONSOLE_SCENARIOS } from "./console-scenarios.ts";
import type { ApiServer } from "./fixture/api-server.ts";
import { startNodeApi } from "./fixture/node-server.ts";
import { startPageServer, type PageServer } from "./fixture/page-server.ts";
import { closedPort, startMisconfiguredApi, type MisconfiguredApi } from "./misconfigured-api.ts";
import { runScenario } from "./run-scenario.ts";
import { SCENARIOS } from "./scenarios.ts";

const APIS: readonly Api[] = ["fetch", "XMLHttpRequest"];

function explained(lines: readonly string[], evidence: string): Explanation {
  const answer = explain(lines.join("\n"));
  if ("recognised" in answer) throw new Error(`explain did not recognise:\n${evidence}\n${answer.reason}`);
  return answer;
}

/** What fetch-cors check reports for the request the page made. */
async function checkLikeThePage(request: PageRequest, origin: string) {
  const args = ["check", request.url, "--origin", origin, "--send", "--timeout", "5", "-X", request.method ?? "GET"];
  for (const [name, value] of Object.entries(request.headers ?? {})) args.push("-H", `${name}: ${value}`);
  if (request.credentials === true) args.push("--credentials");
  const command = parseCommand(args);
  if (command.kind !== "url") throw new Error(`not a check: ${args.join(" ")}`);
  return checkUrl(command as UrlCheck, (input, init) => fetch(input, init));
}

/** Chromium's line that says what blocked the request (or its net:: line when nothing answered). */
function chromiumLine(lines: readonly string[]): string {
  return lines.find((line) => line.includes("has been blocked by CORS policy")) ?? lines.find((line) => line.includes("net::")) ?? "";
}

function expectCheckPrintsWhatChromiumPrinted(printed: string | null, lines: readonly string[]): void {
  const line = chromiumLine(lines);
  if (line.includes("has been blocked by CORS policy")) expect(printed).toBe(line);
  else expect(printed).toContain(/net::ERR_[A-Z_]+/.exec(line)?.[0] ?? "(no net:: error)");
}

describe("console messages of real browsers, explained", () => {
  // Missing browsers fail one test that says what to install; they never pass quietly.
  const browsers = browsersOrFailingTest();
  let page: PageServer;
  let misconfigured: MisconfiguredApi;
  let fetchCors: ApiServer;
  let closed: number;

  beforeAll(async () => {
    page = await startPageServer();
    [misconfigured, fetchCors, closed] = await Promise.all([startMisconfiguredApi(), startNodeApi({ pagePort: page.port, upstreamUrl: page.upstreamUrl }), closedPort()]);
  });
  afterAll(async () => {
    await Promise.all([misconfigured?.close(), fetchCors?.close()]);
    await page?.close();
  });

  describeEachBrowser(browsers, (current, browser) => {

      describe("a server that gets CORS wrong", () => {
        CONSOLE_SCENARIOS.forEach((scenario, index) => {
          for (const api of APIS) {
            it(`${scenario.name} (${api}): ${scenario[browser]}`, async () => {
              const origin = `http://localhost:${page.port}`;
              const id = `${browser}-${index}-${api}`;
              const port = scenario.path === "closed" ? closed : misconfigured.port;
              const request: PageRequest = { url: `http://127.0.0.1:${port}/${scenario.path === "closed" ? "x" : scenario.path}?id=${id}`, method: scenario.method, headers: scenario.headers, credentials: scenario.credentials };
              const session = current();
              const { outcome, lines } = await capture(await session.page(origin), api, request);
              const evidence = `${session.version} ${api}: ${outcome}\n${lines.join("\n")}`;
              expect(outcome, evidence).toMatch(/^blocked/);
              const answer = explained(lines, evidence);
              expect(answer.code, evidence).toBe(scenario[browser]);
              if (browser === "chromium" && api === "fetch") {
                const report = await checkLikeThePage(request, origin);
                expect(report.allowed).toBe(false);
                expectCheckPrintsWhatChromiumPrinted(report.console, lines);
              }
            });
          }
        });
      });

      describe("fetch-cors's own refusals (the browser suite's blocked scenarios)", () => {
        SCENARIOS.forEach((scenario, index) => {
          if (scenario.verdict !== "blocked") return;
          it(scenario.name, async () => {
            const session = current();
            const id = `console-${browser}-${index}`;
            const host = scenario.from === undefined || scenario.from === "sandboxed" ? "localhost" : scenario.from;
            const tab = await session.page(`http://${host}:${page.port}`);
            const before = tab.consoleMessages().length;
            const observed = await runScenario({ session, server: fetchCors, pagePort: page.port, id }, scenario);
            // cors-in-browsers.test.ts judges the rest of the summary; here the browser must have blocked
            // the request, or it printed no message to explain.
            expect(observed.summary["browserVerdicts"] as string[], observed.evidence).not.toContain("readable");
            // Firefox reports after the request has settled.
            await new Promise((resolve) => setTimeout(resolve, browser === "firefox" ? 500 : 100));
            const lines = tab.consoleMessages().slice(before);
            const answer = explained(lines, observed.evidence);
            const last = scenario.requests?.[scenario.requests.length - 1] ?? {};
            const request: PageRequest = {
              url: `http://${scenario.api ?? "127.0.0.1"}:${fetchCors.port}/p/${scenario.policy}/${scenario.route ?? "echo"}?id=${id}`,
              method: last.method, headers: last.headers, credentials: last.credentials === "include",
            };
            const report = await checkLikeThePage(request, scenario.from === "sandboxed" ? "null" : `http://${host}:${page.port}`);
            // The message names one of the checks fetch-cors check finds for the same request.
            expect(report.problems.map((p) => p.code), lines.join("\n")).toEqual(expect.arrayContaining([answer.code]));
            if (browser === "chromium") expectCheckPrintsWhatChromiumPrinted(report.console, lines);
          });
        });
      });
  });
});
