import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFromPage } from "./browser.ts";
import { bundleWorker } from "./bundle.ts";
import { ROOT } from "./process.ts";

// The example Worker exactly as `npm start` runs it: main, compatibility date and [vars] read from
// wrangler.toml by wrangler itself.
const config = unstable_readConfig({ config: `${ROOT}wrangler.toml` });
const DEMO_ORIGIN = "http://localhost:5173";

let mf: Miniflare | undefined;
let api = "";
let log = "";

async function workerWith(bindings: Record<string, string>): Promise<Miniflare> {
  return new Miniflare({
    modules: true,
    script: await bundleWorker(config.main?.slice(ROOT.length) ?? ""),
    compatibilityDate: config.compatibility_date ?? "",
    bindings,
    host: "127.0.0.1",
    port: 0,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    },
  });
}

beforeAll(async () => {
  mf = await workerWith(config.vars as Record<string, string>);
  api = (await mf.ready).origin;
});

afterAll(async () => {
  await mf?.dispose();
});

describe("wrangler.toml", () => {
  it("runs examples/worker on 127.0.0.1:8787 and allows the demo page's origin", () => {
    expect(config.main).toBe(`${ROOT}examples/worker/index.ts`);
    expect(config.dev.ip).toBe("127.0.0.1");
    expect(config.dev.port).toBe(8787);
    expect(String(config.vars["ALLOWED_ORIGINS"]).split(/[\s,]+/)).toContain(DEMO_ORIGIN);
  });
});

describe("the example Worker, for the demo page's calls (as a browser plays them)", () => {
  it("allows GET /api/notes without a preflight", async () => {
    const outcome = await fetchFromPage(DEMO_ORIGIN, `${api}/api/notes`);
    expect(outcome).toMatchObject({ preflighted: false, readable: true });
    expect(await outcome.response?.json()).toEqual(expect.arrayContaining([expect.objectContaining({ id: 1 })]));
  });

  it("rejects PATCH /api/notes/1 at the preflight, and says why in CORS-Rejected (CORS_DEBUG)", async () => {
    const outcome = await fetchFromPage(DEMO_ORIGIN, `${api}/api/notes/1`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: '{"text":"edited"}',
    });
    expect(outcome).toEqual({ preflighted: true, readable: false });
    const answer = await fetch(`${api}/api/notes/1`, {
      method: "OPTIONS",
      headers: { origin: DEMO_ORIGIN, "access-control-request-method": "PATCH" },
    });
    expect(answer.headers.get("cors-rejected")).toContain('method "PATCH" is not allowed');
  });

  it("allows GET /api/me with credentials and an Authorization header, after a preflight", async () => {
    const outcome = await fetchFromPage(DEMO_ORIGIN, `${api}/api/me`, {
      headers: { authorization: "Bearer demo-token" },
      credentials: true,
    });
    expect(outcome).toMatchObject({ preflighted: true, readable: true });
    expect(outcome.response?.headers.get("access-control-allow-credentials")).toBe("true");
    expect(outcome.response?.headers.get("access-control-allow-origin")).toBe(DEMO_ORIGIN);
    expect(await outcome.response?.json()).toMatchObject({ user: "demo" });
  });

  it("lets the page read a 401, so it can tell a missing token from a CORS failure", async () => {
    const outcome = await fetchFromPage(DEMO_ORIGIN, `${api}/api/me`, { credentials: true });
    expect(outcome.readable).toBe(true);
    expect(outcome.response?.status).toBe(401);
  });

  it("creates a note with a JSON POST and exposes x-request-id to the page", async () => {
    const outcome = await fetchFromPage(DEMO_ORIGIN, `${api}/api/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"text":"from the test"}',
    });
    expect(outcome).toMatchObject({ preflighted: true, readable: true });
    expect(outcome.response?.status).toBe(201);
    expect(outcome.response?.headers.get("access-control-expose-headers")).toBe("x-request-id");
    expect(outcome.response?.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("blocks every call from an origin not in ALLOWED_ORIGINS (the page opened at 127.0.0.1)", async () => {
    const other = "http://127.0.0.1:5173";
    expect((await fetchFromPage(other, `${api}/api/notes`)).readable).toBe(false);
    expect((await fetchFromPage(other, `${api}/api/me`, { headers: { authorization: "Bearer demo-token" }, credentials: true })).readable).toBe(false);
  });
});

describe("the example Worker's cross-origin protection (on: it is credentialed)", () => {
  // The body a text/plain form can forge: `{"text":"…","pad":"="}`, which the API takes as JSON.
  const FORGED = '{"text":"forged by a form","pad":"="}';
  const formPost = (origin: string, site: string) => fetch(`${api}/api/notes`, {
    method: "POST",
    headers: { origin, "sec-fetch-site": site, "sec-fetch-mode": "navigate", "content-type": "text/plain" },
    body: FORGED,
  });
  const texts = async () => ((await (await fetch(`${api}/api/notes`)).json()) as { text: string }[]).map((note) => note.text);

  it("refuses a form post from the page at 127.0.0.1 (same-site, not allowed) with 403, before the handler, and says why", async () => {
    const response = await formPost("http://127.0.0.1:5173", "same-site");
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("cors-rejected")).toBe(await response.text());
    expect(response.headers.get("cors-rejected")).toContain('cross-origin "POST" from origin "http://127.0.0.1:5173" (Sec-Fetch-Site: "same-site") is refused');
    expect(await texts()).not.toContain("forged by a form");
  });

  it("lets the same post from the demo page's origin reach the handler", async () => {
    expect((await formPost(DEMO_ORIGIN, "cross-site")).status).toBe(201);
    expect(await texts()).toContain("forged by a form");
  });
});

describe("the example Worker's demo routes (read by the demo page's server)", () => {
  it("gives the CORS options in use at /demo/policy, protection written out", async () => {
    expect(await (await fetch(`${api}/demo/policy`)).json()).toMatchObject({
      origins: String(config.vars["ALLOWED_ORIGINS"]).split(/[\s,]+/),
      credentials: true,
      crossOriginProtection: true,
    });
  });

  it("records what each request of a ?demo-call= sent and received, as fetch-cors answered it", async () => {
    const call = `test-${Date.now()}`;
    await fetchFromPage(DEMO_ORIGIN, `${api}/api/me?demo-call=${call}`, { headers: { authorization: "Bearer demo-token" }, credentials: true });
    const exchanges = (await (await fetch(`${api}/demo/exchanges?call=${call}`)).json()) as { method: string; status: number; sent: Record<string, string>; received: Record<string, string> }[];
    expect(exchanges.map((exchange) => [exchange.method, exchange.status])).toEqual([["OPTIONS", 204], ["GET", 200]]);
    expect(exchanges[0]?.sent).toMatchObject({ origin: DEMO_ORIGIN, "access-control-request-method": "GET", "access-control-request-headers": "authorization" });
    expect(exchanges[1]?.received).toMatchObject({ "access-control-allow-origin": DEMO_ORIGIN, "access-control-allow-credentials": "true", vary: "Origin" });
  });
});

describe("the example Worker with bad [vars]", () => {
  const cases: [string, Record<string, string>, string][] = [
    ["an invalid origin pattern", { ALLOWED_ORIGINS: "https://*.com" }, "Invalid CORS policy"],
    ["no ALLOWED_ORIGINS at all", {}, "ALLOWED_ORIGINS is not set"],
  ];
  for (const [what, bindings, logged] of cases) {
    // SPEC §4 and §7: a policy that cannot be built answers 503 (no CORS headers, handler not called).
    it(`answers every request with a plain 503 and logs why, for ${what}`, async () => {
      const broken = await workerWith(bindings);
      try {
        const url = (await broken.ready).origin;
        for (const init of [{ headers: { origin: DEMO_ORIGIN } }, { method: "OPTIONS", headers: { origin: DEMO_ORIGIN, "access-control-request-method": "DELETE" } }]) {
          const response = await fetch(`${url}/api/notes`, init);
          expect(response.status).toBe(503);
          expect(response.headers.get("access-control-allow-origin")).toBeNull();
          expect(await response.text()).toBe("Service Unavailable");
        }
        await expect.poll(() => log, { timeout: 5_000 }).toContain(logged);
      } finally {
        await broken.dispose();
      }
    });
  }
});
