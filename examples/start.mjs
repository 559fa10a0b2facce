// `npm start`: the example Worker under `wrangler dev` (http://127.0.0.1:8787) and a demo page on
// another origin (http://localhost:5173) that calls it. Offline, nothing to configure; Ctrl-C stops
// both. API_PORT and DEMO_PORT choose other ports.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { startDemoServer } from "./demo/server.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WRANGLER = `${ROOT}node_modules/wrangler/bin/wrangler.js`;
// Without `npm ci` there is no wrangler to start: one line saying what to run, not Node's stack trace.
if (!existsSync(WRANGLER)) fail("the dependencies are not installed: run `npm ci` first, then `npm start`");

const DEFAULT_DEMO_PORT = 5173;
const apiPort = port("API_PORT", 8787);
const demoPort = port("DEMO_PORT", DEFAULT_DEMO_PORT);
const api = `http://127.0.0.1:${apiPort}`;
const demo = `http://localhost:${demoPort}`;

function port(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) fail(`${name} must be a port number, got "${value}"`);
  return number;
}

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

async function ensureFree(portNumber, name) {
  const probe = createServer();
  await new Promise((resolve) => {
    probe.once("error", () => fail(`port ${portNumber} is in use; stop what uses it or set ${name} to another port`));
    probe.listen(portNumber, "127.0.0.1", () => probe.close(resolve));
  });
}

await ensureFree(apiPort, "API_PORT");
const page = await startDemoServer({ port: demoPort, api }).catch((error) =>
  fail(error.code === "EADDRINUSE" ? `port ${demoPort} is in use; stop what uses it or set DEMO_PORT to another port` : error.message));

// The wrangler.toml [vars] allow http://localhost:5173; a page on another port is allowed instead.
const vars = demoPort === DEFAULT_DEMO_PORT ? [] : ["--var", `ALLOWED_ORIGINS:${demo}`];
// Started as `node wrangler.js` (not through npx) so that one PID stops wrangler and its workerd.
const wrangler = spawn(process.execPath, [
  WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(apiPort), ...vars,
], {
  cwd: ROOT,
  stdio: ["ignore", "inherit", "inherit"],
  // Everything stays offline: CI=true (no interactive hotkeys), no metrics, no Request.cf download,
  // and no banner, whose version check would ask the registry (and suggest a wrangler that needs a
  // newer Node).
  env: {
    ...process.env,
    CI: "true",
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
  },
});
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  page.close();
  if (wrangler.exitCode === null && wrangler.signalCode === null) {
    const killer = setTimeout(() => wrangler.kill("SIGKILL"), 5_000);
    wrangler.kill("SIGTERM");
    await new Promise((resolve) => wrangler.once("exit", resolve));
    clearTimeout(killer);
  }
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
// `npm start` runs this under `sh -c`; stopped with SIGTERM, npm passes it to that shell, which dies
// without passing it on. So stop too when the process that started this one is gone.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop(0);
}, 500).unref();
wrangler.once("exit", (code) => {
  if (stopping) return;
  console.error(`npm start: wrangler dev exited (code ${code})`);
  void stop(code === 0 ? 1 : code ?? 1);
});

// Ready once the Worker answers, however long wrangler takes to bundle and boot it.
const deadline = Date.now() + 90_000;
for (;;) {
  try {
    await fetch(api);
    break;
  } catch {
    if (stopping) await new Promise(() => undefined);
    if (Date.now() > deadline) {
      console.error("npm start: the Worker did not answer within 90 s");
      await stop(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

console.log(`
fetch-cors example
  API (examples/worker, wrangler dev):  ${api}
  Demo page, on another origin:         ${demo}

Open ${demo} with DevTools open (Network and Console). Each card is one call and
says what happened and why: allowed, refused by the policy, sent with credentials, and a form post
from another origin refused by cross-origin protection. Open http://127.0.0.1:${demoPort} for the
same page from an origin the API does not allow.

A preflight from the terminal:
  curl -i -X OPTIONS ${api}/api/notes/1 -H 'Origin: ${demo}' -H 'Access-Control-Request-Method: DELETE' -H 'Access-Control-Request-Headers: content-type'

Press Ctrl-C to stop both.`);
