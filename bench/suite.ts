/**
 * One benchmark process (bundled and started by run.mjs). `--mode timing` measures every
 * scenario × contestant with mitata, in interleaved rounds; `--mode alloc` measures bytes allocated per
 * operation with the young generation made large enough that no collection interrupts it.
 * Results go to the file named by `--out` as JSON.
 */
import { writeFileSync } from "node:fs";
import { GCProfiler, getHeapStatistics } from "node:v8";
import { do_not_optimize, measure } from "mitata";
import { describe, median, plan, rotated, type Entry } from "./plan.ts";

interface Args {
  mode: "timing" | "alloc" | "profile";
  out: string;
  rotate: number;
  rounds: number;
  clock: "cpu" | "wall";
  filter: RegExp;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  return {
    mode: value("--mode") === "alloc" || value("--mode") === "profile" ? (value("--mode") as Args["mode"]) : "timing",
    out: value("--out") ?? "/dev/stdout",
    rotate: Number(value("--rotate") ?? 0),
    rounds: Number(value("--rounds") ?? 6),
    clock: value("--clock") === "wall" ? "wall" : "cpu",
    filter: new RegExp(value("--filter") ?? "."),
  };
}

/**
 * CPU time of this process in nanoseconds. On a shared machine, wall time also counts the
 * moments the process waits for a core; CPU time does not, so ratios stay comparable when other
 * work comes and goes. Its cost (one getrusage) is spread over a batch of operations.
 */
const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};

/**
 * Every contestant of a scenario is measured in short turns, round after round, in an order
 * that rotates: a burst of load on the machine then lands on all of them, not on one.
 */
async function timing(entries: Entry[], args: Args): Promise<unknown> {
  const tune = {
    ...(args.clock === "cpu" ? { now: cpuNow } : {}),
    // Batches are always used (even for slow operations) so the clock is read rarely. mitata decides
    // from the first call, which a compilation or a collection can make slow: without the high
    // warm-up threshold that one call could turn batching off and leave whole-microsecond samples.
    batch_threshold: 1e9,
    warmup_threshold: 1e12,
    batch_samples: 1024,
    min_samples: 8,
    min_cpu_time: 80e6,
  };
  const perRound = new Map<string, number[]>();
  const byScenario = new Map<string, Entry[]>();
  for (const entry of entries) {
    byScenario.set(entry.scenario.id, [...(byScenario.get(entry.scenario.id) ?? []), entry]);
  }
  for (const group of byScenario.values()) {
    // Let the JIT settle on every contestant before the first turn counts.
    for (const entry of group) await warm(entry, 150);
    for (let round = 0; round < args.rounds; round++) {
      for (const entry of rotated(group, args.rotate + round)) {
        const { op, request } = entry;
        // An async operation's promise is awaited by mitata; a sync result is handed to
        // do_not_optimize so the JIT cannot drop the work.
        const fn = entry.async ? () => op(request) : () => do_not_optimize(op(request));
        const stats = await measure(fn, tune);
        perRound.set(entry.key, [...(perRound.get(entry.key) ?? []), stats.p50]);
      }
    }
  }
  const results = [...perRound.entries()].map(([key, rounds]) => ({ key, p50: median(rounds), rounds }));
  return { clock: args.clock, results };
}

/** Runs an operation for about `ms` milliseconds, so the code measured next is optimised code. */
async function warm(entry: Entry, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) {
      const result = entry.op(entry.request);
      do_not_optimize(entry.async ? await result : result);
    }
  }
}

/** Bytes allocated per operation: heap growth over n operations with no collection in between. */
async function bytesPerOp(entry: Entry, n: number): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --expose-gc");
  const { op, request } = entry;
  const keep: unknown[] = new Array(n).fill(null);
  gc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  if (entry.async) for (let i = 0; i < n; i++) keep[i] = await op(request);
  else for (let i = 0; i < n; i++) keep[i] = op(request);
  const after = getHeapStatistics().used_heap_size;
  const collections = profiler.stop()?.statistics.length ?? 0;
  do_not_optimize(keep);
  return collections === 0 ? (after - before) / n : undefined;
}

async function allocation(entries: Entry[]): Promise<unknown> {
  const results = [];
  for (const entry of entries) {
    await warm(entry, 300);
    const samples: number[] = [];
    for (let n = 4000, tries = 0; samples.length < 3 && tries < 12; tries++) {
      const bytes = await bytesPerOp(entry, n);
      if (bytes === undefined) n = Math.max(50, n >> 1);
      else samples.push(bytes);
    }
    samples.sort((a, b) => a - b);
    results.push({
      key: entry.key,
      bytesPerOp: samples.length === 0 ? null : samples[samples.length >> 1],
      response: await describe(entry),
    });
  }
  return { results };
}

/** A tight loop over the selected operations, for `node --cpu-prof`. */
async function profile(entries: Entry[], seconds: number): Promise<unknown> {
  const until = performance.now() + seconds * 1000;
  let operations = 0;
  while (performance.now() < until) {
    for (const entry of entries) {
      for (let i = 0; i < 1000; i++) {
        const result = entry.op(entry.request);
        do_not_optimize(entry.async ? await result : result);
      }
      operations += 1000;
    }
  }
  return { operations, keys: entries.map((e) => e.key) };
}

const args = parseArgs(process.argv);
const { entries, contestants } = await plan(args.filter, args.rotate);
const output =
  args.mode === "alloc" ? await allocation(entries)
  : args.mode === "profile" ? await profile(entries, 4)
  : await timing(entries, args);
writeFileSync(args.out, JSON.stringify({ ...(output as object), contestants }));
