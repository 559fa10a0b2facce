// End to end: the example Worker (examples/worker) with its fetch-cors wrapper, without it, and with
// CORS headers written by hand, each in its own Miniflare (workerd) on 127.0.0.1, loaded by
// autocannon for a fixed duration. Nothing leaves loopback and every run stops by itself; the servers are disposed whatever happens (and Miniflare kills
// workerd when this process exits).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { bundle } from "../lib/build.mjs";
import { cpuNs, cpuTicks, startWorkerd } from "../lib/workerd.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const EXAMPLE = join(here, "..", "..", "examples", "worker", "index.ts");
const CONNECTIONS = 8;
const ORIGIN = "https://app.example.com";
const PATH = "/api/notes";
// What wrangler.toml's [vars] would give the example, with debug off as in production.
const BINDINGS = { ALLOWED_ORIGINS: ORIGIN, CORS_DEBUG: "false" };

const SCENARIOS = [
  // A preflight has no CORS-free counterpart to compare with, so only actual requests are loaded.
  { label: "GET /api/notes from an allowed origin", method: "GET", headers: { origin: ORIGIN } },
];

export const E2E_SETUP = (seconds, rounds, together = true) =>
  `the example Worker (examples/worker) with its fetch-cors/cloudflare wrapper, its API handler alone, and the handler with ` +
  `CORS headers written by hand (bench/e2e/worker-floor.ts), each in its own Miniflare (workerd) on 127.0.0.1, ` +
  `autocannon with ${CONNECTIONS} connections per Worker, ${rounds} rounds of ${seconds} s ` +
  (together ? "with the three Workers loaded at the same time" : "with the Workers loaded one after the other, in rotating order") +
  `; req/s are the median round, the loss the median of the round-by-round losses`;

// Requests per second depend on what else the machine runs; the CPU time workerd spends per
// request does much less, so it is reported beside them (Linux /proc, 10 ms ticks).
const TICK_US = 10_000;

// The bundles live in a temporary directory outside the project.
const start = (scriptPath) => startWorkerd(scriptPath, { host: "127.0.0.1", port: 0, bindings: BINDINGS });

async function load(server, scenario, seconds) {
  const ticks = cpuTicks(server.pid);
  const result = await autocannon({
    url: new URL(PATH, server.url).href,
    method: scenario.method,
    headers: scenario.headers,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`load run against ${server.url} had ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  }
  const cpuUs = ((cpuTicks(server.pid) - ticks) * TICK_US) / result.requests.total;
  return { rps: result.requests.average, cpuUs };
}

/**
 * CPU that workerd spends per call of each variant, called in a loop inside one request (no HTTP):
 * alternating batches, the median per variant.
 */
async function inProcess(server, rounds, calls) {
  const perCall = { plain: [], floor: [], cors: [] };
  const names = Object.keys(perCall);
  const batch = async (name, n) => {
    const url = new URL(`/?variant=${name}&n=${n}&path=${encodeURIComponent(PATH)}`, server.url);
    const before = cpuNs(server.pid);
    const response = await fetch(url, { headers: { origin: ORIGIN } });
    const status = await response.text();
    if (response.status !== 200 || status !== "200") throw new Error(`in-process ${name} answered ${response.status} ${status}`);
    return (cpuNs(server.pid) - before) / 1000 / n;
  };
  for (const name of names) await batch(name, calls / 4);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      perCall[name].push(await batch(name, calls));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(perCall[name])]));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * @returns {Promise<{ label: string, plainRps: number, floorRps: number, corsRps: number, lossPercent: number,
 *   floorLossPercent: number, plainCpuUs: number, floorCpuUs: number, corsCpuUs: number, cpuOverheadPercent: number }[]>}
 */
export async function endToEnd({ seconds, rounds, dir, srcDir, together = true }) {
  const scripts = {
    plain: await bundle(join(here, "worker-plain.ts"), dir, "worker", srcDir),
    floor: await bundle(join(here, "worker-floor.ts"), dir, "worker", srcDir),
    cors: await bundle(EXAMPLE, dir, "worker", srcDir),
    inproc: await bundle(join(here, "worker-inproc.ts"), dir, "worker", srcDir),
  };
  const servers = {};
  try {
    for (const [name, script] of Object.entries(scripts)) servers[name] = await start(script);
    for (const name of ["floor", "cors"]) {
      const check = await fetch(new URL(PATH, servers[name].url), { headers: { origin: ORIGIN } });
      await check.arrayBuffer();
      if (check.status !== 200 || check.headers.get("access-control-allow-origin") !== ORIGIN) {
        throw new Error(`the ${name} Worker answered ${check.status} without Access-Control-Allow-Origin: ${ORIGIN}`);
      }
    }
    const plainCheck = await fetch(new URL(PATH, servers.plain.url), { headers: { origin: ORIGIN } });
    await plainCheck.arrayBuffer();
    if (plainCheck.status !== 200 || plainCheck.headers.has("access-control-allow-origin")) {
      throw new Error(`the Worker without CORS answered ${plainCheck.status}${plainCheck.headers.has("access-control-allow-origin") ? " with CORS headers" : ""}`);
    }
    console.error("bench: end to end, in-process CPU per call…");
    const inproc = await inProcess(servers.inproc, 7, 60_000);
    await servers.inproc.mf.dispose();
    delete servers.inproc;
    const names = Object.keys(servers);
    const results = [];
    for (const scenario of SCENARIOS) {
      console.error(`bench: end to end, ${scenario.label}…`);
      await Promise.all(names.map((name) => load(servers[name], scenario, 1)));
      const runs = Object.fromEntries(names.map((name) => [name, []]));
      for (let round = 0; round < rounds; round++) {
        if (together) {
          // All variants under load at the same moment: whatever else the machine runs weighs on
          // them alike, and the scheduler gives each Worker the same share of the cores, so a
          // variant that spends more per request serves fewer of them.
          const out = await Promise.all(names.map((name) => load(servers[name], scenario, seconds)));
          out.forEach((r, i) => runs[names[i]].push(r));
        } else {
          // One after the other, in an order that rotates, so a drift in machine load favours none.
          for (let k = 0; k < names.length; k++) {
            const name = names[(k + round) % names.length];
            runs[name].push(await load(servers[name], scenario, seconds));
          }
        }
      }
      // Losses are taken round by round (the variants measured together or back to back), then the median.
      const loss = (name, reference) => median(runs[reference].map((r, i) => (1 - runs[name][i].rps / r.rps) * 100));
      const rps = (name) => median(runs[name].map((r) => r.rps));
      const cpu = (name) => median(runs[name].map((r) => r.cpuUs));
      results.push({
        label: scenario.label,
        plainRps: rps("plain"),
        floorRps: rps("floor"),
        corsRps: rps("cors"),
        lossPercent: loss("cors", "plain"),
        floorLossPercent: loss("floor", "plain"),
        corsVsFloorPercent: loss("cors", "floor"),
        plainCpuUs: cpu("plain"),
        floorCpuUs: cpu("floor"),
        corsCpuUs: cpu("cors"),
        cpuOverheadPercent: (cpu("cors") / cpu("plain") - 1) * 100,
        // Same route, called in a loop inside the isolate: µs of workerd CPU per call.
        inProcessUs: inproc,
        runs,
      });
    }
    return results;
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.mf.dispose()));
  }
}
