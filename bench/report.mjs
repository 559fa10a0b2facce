// Turns the per-process results into medians, ratios, target verdicts, a table and RESULTS.md.
// Node and workerd figures are aggregated the same way, each against floors measured in that runtime.

const median = (values) => {
  const sorted = values.filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const splitKey = (key) => {
  const at = key.indexOf(" | ");
  return { scenario: key.slice(0, at), contestant: key.slice(at + 3) };
};

/**
 * @param {{ id: string, label: string, kind: string, hostile?: boolean }[]} scenarios
 * @param {{ results: { key: string, p50: number, rounds?: number[] }[], contestants?: { id: string, group: string, family?: string, floor?: string }[] }[]} timingRuns
 * @param {{ results: { key: string, bytesPerOp: number | null, response: unknown }[] } | undefined} alloc
 */
export function aggregate(scenarios, timingRuns, alloc) {
  const info = new Map((timingRuns[0]?.contestants ?? []).map((c) => [c.id, c]));
  // key -> one array of per-round medians per process; rounds of one process are aligned across
  // the contestants of a scenario (each round measures all of them, back to back).
  const samples = new Map();
  timingRuns.forEach((runResult, run) => {
    for (const r of runResult.results) {
      if (!samples.has(r.key)) samples.set(r.key, []);
      samples.get(r.key)[run] = r.rounds ?? [r.p50];
    }
  });
  const allocByKey = new Map((alloc?.results ?? []).map((r) => [r.key, r]));
  const rows = [];
  for (const scenario of scenarios) {
    const here = [...samples.entries()]
      .map(([key, perRun]) => ({ ...splitKey(key), key, perRun }))
      .filter((r) => r.scenario === scenario.id);
    if (here.length === 0) continue;
    const withMedian = here.map((r) => {
      const c = info.get(r.contestant) ?? { id: r.contestant, group: "reference" };
      return {
        scenario: scenario.id,
        label: scenario.label,
        kind: scenario.kind,
        hostile: scenario.hostile === true,
        contestant: r.contestant,
        group: c.group,
        family: c.family,
        // The handler alone is shown against the core's floor: what CORS adds to the bare handler.
        floorFamily: c.group === "floor" ? c.family : c.floor ?? (c.id === "handler only, no CORS" ? "floor" : undefined),
        medianNs: median(r.perRun.map((rounds) => median(rounds ?? []))),
        perRun: r.perRun,
        bytesPerOp: allocByKey.get(r.key)?.bytesPerOp ?? null,
        response: allocByKey.get(r.key)?.response ?? null,
      };
    });
    // Each floor is written several ways; the fastest way in this runtime is the floor.
    const floors = new Map();
    for (const r of withMedian) {
      if (r.group !== "floor" || r.medianNs === null) continue;
      const best = floors.get(r.family);
      if (best === undefined || r.medianNs < best.medianNs) floors.set(r.family, r);
    }
    const hono = withMedian.find((r) => r.contestant === "hono + hono/cors") ?? null;
    for (const r of withMedian) {
      r.isFloor = r.group === "floor" && floors.get(r.family) === r;
      if (r.group === "floor" && !r.isFloor) r.slowerFloorVariant = true;
      r.ratioFloor = pairedRatio(r, floors.get(r.floorFamily) ?? null);
      r.ratioFloorSpread = pairedSpread(r, floors.get(r.floorFamily) ?? null);
      r.ratioHono = pairedRatio(r, hono);
      r.ratioHonoSpread = pairedSpread(r, hono);
      rows.push(r);
    }
  }
  return rows;
}

/** The ratios of two rows taken round by round, in each process: both measured moments apart. */
function roundRatios(row, reference) {
  const ratios = [];
  row.perRun.forEach((rounds, run) => {
    const other = reference.perRun[run];
    if (!rounds || !other) return;
    rounds.forEach((ns, i) => {
      if (typeof other[i] === "number" && other[i] > 0) ratios.push(ns / other[i]);
    });
  });
  return ratios;
}

/**
 * The median of the ratios taken round by round: a change in what else the machine runs affects
 * both sides of each ratio alike.
 */
export function pairedRatio(row, reference) {
  if (reference === null || reference === undefined || row.medianNs === null) return null;
  if (row === reference) return 1;
  return median(roundRatios(row, reference));
}

/** The middle half of the round-by-round ratios (first and third quartile), or null. */
export function pairedSpread(row, reference) {
  if (reference === null || reference === undefined || row === reference || row.medianNs === null) return null;
  const sorted = roundRatios(row, reference).sort((a, b) => a - b);
  if (sorted.length < 4) return null;
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return [at(0.25), at(0.75)];
}

const find = (rows, scenario, contestant) =>
  rows?.find((r) => r.scenario === scenario && r.contestant === contestant) ?? null;

/** The paired ratio of two rows of a scenario, and its spread. */
const ratioOf = (rows, scenario, contestant, reference) => {
  const row = find(rows, scenario, contestant);
  const ref = find(rows, scenario, reference);
  return row && ref ? { value: pairedRatio(row, ref), spread: pairedSpread(row, ref) } : { value: null, spread: null };
};

/** The contestants held to their floor, in every scenario that is not a hostile input. */
const HELD_TO_FLOOR = ["fetch-cors core", "fetch-cors withCors", "withCors, protection off"];

/** Targets that compare two rows of one scenario: [name, scenario, row, reference, limit, detail]. */
const PAIRS = [
  ["cross-origin protection on vs off, allowed GET (withCors)", "actual-empty", "fetch-cors withCors", "withCors, protection off", 1.05, ""],
  ["cross-origin protection on vs off, same-origin POST (withCors)", "same-origin-post", "fetch-cors withCors", "withCors, protection off", null,
    "no target: one more header read (Sec-Fetch-Site)"],
  ["refused cross-origin POST vs a rejected preflight (withCors)", "refused-post", "fetch-cors withCors", "withCors: rejected preflight", 1, ""],
  ["refused cross-origin POST vs a rejected preflight (core: guardCrossOrigin vs preflight)", "refused-post", "fetch-cors core", "core: rejected preflight", 1, ""],
  ["what a text body adds to a response (new Response(text) vs new Response(null))", "runtime", "runtime: new Response(text body)", "runtime: new Response(null)", null,
    "no target: why a refusal with a body costs more than a rejected preflight"],
  ["cachedPolicies hit vs a static policy, allowed preflight (withCors)", "preflight-allowed", "withCors + cachedPolicies (hit)", "fetch-cors withCors", 1.1, ""],
  ["corsRoutes, 50 routes vs a static policy, allowed preflight (withCors)", "preflight-allowed", "withCors + corsRoutes (50 routes)", "fetch-cors withCors", 1.2, ""],
];

/**
 * The issues' targets, each with the value measured in Node and in workerd and whether it is met.
 * `limit: null` marks a figure reported without a target.
 */
export function targets(scenarios, nodeRows, workerdRows, e2e) {
  const out = [];
  // A value is a number, or { value, spread } for a ratio whose round-by-round spread is known.
  const add = (name, nodeValue, workerdValue, limit, unit, detail = "") => {
    const plainOf = (v) => (v !== null && typeof v === "object" ? v.value : v ?? null);
    const spreadOf = (v) => (v !== null && typeof v === "object" ? v.spread : null);
    const node = plainOf(nodeValue);
    const workerd = plainOf(workerdValue);
    const verdict = (v) => (v === null || limit === null ? null : v <= limit);
    out.push({
      name, node, workerd, limit, unit, detail,
      spread: { node: spreadOf(nodeValue), workerd: spreadOf(workerdValue) },
      met: { node: verdict(node), workerd: verdict(workerd) },
    });
  };
  const both = (f) => [f(nodeRows), workerdRows ? f(workerdRows) : null];
  const rowRatio = (rows, scenario, contestant, field) => {
    const row = find(rows, scenario, contestant);
    return row ? { value: row[field] ?? null, spread: row[`${field}Spread`] ?? null } : null;
  };
  const plain = scenarios.filter((s) => !s.hostile && !s.runtimeOnly);
  for (const s of plain) {
    for (const c of HELD_TO_FLOOR) {
      if (!find(nodeRows, s.id, c) && !find(workerdRows, s.id, c)) continue;
      add(`${s.label}: ${c} vs its floor`, ...both((rows) => rowRatio(rows, s.id, c, "ratioFloor")), s.id === "preflight-allowed" ? 1.15 : 1.3, "×");
    }
  }
  for (const s of plain) {
    // hono/cors has no cross-origin protection: it sends the refused POST on to the handler.
    if (s.id === "refused-post") continue;
    add(`${s.label}: fetch-cors/hono vs hono/cors`, ...both((rows) => rowRatio(rows, s.id, "hono + fetch-cors/hono", "ratioHono")), 0.8, "×");
  }
  for (const [name, scenario, row, reference, limit, detail] of PAIRS) {
    add(name, ...both((rows) => ratioOf(rows, scenario, row, reference)), limit, "×", detail);
  }
  // The 10,000-comma and 100 KB values are over the limit, refused unread; the 1 KB and 4 KB ones
  // are under the 4096-byte limit, so they are parsed: the worst an attacker can make the core do.
  const normal = find(nodeRows, "preflight-allowed", "fetch-cors core")?.bytesPerOp;
  for (const s of scenarios.filter((x) => x.hostile)) {
    const parsed = s.id === "hostile-1kb" || s.id === "hostile-4kb-commas";
    const r = find(nodeRows, s.id, "fetch-cors core");
    const time = (rows) => {
      const ns = find(rows, s.id, "fetch-cors core")?.medianNs;
      return ns === null || ns === undefined ? null : ns / 1000;
    };
    add(`hostile ${s.label}${parsed ? " (under the limit, parsed)" : ""}: time per op`, ...both(time), 5, "µs",
      typeof r?.bytesPerOp === "number" ? `${Math.round(r.bytesPerOp)} B/op` : "");
    if (!parsed && typeof r?.bytesPerOp === "number" && typeof normal === "number") {
      // Allocation proportional to the value would add ~10–100 KB per op; allow a few hundred bytes of noise.
      add(`hostile ${s.label}: bytes/op beyond an ordinary allowed preflight`, Math.max(0, r.bytesPerOp - normal), null, 1024, "B",
        `${Math.round(r.bytesPerOp)} B/op vs ${Math.round(normal)} B/op`);
    }
  }
  for (const e of e2e ?? []) {
    add(`end to end, ${e.label}: requests/s lost to CORS`, null, e.lossPercent, 5, "%",
      `${Math.round(e.plainRps)} → ${Math.round(e.corsRps)} req/s; CORS written by hand loses ${e.floorLossPercent.toFixed(1)} %; ` +
        `workerd CPU ${e.plainCpuUs.toFixed(0)} → ${e.corsCpuUs.toFixed(0)} µs/request` +
        (e.inProcessUs
          ? `; in a loop inside workerd, CORS adds ${fmtUs(e.inProcessUs.cors - e.inProcessUs.plain)} µs/call ` +
            `(by hand ${fmtUs(e.inProcessUs.floor - e.inProcessUs.plain)} µs), ` +
            `${(((e.inProcessUs.cors - e.inProcessUs.plain) / e.plainCpuUs) * 100).toFixed(1)} % of a request's CPU under load`
          : ""));
  }
  return out;
}

const fmtNs = (ns) => (ns === null || ns === undefined ? "—" : ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);
const fmtRatio = (r) => (r === null || r === undefined ? "—" : `${r.toFixed(2)}×`);
const fmtBytes = (b) => (b === null || b === undefined ? "—" : `${Math.round(b)} B`);
const fmtUs = (us) => us.toFixed(us < 10 ? 2 : 1);
const fmtValue = (t, v, spread) =>
  v === null || v === undefined ? "—"
  : t.unit === "×" ? `${v.toFixed(2)}×${spread ? ` (${spread[0].toFixed(2)}–${spread[1].toFixed(2)})` : ""}`
  : `${v.toFixed(t.unit === "µs" ? 2 : 1)} ${t.unit}`;
const fmtLimit = (t) => (t.limit === null ? "—" : `≤ ${t.limit}${t.unit === "×" ? "×" : ` ${t.unit}`}`);
const verdictOf = (met) => (met === null ? null : met ? "met" : "MISSED");

/** "met", "MISSED", or both runtimes' verdicts when they differ. */
export function verdict(t) {
  if (t.limit === null) return "reported";
  const node = verdictOf(t.met.node);
  const workerd = verdictOf(t.met.workerd);
  if (node === null && workerd === null) return "not measured";
  if (node === workerd || workerd === null) return node;
  if (node === null) return workerd;
  return `Node ${node}, workerd ${workerd}`;
}

/** A floor's name says which way of writing it this is, and in which runtime it is the floor (◆). */
function contestantName(r, w) {
  if (r.group !== "floor") return r.contestant;
  const variant = r.contestant.slice(r.family.length).trim();
  const node = r.medianNs !== null && r.isFloor;
  const workerd = w?.isFloor === true;
  const mark = node && (workerd || w === undefined) ? " ◆" : node ? " ◆ Node" : workerd ? " ◆ workerd" : "";
  return `${r.family} ${variant}${mark}`;
}

/** One table row per contestant: Node's figures, then workerd's for the same key. */
function tableRows(nodeRows, workerdRows) {
  const wd = new Map((workerdRows ?? []).map((r) => [`${r.scenario} | ${r.contestant}`, r]));
  const seen = new Set();
  const out = [];
  const emit = (r, w) => {
    out.push([
      r.label,
      contestantName(r, w),
      fmtNs(r.medianNs ?? null),
      fmtRatio(r.ratioFloor),
      fmtRatio(r.ratioHono),
      fmtBytes(r.bytesPerOp),
      fmtNs(w?.medianNs ?? null),
      fmtRatio(w?.ratioFloor),
      fmtRatio(w?.ratioHono),
    ]);
  };
  for (const r of nodeRows) {
    const key = `${r.scenario} | ${r.contestant}`;
    seen.add(key);
    const w = wd.get(key);
    // A floor way that is the slower one in both runtimes is left out.
    if (r.slowerFloorVariant && (w === undefined || w.slowerFloorVariant)) continue;
    emit(r, w);
  }
  for (const [key, w] of wd) {
    if (!seen.has(key) && !w.slowerFloorVariant) emit({ ...w, medianNs: null, ratioFloor: null, ratioHono: null, bytesPerOp: null }, w);
  }
  return out;
}

const HEADER = ["scenario", "contestant", "Node median/op", "× floor", "× hono/cors", "alloc/op", "workerd median/op", "× floor", "× hono/cors"];

/** One end-to-end scenario: req/s of each variant, losses against the Worker without CORS, CPU. */
export function e2eCells(e) {
  return [
    e.label,
    `${Math.round(e.plainRps)} req/s`,
    `${Math.round(e.floorRps)} req/s`,
    `${Math.round(e.corsRps)} req/s`,
    `${e.floorLossPercent.toFixed(1)} %`,
    `${e.lossPercent.toFixed(1)} %`,
    `${e.plainCpuUs.toFixed(0)} → ${e.floorCpuUs.toFixed(0)} → ${e.corsCpuUs.toFixed(0)} µs`,
    e.inProcessUs ? `${fmtUs(e.inProcessUs.plain)} → ${fmtUs(e.inProcessUs.floor)} → ${fmtUs(e.inProcessUs.cors)} µs` : "—",
  ];
}

/** A plain-text table for the terminal. */
export function textReport(nodeRows, workerdRows, targetList, meta) {
  const body = tableRows(nodeRows, workerdRows);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  const m = meta.machine;
  const out = [
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node} (V8 ${m.v8}); ` +
      `load average ${m.loadAverage.join(", ")} when started, ${(meta.loadAverageAfter ?? []).join(", ")} when done; ` +
      `sources at ${meta.commit ?? "unknown"}`,
    "",
    line(HEADER),
    widths.map((w) => "-".repeat(w)).join("  "),
  ];
  let last = "";
  for (const row of body) {
    if (row[0] !== last && last !== "") out.push("");
    out.push(line(row[0] === last ? ["", ...row.slice(1)] : row));
    last = row[0];
  }
  out.push(
    "",
    `◆ a floor (the faster of its ways of being written, in both runtimes or the one named). Node: ${meta.clock === "cpu" ? "CPU" : "wall"} time, median of ${meta.runs} processes × ${meta.rounds} rounds` +
      (meta.workerd ? `; workerd: CPU time, median of ${meta.workerd.processes} isolates × ${meta.workerd.rounds} rounds` : "") + ";",
    "ratios are medians of round-by-round ratios.",
    "",
    "Targets (Node, workerd):",
  );
  for (const t of targetList) {
    out.push(`  ${verdict(t).padEnd(12)} ${t.name}: ${fmtValue(t, t.node, t.spread?.node)}, ${fmtValue(t, t.workerd, t.spread?.workerd)} (${t.limit === null ? "no target" : `target ${fmtLimit(t)}`})${t.detail ? ` — ${t.detail}` : ""}`);
  }
  return out.join("\n");
}

/** RESULTS.md: the same figures with the machine they come from, and what each floor does. */
export function markdownReport(nodeRows, workerdRows, targetList, meta, notes = "") {
  const m = meta.machine;
  const out = [
    "# Benchmark results",
    "",
    "Generated by `npm run bench -- --markdown`; do not edit by hand (the text after the tables comes",
    "from bench/results-notes.md).",
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, shared with other work`,
    `- Runtimes: Node ${m.node} (V8 ${m.v8}); workerd ${meta.workerd?.version ?? "—"} (through Miniflare)`,
    `- Load average when started: ${m.loadAverage.join(", ")}; when done: ${(meta.loadAverageAfter ?? []).join(", ")}`,
    `- Date: ${meta.date}; sources at commit ${meta.commit ?? "unknown"}; ${meta.minutes ?? "?"} minutes`,
    `- Node: ${meta.clock === "cpu" ? "process CPU time" : "wall-clock time"} per operation, measured by mitata in`,
    `  batches of 1024; each time is the median over ${meta.runs} processes of the median of ${meta.rounds}`,
    "  interleaved rounds (every contestant of a scenario takes a turn each round, in rotating order).",
    "  Node runs with `--single-threaded`: garbage collection is counted on the operation that caused it.",
    ...(meta.workerd
      ? [
        `- workerd: the same operations (bench/plan.ts) in a loop inside one request, timed by the CPU time`,
        `  the workerd process spends (all its threads, from /proc, in ns); each turn is ${meta.workerd.samples === 1 ? "one batch" : `the median of ${meta.workerd.samples} batches`}`,
        `  of ~${meta.workerd.batchMs} ms (long enough to span many garbage collections), with the cost of an empty request`,
        `  subtracted; the median over ${meta.workerd.processes} fresh isolates of the median of ${meta.workerd.rounds} interleaved rounds.`,
      ]
      : []),
    "- Each ratio is the median of the ratios taken round by round (both sides measured moments apart).",
    "- Allocation (Node): heap growth per operation over thousands of operations with no garbage",
    "  collection in between (young generation enlarged to 256 MB for that run), after warm-up.",
    ...(meta.src && meta.src !== "src" ? [`- Core measured from: ${meta.src}`] : []),
    "",
    `| ${HEADER.join(" | ")} |`,
    `|${HEADER.map((_, i) => (i >= 2 ? "---:" : "---")).join("|")}|`,
    ...tableRows(nodeRows, workerdRows).map((row) => `| ${row.join(" | ")} |`),
    "",
    "◆ a floor: the faster of its ways of being written, in both runtimes or in the one named; the other way is shown where it is the floor in the other runtime.",
    "",
    "## Targets",
    "",
    "Each ratio is followed, in brackets, by the middle half of its round-by-round ratios (first to third",
    "quartile): how far the figure can be trusted on this machine.",
    "",
    "| target | Node | workerd | limit | verdict |",
    "|---|---:|---:|---:|---|",
    ...targetList.map(
      (t) => `| ${t.name}${t.detail ? ` (${t.detail})` : ""} | ${fmtValue(t, t.node, t.spread?.node)} | ${fmtValue(t, t.workerd, t.spread?.workerd)} | ${fmtLimit(t)} | ${verdict(t)} |`,
    ),
    "",
  ];
  if (meta.e2e?.length) {
    out.push(
      "## End to end",
      "",
      "| scenario | without CORS | CORS by hand | fetch-cors | req/s lost: by hand | req/s lost: fetch-cors | workerd CPU/request under load: without → by hand → fetch-cors | the Worker's fetch in a loop, CPU/call: without → by hand → fetch-cors |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const e of meta.e2e) out.push(`| ${e2eCells(e).join(" | ")} |`);
    out.push("", `Setup: ${meta.e2eSetup ?? ""}.`, "");
  }
  if (notes.trim() !== "") out.push(notes.trim(), "");
  return out.join("\n");
}
