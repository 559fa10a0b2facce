import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFromPage } from "./browser.ts";
import { startProcess, type Started } from "./process.ts";

// `npm start` is `node examples/start.mjs`; free ports (API_PORT, DEMO_PORT) keep this test clear of
// anything already on 8787 and 5173, such as a person's own `npm start`.
let started: Started | undefined;
let api = "";
let demo = "";
let demoPort = 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function isListening(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  const apiPort = await freePort();
  demoPort = await freePort();
  api = `http://127.0.0.1:${apiPort}`;
  demo = `http://localhost:${demoPort}`;
  started = await startProcess(process.execPath, ["examples/start.mjs"], {
    env: { API_PORT: String(apiPort), DEMO_PORT: String(demoPort) },
    ready: /Press Ctrl-C to stop both/,
    timeoutMs: 100_000,
  });
});

afterAll(async () => {
  await started?.stop();
});

describe("npm start (examples/start.mjs)", () => {
  it("prints what to open and a curl line for a preflight that works as printed", async () => {
    const output = started?.output() ?? "";
    expect(output).toContain(`Open ${demo}`);
    expect(output).toContain(api);
    const curl = /curl -i -X OPTIONS (\S+) ((?:-H '[^']+' ?)+)/.exec(output);
    if (curl === null) throw new Error(`no curl line in:\n${output}`);
    const headers = Object.fromEntries([...(curl[2] ?? "").matchAll(/-H '([^:]+): ([^']+)'/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
    const response = await fetch(curl[1] ?? "", { method: "OPTIONS", headers });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(demo);
  });

  it("serves the demo page, which loads its script and the API's address", async () => {
    const page = await fetch(`http://127.0.0.1:${demoPort}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('<script type="module" src="/demo.js"></script>');
    const script = await fetch(`http://127.0.0.1:${demoPort}/demo.js`);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    expect(await script.text()).toContain("/api/notes");
    expect(await (await fetch(`http://127.0.0.1:${demoPort}/config.json`)).json()).toEqual({ api });
  });

  it("runs the Worker so that the page's calls are allowed, rejected and credentialed as the page says", async () => {
    expect((await fetchFromPage(demo, `${api}/api/notes`)).readable).toBe(true);
    expect((await fetchFromPage(demo, `${api}/api/notes/1`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: '{"text":"edited"}',
    })).readable).toBe(false);
    const credentialed = await fetchFromPage(demo, `${api}/api/me`, { headers: { authorization: "Bearer demo-token" }, credentials: true });
    expect(credentialed).toMatchObject({ preflighted: true, readable: true });
  });

  it("stops the Worker and the page on Ctrl-C (SIGINT) and exits cleanly", async () => {
    const child = started?.child;
    if (child?.pid === undefined) throw new Error("npm start is not running");
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    process.kill(child.pid, "SIGINT");
    expect(await exited).toBe(0);
    expect(await isListening(api)).toBe(false);
    expect(await isListening(`http://127.0.0.1:${demoPort}/`)).toBe(false);
  });
});
