import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoServer } from "../../examples/demo/server.mjs";
import { bundleWorker } from "../runtimes/bundle.ts";
import { ROOT } from "../runtimes/process.ts";
import { browsersOrFailingTest, describeEachBrowser, type BrowserPage } from "./browsers.ts";

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

const allowed = () => `http://localhost:${port}`;
const disallowed = () => `http://127.0.0.1:${port}`;

/** What the cards' headings and the footer say, for the page loaded from each origin. */
const HEADINGS: readonly { from: string; origin: () => string; headings: () => string[]; footer: () => string }[] = [
  {
    from: "the allowed origin (http://localhost:<port>): GET and the credentialed call allowed, PATCH and the other origin's form post blocked",
    origin: allowed,
    headings: () => ["Allowed: GET /api/notes", "Blocked: PATCH /api/notes/1", "Allowed: GET /api/me with credentials", `Blocked: a form post from ${disallowed()}`],
    footer: () => `Loaded from ${allowed()}: 2 of 4 calls allowed and 2 blocked, as the policy says. Compare with the same page on ${disallowed()}, an origin the API does not allow.`,
  },
  {
    from: "an origin the API does not allow (http://127.0.0.1:<port>): every card blocked",
    origin: disallowed,
    headings: () => ["Blocked: GET /api/notes", "Blocked: PATCH /api/notes/1", "Blocked: GET /api/me with credentials", `Blocked: a form post from ${disallowed()}`],
    footer: () => `Loaded from ${disallowed()}: every call was blocked, because ${disallowed()} is not in ALLOWED_ORIGINS. Compare with the same page on ${allowed()}, an origin the API allows.`,
  },
];

if (present.length > 0) describe("the demo page, in real browsers", () => {
  describeEachBrowser(present, (session) => {
    describe("its headings and footer say what happened on the origin it was loaded from", () => {
      for (const { from, origin, headings, footer } of HEADINGS) {
        it(`from ${from}`, async () => {
          const report = await reportOf(await session().page(origin()));
          expect({ headings: report.cards.map((card) => card.heading), footer: report.summary }).toEqual({ headings: headings(), footer: footer() });
        });
      }
    });

    describe("each card says why, from the headers the call received", () => {
      it("from the allowed origin", async () => {
        const [notes, patch, me, form] = (await reportOf(await session().page(allowed()))).cards;
        expect(notes?.why).toContain(`Access-Control-Allow-Origin: ${allowed()}`);
        expect(notes?.details).toContain("received  access-control-allow-origin");
        expect(patch?.why).toContain('Blocked at the preflight: the answer allows this origin but not this request: method "PATCH" is not allowed');
        expect(patch?.details).toContain("OPTIONS /api/notes/1 (preflight)");
        // Only what is listed: GET, HEAD and POST need no Access-Control-Allow-Methods.
        expect(patch?.details).toContain("received  access-control-allow-methods: DELETE");
        expect(me?.why).toContain("Access-Control-Allow-Credentials: true");
        expect(me?.why).toContain("The API saw no cookie");
        expect(form?.why).toContain("The API refused it with 403 before its handler ran, so no note was added.");
        expect(form?.why).toContain(`Origin: ${disallowed()} and Sec-Fetch-Site: same-site`);
        expect(form?.why).toContain(`cross-origin "POST" from origin "${disallowed()}"`);
      });

      it("from an origin the API does not allow: it is not in the policy's origins", async () => {
        const [notes, patch, me, form] = (await reportOf(await session().page(disallowed()))).cards;
        expect(notes?.why).toContain("The request reached the API, which answered 200, but without Access-Control-Allow-Origin");
        for (const preflighted of [patch, me]) {
          expect(preflighted?.why).toContain(`Blocked at the preflight: ${disallowed()} is not in the policy's origins, so the answer (403) has no Access-Control-Allow-Origin`);
        }
        expect(form?.why).toContain("The API refused it with 403 before its handler ran");
      });
    });

    it("shows the policy in use, cross-origin protection included", async () => {
      const policy = JSON.parse((await reportOf(await session().page(allowed()))).policy) as Record<string, unknown>;
      expect(policy).toMatchObject({ origins: [allowed()], methods: ["DELETE"], credentials: true, crossOriginProtection: true });
    });

    // Headless browsers ask for no favicon, so a 404 would not show here: what is checked is that
    // the page names an empty one and that a browser asking anyway gets no 404.
    it("names an empty favicon, and answers /favicon.ico 204, so no 404 reaches the Console", async () => {
      const page = await session().page(allowed());
      expect(await page.evaluate<string | null>(`document.querySelector('link[rel="icon"]')?.getAttribute("href") ?? null`)).toBe("data:,");
      expect((await fetch(`${disallowed()}/favicon.ico`)).status).toBe(204);
      expect(page.consoleMessages().filter((message) => /404|favicon/i.test(message))).toEqual([]);
    });
  });
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
