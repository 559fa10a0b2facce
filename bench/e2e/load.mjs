// End to end: the same Worker with and without fetch-cors, each in its own Miniflare (workerd)
// on 127.0.0.1, loaded in turn by autocannon for a fixed duration. Nothing leaves loopback and
// every run stops by itself; the servers are disposed whatever happens (and Miniflare kills
// workerd when this process exits).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { Miniflare } from "miniflare";
import { bundle } from "../lib/build.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const CONNECTIONS = 8;
const ORIGIN = "https://app.example.com";

const SCENARIOS = [
  // A preflight has no CORS-free counterpart to compare with, so only actual requests are loaded.
  { label: "GET from an allowed origin", method: "GET", headers: { origin: ORIGIN } },
];

export const E2E_SETUP = (seconds, rounds) =>
  `the same Worker with and without fetch-cors/cloudflare, each in Miniflare (workerd) on 127.0.0.1, ` +
  `autocannon with ${CONNECTIONS} connections, ${rounds} alternating rounds of ${seconds} s per variant; ` +
  `median round`;

// Requests per second depend on what else the machine runs; the CPU time workerd spends per
// request does much less, so it is reported beside them (Linux /proc, 10 ms ticks).
const TICK_US = 10_000;

function workerdChildren() {
  const pids = new Set();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === process.pid && stat.includes("(workerd)")) pids.add(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function cpuTicks(pid) {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
}

async function start(scriptPath) {
  const before = workerdChildren();
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // The bundle lives in a temporary directory outside the project.
    modulesRoot: dirname(scriptPath),
    host: "127.0.0.1",
    port: 0,
    compatibilityDate: "2026-04-01",
  });
  const url = String(await mf.ready);
  const pid = [...workerdChildren()].find((p) => !before.has(p));
  return { mf, url, pid };
}

async function load(server, scenario, seconds) {
  const ticks = cpuTicks(server.pid);
  const result = await autocannon({
    url: new URL("/api/items", server.url).href,
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

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * @returns {Promise<{ label: string, plainRps: number, corsRps: number, lossPercent: number,
 *   plainCpuUs: number, corsCpuUs: number, cpuOverheadPercent: number }[]>}
 */
export async function endToEnd({ seconds, rounds, dir, srcDir }) {
  const plainScript = await bundle(join(here, "worker-plain.ts"), dir, "worker", srcDir);
  const corsScript = await bundle(join(here, "worker-cors.ts"), dir, "worker", srcDir);
  const servers = [];
  try {
    const plain = await start(plainScript);
    servers.push(plain);
    const cors = await start(corsScript);
    servers.push(cors);
    const check = await fetch(new URL("/api/items", cors.url), { headers: { origin: ORIGIN } });
    if (check.headers.get("access-control-allow-origin") !== ORIGIN) {
      throw new Error("the CORS Worker does not answer with Access-Control-Allow-Origin");
    }
    const results = [];
    for (const scenario of SCENARIOS) {
      console.error(`bench: end to end, ${scenario.label}…`);
      await load(plain, scenario, 1);
      await load(cors, scenario, 1);
      const runs = { plain: [], cors: [] };
      for (let round = 0; round < rounds; round++) {
        // Alternate which variant goes first, so a drift in machine load favours neither.
        const order = round % 2 === 0 ? [plain, cors] : [cors, plain];
        for (const server of order) runs[server === plain ? "plain" : "cors"].push(await load(server, scenario, seconds));
      }
      const plainRps = median(runs.plain.map((r) => r.rps));
      const corsRps = median(runs.cors.map((r) => r.rps));
      const plainCpuUs = median(runs.plain.map((r) => r.cpuUs));
      const corsCpuUs = median(runs.cors.map((r) => r.cpuUs));
      results.push({
        label: scenario.label,
        plainRps,
        corsRps,
        lossPercent: (1 - corsRps / plainRps) * 100,
        plainCpuUs,
        corsCpuUs,
        cpuOverheadPercent: (corsCpuUs / plainCpuUs - 1) * 100,
        runs,
      });
    }
    return results;
  } finally {
    await Promise.all(servers.map((s) => s.mf.dispose()));
  }
}
