import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFromPage } from "./browser.ts";
import { descendants, isRunning, ROOT, startProcess, type Started } from "./process.ts";

// `npm start` (`node examples/start.mjs`), run through npm as a person runs it; free ports (API_PORT,
// DEMO_PORT) keep this test clear of anything already on 8787 and 5173, such as a person's own
// `npm start`.
let started: Started | undefined;
let api = "";
let demo = "";
let demoPort = 0;
/** Every process npm start had started once ready, so that a failed test still stops them all. */
let family: number[] = [];

/** The npm that runs this test (npm sets npm_execpath for scripts and npx), else the one on PATH. */
const npm = process.env["npm_execpath"]?.endsWith("npm-cli.js")
  ? { command: process.execPath, args: [process.env["npm_execpath"]] }
  : { command: "npm", args: [] };

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
  started = await startProcess(npm.command, [...npm.args, "start"], {
    // vitest sets NODE_ENV=test, under which Miniflare never fetches Request.cf at all: cleared, as
    // in a person's terminal, so the test sees what they would.
    env: { API_PORT: String(apiPort), DEMO_PORT: String(demoPort), NODE_ENV: "" },
    ready: /Press Ctrl-C to stop both/,
    timeoutMs: 100_000,
  });
  family = started.child.pid === undefined ? [] : descendants(started.child.pid);
});

afterAll(async () => {
  await stopAll(started, family);
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
    expect(await (await fetch(`http://127.0.0.1:${demoPort}/config.json`)).json()).toEqual({
      api,
      policy: expect.objectContaining({ origins: [demo], credentials: true, crossOriginProtection: true }),
    });
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
    // The form card: a text/plain post from the page at 127.0.0.1 (same-site), as a browser sends it.
    const form = await fetch(`${api}/api/notes`, {
      method: "POST",
      headers: { origin: `http://127.0.0.1:${demoPort}`, "sec-fetch-site": "same-site", "content-type": "text/plain" },
      body: '{"text":"forged","pad":"="}',
    });
    expect(form.status).toBe(403);
  });

  it("keeps wrangler's offline Request.cf warning out of the terminal", () => {
    expect(started?.output() ?? "").not.toMatch(/Request\.cf|Unable to fetch/);
  });

  // npm passes the SIGTERM to the shell it runs the script in, which dies without passing it on:
  // start.mjs notices that its parent is gone.
  it("stops the Worker and the page on SIGTERM to npm's PID, and leaves no process behind", async () => {
    if (started === undefined) throw new Error("npm start is not running");
    await expectCleanStop(started, (pid) => process.kill(pid, "SIGTERM"), [api, `http://127.0.0.1:${demoPort}/`]);
  });
});

describe("npm start before npm ci", () => {
  it("says in one line what to run instead, with no stack trace, and exits 1", () => {
    // The same two files in a checkout without node_modules.
    const checkout = mkdtempSync(join(tmpdir(), "fetch-cors-start-"));
    try {
      mkdirSync(join(checkout, "examples", "demo"), { recursive: true });
      copyFileSync(`${ROOT}examples/start.mjs`, join(checkout, "examples", "start.mjs"));
      copyFileSync(`${ROOT}examples/demo/server.mjs`, join(checkout, "examples", "demo", "server.mjs"));
      const run = spawnSync(process.execPath, [join(checkout, "examples", "start.mjs")], { encoding: "utf8", timeout: 30_000 });
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
        status: 1,
        stdout: "",
        stderr: "npm start: the dependencies are not installed: run `npm ci` first, then `npm start`\n",
      });
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });
});

describe("examples/start.mjs stopped with Ctrl-C in a terminal", () => {
  it("stops everything on SIGINT to its whole process group, exits 0 and leaves no process behind", async () => {
    const apiPort = await freePort();
    const pagePort = await freePort();
    const own = await startProcess(process.execPath, ["examples/start.mjs"], {
      env: { API_PORT: String(apiPort), DEMO_PORT: String(pagePort) },
      ready: /Press Ctrl-C to stop both/,
      timeoutMs: 100_000,
      ownGroup: true,
    });
    const ownFamily = own.child.pid === undefined ? [] : descendants(own.child.pid);
    try {
      expect((await fetch(`http://127.0.0.1:${apiPort}/api/notes`)).status).toBe(200);
      // A terminal's Ctrl-C reaches every process of the foreground group at once, wrangler too.
      const exit = await expectCleanStop(own, (pid) => process.kill(-pid, "SIGINT"), [`http://127.0.0.1:${apiPort}/`, `http://127.0.0.1:${pagePort}/`]);
      expect(exit).toEqual({ code: 0, signal: null });
    } finally {
      await stopAll(own, ownFamily);
    }
  }, 120_000);
});

/** Sends the signal, waits for the exit, and checks that every descendant and listener is gone. */
async function expectCleanStop(run: Started, signal: (pid: number) => void, urls: string[]) {
  const pid = run.child.pid;
  if (pid === undefined) throw new Error("npm start has no PID");
  const children = descendants(pid);
  // At least wrangler, and the workerd it runs the Worker in.
  expect(children.length).toBeGreaterThanOrEqual(2);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    run.child.once("exit", (code, signal) => resolve({ code, signal })));
  signal(pid);
  const exit = await exited;
  await expect.poll(() => children.filter(isRunning), { timeout: 10_000 }).toEqual([]);
  for (const url of urls) expect(await isListening(url)).toBe(false);
  return exit;
}

/** Stops the process, then (by PID) whatever it started that is still running. */
async function stopAll(run: Started | undefined, pids: readonly number[]): Promise<void> {
  await run?.stop();
  const left = pids.filter(isRunning);
  for (const pid of left) signalIfRunning(pid, "SIGTERM");
  const deadline = Date.now() + 5_000;
  while (left.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const pid of left) signalIfRunning(pid, "SIGKILL");
}

function signalIfRunning(pid: number, signal: NodeJS.Signals): void {
  try {
    if (isRunning(pid)) process.kill(pid, signal);
  } catch {
    // It exited in between: nothing left to stop.
  }
}
