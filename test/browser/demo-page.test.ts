import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoServer } from "../../examples/demo/server.mjs";
import { bundleWorker } from "../runtimes/bundle.ts";
import { ROOT } from "../runtimes/process.ts";
import { browserLabel, browsersOrFailingTest, launch, type BrowserPage, type BrowserSession } from "./browsers.ts";

// The page `npm start` serves, opened in real browsers from the allowed origin (localhost) and from
// one the API does not allow (127.0.0.1), against the example Worker run as wrangler.toml says
// (Miniflare on a loopback port; start.test.ts runs the real `npm start`).

const present = browsersOrFailingTest();
const config = unstable_readConfig({ config: `${ROOT}wrangler.toml` });

/** What a card of the page says, once its calls are done. */
interface Card {
  readonly heading: string;
  readonly why: string;
  readonly details: string;
}

interface PageReport {
  readonly cards: Card[];
  readonly summary: string;
  readonly policy: string;
}

let mf: Miniflare | undefined;
let demo: Server | undefined;
let port = 0;

beforeAll(async () => {
  port = await freePort();
  mf = new Miniflare({
    modules: true,
    script: await bundleWorker(config.main?.slice(ROOT.length) ?? ""),
    compatibilityDate: config.compatibility_date ?? "",
    // As start.mjs does for a demo page on another port than wrangler.toml's: that page is the allowed origin.
    bindings: { ...(config.vars as Record<string, string>), ALLOWED_ORIGINS: `http://localhost:${port}` },
    host: "127.0.0.1",
    port: 0,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.resume();
      stderr.resume();
    },
  });
  const api = (await mf.ready).origin;
  demo = await startDemoServer({ port, api });
});

afterAll(async () => {
  await new Promise((resolve) => demo?.close(resolve) ?? resolve(undefined));
  await mf?.dispose();
});

if (present.length > 0) describe("the demo page, in real browsers", () => {
  for (const browser of present) {
    describe(browserLabel(browser), () => {
      let session: BrowserSession;
      beforeAll(async () => {
        session = await launch(browser);
      });
      afterAll(async () => {
        await session?.close();
      });

      describe("loaded from the allowed origin (http://localhost:<port>)", () => {
        it("heads each card with what happened: GET and the credentialed call allowed, PATCH and the other origin's form post blocked", async () => {
          const report = await reportOf(await session.page(`http://localhost:${port}`));
          expect(report.cards.map((card) => card.heading)).toEqual([
            "Allowed: GET /api/notes",
            "Blocked: PATCH /api/notes/1",
            "Allowed: GET /api/me with credentials",
            `Blocked: a form post from http://127.0.0.1:${port}`,
          ]);
          expect(report.summary).toBe(
            `Loaded from http://localhost:${port}: 2 of 4 calls allowed and 2 blocked, as the policy says. ` +
              `Compare with the same page on http://127.0.0.1:${port}, an origin the API does not allow.`,
          );
        });

        it("says why, from the headers each call received", async () => {
          const [notes, patch, me, form] = (await reportOf(await session.page(`http://localhost:${port}`))).cards;
          expect(notes?.why).toContain(`Access-Control-Allow-Origin: http://localhost:${port}`);
          expect(notes?.details).toContain("received  access-control-allow-origin");
          expect(patch?.why).toContain('Blocked at the preflight: the answer allows this origin but not this request: method "PATCH" is not allowed');
          expect(patch?.details).toContain("OPTIONS /api/notes/1 (preflight)");
          // Only what is listed: GET, HEAD and POST need no Access-Control-Allow-Methods.
          expect(patch?.details).toContain("received  access-control-allow-methods: DELETE");
          expect(me?.why).toContain("Access-Control-Allow-Credentials: true");
          expect(me?.why).toContain("The API saw no cookie");
          expect(form?.why).toContain("The API refused it with 403 before its handler ran, so no note was added.");
          expect(form?.why).toContain(`Origin: http://127.0.0.1:${port} and Sec-Fetch-Site: same-site`);
          expect(form?.why).toContain(`cross-origin "POST" from origin "http://127.0.0.1:${port}"`);
        });

        it("shows the policy in use, cross-origin protection included", async () => {
          const policy = JSON.parse((await reportOf(await session.page(`http://localhost:${port}`))).policy) as Record<string, unknown>;
          expect(policy).toMatchObject({ origins: [`http://localhost:${port}`], methods: ["DELETE"], credentials: true, crossOriginProtection: true });
        });
      });

      describe("loaded from an origin the API does not allow (http://127.0.0.1:<port>)", () => {
        it("heads every card blocked, and the footer says why", async () => {
          const report = await reportOf(await session.page(`http://127.0.0.1:${port}`));
          expect(report.cards.map((card) => card.heading)).toEqual([
            "Blocked: GET /api/notes",
            "Blocked: PATCH /api/notes/1",
            "Blocked: GET /api/me with credentials",
            `Blocked: a form post from http://127.0.0.1:${port}`,
          ]);
          expect(report.summary).toBe(
            `Loaded from http://127.0.0.1:${port}: every call was blocked, because http://127.0.0.1:${port} is not in ALLOWED_ORIGINS. ` +
              `Compare with the same page on http://localhost:${port}, an origin the API allows.`,
          );
        });

        it("says for each call that this origin is not in the policy's origins", async () => {
          const [notes, patch, me, form] = (await reportOf(await session.page(`http://127.0.0.1:${port}`))).cards;
          expect(notes?.why).toContain("The request reached the API, which answered 200, but without Access-Control-Allow-Origin");
          for (const preflighted of [patch, me]) {
            expect(preflighted?.why).toContain(`Blocked at the preflight: http://127.0.0.1:${port} is not in the policy's origins, so the answer (403) has no Access-Control-Allow-Origin`);
          }
          expect(form?.why).toContain("The API refused it with 403 before its handler ran");
        });
      });

      // Headless browsers ask for no favicon, so a 404 would not show here: what is checked is that
      // the page names an empty one and that a browser asking anyway gets no 404.
      it("names an empty favicon, and answers /favicon.ico 204, so no 404 reaches the Console", async () => {
        const page = await session.page(`http://localhost:${port}`);
        expect(await page.evaluate<string | null>(`document.querySelector('link[rel="icon"]')?.getAttribute("href") ?? null`)).toBe("data:,");
        expect((await fetch(`http://127.0.0.1:${port}/favicon.ico`)).status).toBe(204);
        expect(page.consoleMessages().filter((message) => /404|favicon/i.test(message))).toEqual([]);
      });
    });
  }
});

/** Waits (bounded) for the page to finish its calls, then reads what it says. */
async function reportOf(page: BrowserPage): Promise<PageReport> {
  await expect.poll(() => page.evaluate<string | undefined>("document.body.dataset.state"), { timeout: 20_000 }).toBe("done");
  return page.evaluate<PageReport>(`({
    cards: [...document.querySelectorAll("#calls .call")].map((card) => ({
      heading: card.querySelector("h2").textContent,
      why: card.querySelector(".why").textContent,
      details: card.querySelector("pre").textContent,
    })),
    summary: document.querySelector("#summary").textContent,
    policy: document.querySelector("#policy").textContent,
  })`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: free } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return free;
}
