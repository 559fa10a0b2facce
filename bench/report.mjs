// Turns the per-process results into medians, ratios, target verdicts, a table and RESULTS.md.

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
 * @param {{ results: { key: string, p50: number }[] }[]} timingRuns
 * @param {{ results: { key: string, bytesPerOp: number | null, response: unknown }[] } | undefined} alloc
 */
export function aggregate(scenarios, timingRuns, alloc) {
  const samples = new Map();
  for (const runResult of timingRuns) {
    for (const r of runResult.results) {
      if (!samples.has(r.key)) samples.set(r.key, []);
      samples.get(r.key).push(r.p50);
    }
  }
  const allocByKey = new Map((alloc?.results ?? []).map((r) => [r.key, r]));
  const rows = [];
  for (const scenario of scenarios) {
    const here = [...samples.entries()]
      .map(([key, ns]) => ({ ...splitKey(key), key, ns }))
      .filter((r) => r.scenario === scenario.id);
    if (here.length === 0) continue;
    const withMedian = here.map((r) => ({
      scenario: scenario.id,
      label: scenario.label,
      kind: scenario.kind,
      hostile: scenario.hostile === true,
      contestant: r.contestant,
      medianNs: median(r.ns),
      runsNs: r.ns,
      bytesPerOp: allocByKey.get(r.key)?.bytesPerOp ?? null,
      response: allocByKey.get(r.key)?.response ?? null,
    }));
    const floors = withMedian.filter((r) => r.contestant.startsWith("floor"));
    const floor = floors.reduce((best, r) => (best === null || r.medianNs < best.medianNs ? r : best), null);
    const hono = withMedian.find((r) => r.contestant === "hono + hono/cors") ?? null;
    for (const r of withMedian) {
      if (r.contestant.startsWith("floor") && r !== floor) r.slowerFloorVariant = true;
      r.isFloor = r === floor;
      r.ratioFloor = floor && r.medianNs !== null ? r.medianNs / floor.medianNs : null;
      r.ratioHono = hono && r.medianNs !== null ? r.medianNs / hono.medianNs : null;
      rows.push(r);
    }
  }
  return rows;
}

const find = (rows, scenario, contestant) =>
  rows.find((r) => r.scenario === scenario && r.contestant === contestant) ?? null;

/** The issue's targets, each with the measured value and whether it is met. */
export function targets(rows, e2e) {
  const out = [];
  const add = (name, value, limit, unit, detail = "") =>
    out.push({ name, value, limit, unit, met: value === null ? null : value <= limit, detail });
  for (const scenario of ["preflight-allowed", "preflight-rejected"]) {
    add(`core ${scenario.replace("preflight-", "")} preflight vs floor`,
      find(rows, scenario, "fetch-cors core")?.ratioFloor ?? null, 1.15, "×");
  }
  for (const scenario of ["preflight-allowed", "preflight-rejected", "preflight-20-headers"]) {
    add(`fetch-cors/hono vs hono/cors, ${scenario}`,
      find(rows, scenario, "hono + fetch-cors/hono")?.ratioHono ?? null, 0.8, "×");
  }
  for (const scenario of ["actual-allowed", "actual-immutable", "non-cors"]) {
    add(`fetch-cors/hono vs hono/cors, ${scenario}`,
      find(rows, scenario, "hono + fetch-cors/hono")?.ratioHono ?? null, 0.9, "×");
  }
  const core = find(rows, "actual-allowed", "fetch-cors core");
  const floor = rows.find((r) => r.scenario === "actual-allowed" && r.isFloor);
  const handler = find(rows, "actual-allowed", "handler only, no CORS");
  let net = "";
  if (core && floor && handler && floor.medianNs > handler.medianNs) {
    const ratio = (core.medianNs - handler.medianNs) / (floor.medianNs - handler.medianNs);
    net = `CORS work alone (handler's new Response("ok") subtracted): ${ratio.toFixed(2)}×`;
  }
  add("addCorsHeaders on a mutable response vs by hand", core?.ratioFloor ?? null, 1.5, "×", net);
  for (const r of rows.filter((row) => row.hostile && row.contestant === "fetch-cors core")) {
    add(`hostile ${r.label}: time per op`, r.medianNs === null ? null : r.medianNs / 1000, 5, "µs",
      r.bytesPerOp === null ? "" : `${Math.round(r.bytesPerOp)} B/op`);
  }
  const small = find(rows, "hostile-1kb", "fetch-cors core")?.bytesPerOp;
  const large = find(rows, "hostile-100kb", "fetch-cors core")?.bytesPerOp;
  if (typeof small === "number" && typeof large === "number") {
    // Proportional allocation would add ~100 KB per op; allow noise of a few hundred bytes.
    add("hostile: extra bytes/op, 100 KB vs 1 KB ACRH", Math.max(0, large - small), 1024, "B",
      `${Math.round(small)} B/op at 1 KB, ${Math.round(large)} B/op at 100 KB`);
  }
  for (const e of e2e ?? []) {
    add(`end to end, ${e.label}: requests/s lost to CORS`, e.lossPercent, 5, "%",
      `${Math.round(e.plainRps)} → ${Math.round(e.corsRps)} req/s; workerd CPU ${e.plainCpuUs.toFixed(0)} → ${e.corsCpuUs.toFixed(0)} µs/request`);
  }
  return out;
}

const fmtNs = (ns) => (ns === null ? "—" : ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);
const fmtRatio = (r) => (r === null || r === undefined ? "—" : `${r.toFixed(2)}×`);
const fmtBytes = (b) => (b === null || b === undefined ? "—" : `${Math.round(b)} B`);
const fmtValue = (t) =>
  t.value === null ? "n/a" : t.unit === "×" ? `${t.value.toFixed(2)}×` : `${t.value.toFixed(t.unit === "µs" ? 2 : 1)} ${t.unit}`;
const verdict = (t) => (t.met === null ? "not measured" : t.met ? "met" : "MISSED");

function tableRows(rows) {
  return rows
    .filter((r) => !r.slowerFloorVariant)
    .map((r) => [
      r.label,
      r.isFloor ? `${r.contestant} ◆` : r.contestant,
      fmtNs(r.medianNs),
      fmtRatio(r.ratioFloor),
      fmtRatio(r.ratioHono),
      fmtBytes(r.bytesPerOp),
    ]);
}

const HEADER = ["scenario", "contestant", "median/op", "× floor", "× hono/cors", "alloc/op"];

/** A plain-text table for the terminal. */
export function textReport(rows, targetList, meta) {
  const body = tableRows(rows);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  const out = [line(HEADER), widths.map((w) => "-".repeat(w)).join("  ")];
  let last = "";
  for (const row of body) {
    if (row[0] !== last && last !== "") out.push("");
    out.push(line(row[0] === last ? ["", ...row.slice(1)] : row));
    last = row[0];
  }
  out.push(
    "",
    `◆ the floor (the faster of its two variants). ${meta.clock === "cpu" ? "CPU" : "Wall"} time, median of ${meta.runs} processes × ${meta.rounds} rounds.`,
    "",
    "Targets:",
  );
  for (const t of targetList) {
    out.push(`  ${verdict(t).padEnd(12)} ${t.name}: ${fmtValue(t)} (target ≤ ${t.limit}${t.unit === "×" ? "×" : ` ${t.unit}`})${t.detail ? ` — ${t.detail}` : ""}`);
  }
  return out.join("\n");
}

/** RESULTS.md: the same figures with the machine they come from. */
export function markdownReport(rows, targetList, meta) {
  const m = meta.machine;
  const out = [
    "# Benchmark results",
    "",
    "Generated by `npm run bench -- --markdown`; do not edit by hand.",
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}`,
    `- Runtime: Node ${m.node} (V8 ${m.v8})`,
    `- Load average when started: ${m.loadAverage.join(", ")}`,
    `- Date: ${meta.date}`,
    `- Load average when done: ${(meta.loadAverageAfter ?? []).join(", ")}`,
    `- Time: ${meta.clock === "cpu" ? "process CPU time" : "wall-clock time"} per operation, measured by mitata in`,
    `  batches of 1024; each figure is the median over ${meta.runs} processes of the median of ${meta.rounds}`,
    "  interleaved rounds (every contestant of a scenario takes a turn each round, in rotating order).",
    "- Allocation: heap growth per operation over thousands of operations with no garbage collection",
    "  in between (young generation enlarged to 256 MB for that run), after warm-up.",
    ...(meta.src && meta.src !== "src" ? [`- Core measured from: ${meta.src}`] : []),
    "",
    `| ${HEADER.join(" | ")} |`,
    `|${HEADER.map((_, i) => (i >= 2 ? "---:" : "---")).join("|")}|`,
    ...tableRows(rows).map((row) => `| ${row.join(" | ")} |`),
    "",
    "◆ the floor: a hand-written answer for this one policy (origin Set lookup, precomputed",
    "headers), the faster of two ways to build a response.",
    "",
    "## Targets",
    "",
    "| target | measured | limit | verdict |",
    "|---|---:|---:|---|",
    ...targetList.map(
      (t) =>
        `| ${t.name}${t.detail ? ` (${t.detail})` : ""} | ${fmtValue(t)} | ≤ ${t.limit}${t.unit === "×" ? "×" : ` ${t.unit}`} | ${verdict(t)} |`,
    ),
    "",
  ];
  if (meta.e2e?.length) {
    out.push(
      "## End to end",
      "",
      "| scenario | without CORS | with CORS | req/s lost | workerd CPU/request without → with |",
      "|---|---:|---:|---:|---:|",
    );
    for (const e of meta.e2e) {
      out.push(
        `| ${e.label} | ${Math.round(e.plainRps)} req/s | ${Math.round(e.corsRps)} req/s | ${e.lossPercent.toFixed(1)} % | ` +
          `${e.plainCpuUs.toFixed(0)} → ${e.corsCpuUs.toFixed(0)} µs (${e.cpuOverheadPercent >= 0 ? "+" : ""}${e.cpuOverheadPercent.toFixed(1)} %) |`,
      );
    }
    out.push("", meta.e2eSetup ?? "", "");
  }
  return out.join("\n");
}
