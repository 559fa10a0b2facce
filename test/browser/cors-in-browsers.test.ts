import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browsersOrFailingTest, describeEachBrowser } from "./browsers.ts";
import type { ApiServer } from "./fixture/api-server.ts";
import { startNodeApi } from "./fixture/node-server.ts";
import { startPageServer, type PageServer } from "./fixture/page-server.ts";
import { startWorkerdApi } from "./fixture/workerd-server.ts";
import { expectedOf, runScenario } from "./run-scenario.ts";
import { SCENARIOS, usesWebSockets } from "./scenarios.ts";

// Real browsers are the final judge: each scenario states the policy's verdict, and the page on
// another origin must find exactly that (fetch resolves with a readable body, or rejects), while
// the servers' request logs show what reached the handler and how many preflights were sent.

const present = browsersOrFailingTest();

// WebSocket scenarios run in workerd only: its WebSocketPair is what a Worker upgrades with, while
// the Node server is a plain node:http bridge with no upgrade path of its own.
const SERVERS = [
  { key: "workerd", start: startWorkerdApi, webSockets: true },
  { key: "node", start: startNodeApi, webSockets: false },
] as const;

if (present.length > 0) describe("fetch-cors as judged by real browsers", () => {
  let page: PageServer;
  const servers = new Map<string, ApiServer>();

  beforeAll(async () => {
    page = await startPageServer();
    for (const { key, start } of SERVERS) servers.set(key, await start({ pagePort: page.port, upstreamUrl: page.upstreamUrl }));
  });
  afterAll(async () => {
    for (const server of servers.values()) await server.close();
    await page?.close();
  });

  describeEachBrowser(present, (session, browser) => {
    for (const { key, webSockets } of SERVERS) {
      describe(`served by ${key === "workerd" ? "workerd (Miniflare)" : "Node (node:http)"}`, () => {
        const rules = [...new Set(SCENARIOS.map((s) => s.rule))];
        for (const rule of rules) {
          describe(rule, () => {
            for (const [index, scenario] of SCENARIOS.entries()) {
              if (scenario.rule !== rule || (usesWebSockets(scenario) && !webSockets)) continue;
              it(scenario.name, async () => {
                const id = `${browser}-${key}-${index}`;
                const server = servers.get(key)!;
                const observed = await runScenario({ session: session(), server, pagePort: page.port, id }, scenario);
                expect(observed.summary, `${session().version}, ${server.label}\n${observed.evidence}`).toEqual(expectedOf(scenario, id, browser));
              });
            }
          });
        }
      });
    }
  });
});
