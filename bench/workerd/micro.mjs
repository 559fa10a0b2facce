// The micro-benchmarks inside workerd: the plan's operations (workerd/worker.ts) run in loops inside
// one request each, timed by the CPU time the workerd process spends on that request. Like the Node
// runs: several fresh isolates, interleaved rounds in rotating order, the median per round.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "../lib/build.mjs";
import { cpuNs, startWorkerd } from "../lib/workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const rotated = (items, by) => {
  const n = by % items.length;
  return [...items.slice(n), ...items.slice(0, n)];
};

/**
 * @param {{ dir: string, srcDir?: string, filter?: string, processes?: number, rounds?: number, samples?: number, batchMs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ clock: "workerd-cpu", results: { key: string, p50: number, rounds: number[] }[], contestants: unknown[] }[]>}
 */
export async function workerdMicro({ dir, srcDir, filter = ".", processes = 3, rounds = 6, samples = 1, batchMs = 100, log = () => {} }) {
  const script = await bundle(join(here, "worker.ts"), dir, "worker", srcDir);
  const runs = [];
  for (let p = 0; p < processes; p++) {
    log(`bench: workerd run ${p + 1} of ${processes}…`);
    // No port: requests come through dispatchFetch, on loopback.
    const { mf, pid } = await startWorkerd(script);
    try {
      if (Number.isNaN(cpuNs(pid))) throw new Error("this kernel gives no per-thread CPU time (/proc/PID/task/TID/sched)");
      const call = async (path) => {
        const response = await mf.dispatchFetch(`http://bench.local${path}${path.includes("?") ? "&" : "?"}filter=${encodeURIComponent(filter)}`);
        const text = await response.text();
        if (response.status !== 200) throw new Error(`workerd answered ${response.status} to ${path}: ${text}`);
        return text;
      };
      const { keys, contestants } = JSON.parse(await call("/keys"));
      /** CPU nanoseconds workerd spends on one request running `key` n times. */
      const batch = async (key, n) => {
        const before = cpuNs(pid);
        await call(`/run?key=${encodeURIComponent(key)}&n=${n}`);
        return cpuNs(pid) - before;
      };
      // What a request costs with nothing in its loop (under a millisecond: Miniflare's entry
      // Worker and HTTP), subtracted from every batch; measured again before each scenario.
      const requestCost = async () => {
        const empties = [];
        for (let i = 0; i < 7; i++) empties.push(await batch(keys[0].key, 0));
        return median(empties.slice(2));
      };
      const overheads = [];
      const byScenario = new Map();
      for (const k of keys) byScenario.set(k.scenario, [...(byScenario.get(k.scenario) ?? []), k.key]);
      const perRound = new Map();
      for (const group of byScenario.values()) {
        const overhead = await requestCost();
        overheads.push(overhead);
        // Warm every operation until the JIT has settled, and size its batch from what it costs then.
        const size = new Map();
        for (const key of group) {
          let n = 200;
          let ns = 0;
          for (let spent = 0; spent < 250e6; spent += ns) {
            ns = await batch(key, n);
            if (ns < 20e6) n *= 2;
          }
          size.set(key, Math.max(1, Math.round((batchMs * 1e6 * n) / Math.max(1, ns - overhead))));
        }
        // A turn is one long batch, or the median of a few: workerd collects garbage in pauses of
        // several milliseconds every few tens of milliseconds, so a batch must span many of them to
        // count their cost fairly rather than the luck of where one falls.
        for (let round = 0; round < rounds; round++) {
          for (const key of rotated(group, p + round)) {
            const n = size.get(key);
            const perOp = [];
            for (let s = 0; s < samples; s++) perOp.push(Math.max(0, (await batch(key, n)) - overhead) / n);
            perRound.set(key, [...(perRound.get(key) ?? []), median(perOp)]);
          }
        }
      }
      runs.push({
        clock: "workerd-cpu",
        overheadNs: median(overheads),
        results: [...perRound.entries()].map(([key, r]) => ({ key, p50: median(r), rounds: r })),
        contestants,
      });
    } finally {
      await mf.dispose();
    }
  }
  return runs;
}
