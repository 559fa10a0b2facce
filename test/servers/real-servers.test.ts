// fetch-cors check against real servers nobody here wrote — nginx and Apache from Debian, Express,
// Fastify, Koa and Hono on Node, Flask and Django from Debian — each with the misconfigurations
// their users meet and a healthy setup: check names the cause, and its printed fix for that stack,
// put into the server's config or app as a user would, makes real Chromium let the page read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, missingBrowsers, type BrowserSession } from "../browser/browsers.ts";
import { startPageServer, type PageServer } from "../browser/fixture/page-server.ts";
import { nodeCases } from "./node-cases.ts";
import { djangoCases, flaskCases } from "./python-cases.ts";
import { apacheCases, nginxCases } from "./web-cases.ts";
import type { Running } from "./process.ts";
import type { CaseContext, ServerCase } from "./server-case.ts";
import { INSTALL_COMMAND, missingFor } from "./requirements.ts";
import { startUpstream, type Upstream } from "./upstream.ts";
import { check, chromium } from "./verdicts.ts";
import { MAX_LINES } from "../../cli/format.ts";

const CASES: readonly ServerCase[] = [
  ...nodeCases("express"), ...nodeCases("fastify"), ...nodeCases("koa"), ...nodeCases("hono"),
  ...flaskCases(), ...djangoCases(), ...nginxCases(), ...apacheCases(),
];


describe.skipIf(missingBrowsers().includes("chromium"))("real servers: check's diagnosis and fix, judged by Chromium", () => {
  let session: BrowserSession;
  let page: PageServer;
  let upstreams: Upstream[] = [];
  let context: CaseContext;

  beforeAll(async () => {
    [session, page, ...upstreams] = await Promise.all([launch("chromium"), startPageServer(), startUpstream(false), startUpstream(true)]) as [BrowserSession, PageServer, Upstream, Upstream];
    context = { origin: `http://localhost:${page.port}`, upstream: upstreams[0]?.port ?? 0, upstreamWithCors: upstreams[1]?.port ?? 0 };
  });
  afterAll(async () => {
    await Promise.all([session?.close(), page?.close(), ...upstreams.map((upstream) => upstream.close())]);
  });

  describe.concurrent.each([...new Set(CASES.map((c) => c.stack))])("%s", (stack) => {
    // Without the server the proof has not been made: one failing test says what to install.
    const missing = missingFor(stack);
    if (missing !== null) {
      it(`needs ${missing} (${INSTALL_COMMAND})`, () => {
        throw new Error(`${missing} not found: install with \`${INSTALL_COMMAND}\``);
      });
      return;
    }
    for (const serverCase of CASES.filter((c) => c.stack === stack)) {
      const title = serverCase.code === null ? `${serverCase.name}: check and Chromium allow it` : `${serverCase.name}: check names ${serverCase.code}, and its fix makes Chromium pass`;
      it(title, async () => {
        const servers: Running[] = [];
        try {
          const broken = await serverCase.start(context, null);
          servers.push(broken);
          const before = await check(broken.port, context.origin, serverCase.request);
          const evidence = `${before.text}\n--- server output ---\n${broken.output()}`;
          expect(before.text.trimEnd().split("\n").length, before.text).toBeLessThanOrEqual(MAX_LINES);
          if (serverCase.code === null) {
            expect(before.report.allowed, evidence).toBe(true);
            expect(await chromium(session, broken.port, context.origin, serverCase.request)).toBe("readable");
            return;
          }
          expect(before.report.problems.find((p) => p.severity === "error")?.code, evidence).toBe(serverCase.code);
          expect(await chromium(session, broken.port, context.origin, serverCase.request), evidence).toMatch(/^blocked/);
          const stacks = before.report.fixes.map((fix) => fix.stack).filter((target) => target !== "any" && target !== "page");
          if (serverCase.recognised !== false) expect(stacks[0], evidence).toBe(stack);

          let fixed = broken;
          let request = serverCase.request;
          if (serverCase.pageFix === true) {
            const page = before.report.fixes.find((fix) => fix.stack === "page")?.text ?? "";
            const method = /method: "([A-Z]+)"/.exec(page)?.[1] ?? "";
            expect(method, evidence).toBe(serverCase.request.method?.toUpperCase());
            request = { ...request, method };
          } else {
            const fix = before.report.fixes.find((f) => f.stack === stack)?.text ?? null;
            expect(fix, evidence).not.toBeNull();
            fixed = await serverCase.start(context, fix);
            servers.push(fixed);
          }
          const after = await check(fixed.port, context.origin, request);
          const afterEvidence = `${after.text}\n--- server output ---\n${fixed.output()}`;
          expect(await chromium(session, fixed.port, context.origin, request), afterEvidence).toBe("readable");
          expect(after.report.allowed, afterEvidence).toBe(true);
        } finally {
          await Promise.all(servers.map((server) => server.stop()));
        }
      });
    }
  });
});
