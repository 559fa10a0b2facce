#!/usr/bin/env node
// npm run bench [-- options]
//
//   --runs N          benchmark processes to take medians over (default 5)
//   --json [file]     write every figure as JSON (default bench/results/latest.json)
//   --markdown        regenerate bench/RESULTS.md (the table the README quotes; full runs only),
//                     keeping the figures in bench/results/latest.json
//   --rounds N        interleaved measuring rounds inside each process (default 6)
//   --clock cpu|wall  time source (default cpu: process CPU time, robust on a shared machine)
//   --filter REGEX    only "scenario | contestant" keys that match
//   --no-e2e          skip the end-to-end load test
//   --no-workerd      skip the micro-benchmarks inside workerd
//   --workerd-processes N  fresh workerd isolates to take medians over (default 5)
//   --e2e-only        run only the end-to-end load test
//   --e2e-seconds N   length of each load run (default 5)
//   --e2e-rounds N    load rounds (default 6)
//   --e2e-turns       load the Workers one after the other instead of all at the same time
//   --src DIR         measure another copy of src/ (e.g. with a proposed change) instead of ./src
//   --quick           2 runs, short load test: for checking the harness, not for figures
//   --report FILE     print (and with --markdown, write RESULTS.md from) the figures a --json run saved
//   --profile SCENARIO[:CONTESTANT]  CPU-profile one operation and list its hot spots
//   --workerd         with --profile: profile it inside workerd instead of Node
//
// Benchmarks are not tests: whatever the figures, this exits 0 unless the harness itself breaks.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, scratch } from "./lib/build.mjs";
import { runNode, stopAll } from "./lib/child.mjs";
import { machine } from "./lib/machine.mjs";
import { aggregate, markdownReport, targets, textReport } from "./report.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  const value = at === -1 ? undefined : argv[at + 1];
  return value === undefined || value.startsWith("--") ? fallback : value;
};

const quick = flag("--quick");
const runs = Number(option("--runs", quick ? 2 : 5));
const rounds = Number(option("--rounds", quick ? 2 : 6));
const clock = option("--clock", "cpu") === "wall" ? "wall" : "cpu";
const filter = option("--filter", ".");
// A --markdown run also keeps its figures, so RESULTS.md can be written again from them (--report).
const jsonPath = flag("--json") || flag("--markdown") ? option("--json", join(here, "results", "latest.json")) : undefined;
const e2eSeconds = Number(option("--e2e-seconds", quick ? 2 : 5));
const e2eRounds = Number(option("--e2e-rounds", quick ? 1 : 6));
const srcDir = option("--src", undefined);
const withE2e = !flag("--no-e2e") && filter === ".";
const micro = !flag("--e2e-only");
const withWorkerd = micro && !flag("--no-workerd");
// Fresh isolates differ in what the JIT makes of the same code (up to 1.6× for one operation), so
// the median is taken over several.
const workerdSettings = {
  processes: Number(option("--workerd-processes", quick ? 1 : 5)),
  rounds: quick ? 2 : 5,
  samples: 1,
  batchMs: quick ? 40 : 100,
};

// Nothing this script starts may outlive it: a deadline stops everything.
const DEADLINE_MS = 40 * 60 * 1000;
const tmp = scratch();
const finish = (code) => {
  stopAll();
  tmp.dispose();
  process.exit(code);
};
setTimeout(() => {
  console.error("bench: deadline reached, stopping");
  finish(1);
}, DEADLINE_MS).unref();
process.on("SIGINT", () => finish(130));
process.on("SIGTERM", () => finish(143));

/** The commit measured, marked when src/, adapters/ or examples/ differ from it. */
function commit() {
  try {
    const git = (...args) => execFileSync("git", args, { cwd: join(here, ".."), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = git("status", "--porcelain", "--", "src", "adapters", "examples") !== "";
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? " with uncommitted changes" : ""}`;
  } catch {
    return "unknown";
  }
}

async function profile(target) {
  const { profileOperation } = await import("./profile.mjs");
  await profileOperation(target, tmp.dir, srcDir, flag("--workerd") ? "workerd" : "node");
}

async function microbenchmarks() {
  const suite = await bundle(join(here, "suite.ts"), tmp.dir, "node", srcDir);
  const { scenarios } = await import(await bundle(join(here, "scenario-list.ts"), tmp.dir));
  const timingRuns = [];
  for (let i = 0; i < runs; i++) {
    console.error(`bench: timing run ${i + 1} of ${runs}…`);
    const out = join(tmp.dir, `timing-${i}.json`);
    // --single-threaded: the garbage collector and the compiler run on the measured thread, so the
    // process CPU time is the operation's own (collection included) and not whatever background
    // threads happened to do meanwhile; rounds vary several times less with it.
    await runNode(
      ["--expose-gc", "--single-threaded", suite, "--mode", "timing", "--rotate", String(i), "--rounds", String(rounds), "--clock", clock, "--filter", filter, "--out", out],
      15 * 60 * 1000,
    );
    timingRuns.push(JSON.parse(readFileSync(out, "utf8")));
  }
  console.error("bench: allocation run…");
  const allocOut = join(tmp.dir, "alloc.json");
  // A young generation of 256 MB lets thousands of operations run without a collection.
  await runNode(
    ["--expose-gc", "--min-semi-space-size=256", "--max-semi-space-size=256", suite, "--mode", "alloc", "--filter", filter, "--out", allocOut],
    10 * 60 * 1000,
  );
  const alloc = JSON.parse(readFileSync(allocOut, "utf8"));
  let workerdRuns = [];
  if (withWorkerd) {
    const { workerdMicro } = await import("./workerd/micro.mjs");
    workerdRuns = await workerdMicro({ dir: tmp.dir, srcDir, filter, ...workerdSettings, log: (line) => console.error(line) });
  }
  return {
    scenarios,
    timingRuns,
    alloc,
    workerdRuns,
    rows: aggregate(scenarios, timingRuns, alloc),
    workerdRows: withWorkerd ? aggregate(scenarios, workerdRuns, undefined) : undefined,
  };
}

function workerdVersion() {
  try {
    return createRequire(import.meta.url)("workerd/package.json").version;
  } catch {
    return "unknown";
  }
}

/** RESULTS.md from a set of figures, with the hand-written notes after the tables. */
function writeResults(rows, workerdRows, targetList, meta) {
  const file = join(here, "RESULTS.md");
  const notesFile = join(here, "results-notes.md");
  const notes = existsSync(notesFile) ? readFileSync(notesFile, "utf8") : "";
  writeFileSync(file, markdownReport(rows, workerdRows, targetList, meta, notes));
  console.error(`bench: ${relative(process.cwd(), file)} regenerated`);
}

/** Shows the figures of an earlier --json run again, e.g. to regenerate RESULTS.md after its notes changed. */
function report(file) {
  const data = JSON.parse(readFileSync(file, "utf8"));
  console.log(textReport(data.rows, data.workerdRows, data.targets, data.meta));
  if (!flag("--markdown")) return;
  if (data.meta.full !== true) {
    console.error("bench: those figures are not from a full run; RESULTS.md left as it was");
    return;
  }
  writeResults(data.rows, data.workerdRows, data.targets, data.meta);
}

async function main() {
  const target = option("--profile", undefined);
  if (target !== undefined) return profile(target);
  const saved = option("--report", undefined);
  if (saved !== undefined) return report(saved);

  const started = Date.now();
  const meta = { machine: machine(), date: new Date().toISOString(), commit: commit(), runs, rounds, clock, src: srcDir ?? "src" };
  if (withWorkerd) meta.workerd = { ...workerdSettings, version: workerdVersion() };
  const micro_ = micro ? await microbenchmarks() : { scenarios: [], rows: [], timingRuns: [], alloc: undefined, workerdRuns: [], workerdRows: undefined };
  let e2e = [];
  if (withE2e) {
    const { endToEnd, E2E_SETUP } = await import("./e2e/load.mjs");
    const together = !flag("--e2e-turns");
    e2e = await endToEnd({ seconds: e2eSeconds, rounds: e2eRounds, dir: tmp.dir, srcDir, together });
    meta.e2eSetup = E2E_SETUP(e2eSeconds, e2eRounds, together);
  }
  meta.e2e = e2e;
  meta.loadAverageAfter = machine().loadAverage;
  // RESULTS.md is what the README quotes: only a complete run of the project's own sources replaces it.
  meta.full = micro && withE2e && withWorkerd && !quick && srcDir === undefined;
  meta.minutes = Math.round((Date.now() - started) / 60_000);
  const targetList = targets(micro_.scenarios, micro_.rows, micro_.workerdRows, e2e);
  console.log(textReport(micro_.rows, micro_.workerdRows, targetList, meta));
  if (e2e.length) {
    console.log(`\nEnd to end (${meta.e2eSetup})`);
    for (const e of e2e) {
      console.log(
        `  ${e.label}: ${Math.round(e.plainRps)} req/s without CORS, ${Math.round(e.floorRps)} with CORS by hand ` +
          `(${e.floorLossPercent.toFixed(1)} % lost), ${Math.round(e.corsRps)} with fetch-cors (${e.lossPercent.toFixed(1)} % lost); ` +
          `workerd CPU ${e.plainCpuUs.toFixed(0)} → ${e.floorCpuUs.toFixed(0)} → ${e.corsCpuUs.toFixed(0)} µs/request; ` +
          `the Worker's fetch in a loop inside workerd: ${e.inProcessUs.plain.toFixed(2)} → ${e.inProcessUs.floor.toFixed(2)} → ` +
          `${e.inProcessUs.cors.toFixed(2)} µs/call`,
      );
    }
  }
  if (jsonPath) {
    mkdirSync(dirname(jsonPath), { recursive: true });
    const strip = (rows) => rows?.map(({ perRun, ...row }) => row);
    const data = {
      meta,
      rows: strip(micro_.rows),
      workerdRows: strip(micro_.workerdRows),
      targets: targetList,
      e2e,
      raw: { timing: micro_.timingRuns, alloc: micro_.alloc, workerd: micro_.workerdRuns },
    };
    writeFileSync(jsonPath, `${JSON.stringify(data, null, 2)}\n`);
    console.error(`bench: figures written to ${relative(process.cwd(), jsonPath)}`);
  }
  if (flag("--markdown")) {
    if (!meta.full) {
      console.error("bench: --markdown needs a full run (no --filter, --quick, --no-e2e, --no-workerd, --e2e-only or --src); RESULTS.md left as it was");
      return;
    }
    writeResults(micro_.rows, micro_.workerdRows, targetList, meta);
  }
}

main().then(
  () => finish(0),
  (error) => {
    console.error(error);
    finish(1);
  },
);
