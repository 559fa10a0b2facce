// `npm run bench -- --profile SCENARIO[:CONTESTANT] [--workerd]`: runs one operation in a tight loop
// under `node --cpu-prof` (or inside workerd, sampled through its inspector) and lists where the time
// goes, by function and by source file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "./lib/build.mjs";
import { runNode } from "./lib/child.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** esbuild writes `// path` before each module it inlines; map bundle lines back to them. */
export function sourceOf(bundleText) {
  const marks = [];
  bundleText.split("\n").forEach((line, i) => {
    const m = /^\/\/ ((?:src|adapters|bench|node_modules)\/\S+)$/.exec(line);
    if (m) marks.push({ line: i, file: m[1] });
  });
  return (line) => {
    let file = "bench bundle";
    for (const mark of marks) if (mark.line <= line) file = mark.file;
    return file.replace(/^node_modules\/([^/]+)\/.*/, "$1 (package)");
  };
}

/** @param {(url: string) => boolean} inBundle whether a frame's script is the bundle `locate` maps */
export function summarise(profile, locate, inBundle) {
  const self = new Map();
  const byFile = new Map();
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  let total = 0;
  for (const node of profile.nodes) {
    if (!node.hitCount) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(program)" && !url) {
      // keep (program) and (garbage collector): they are part of the cost
    }
    const file = inBundle(url) ? locate(lineNumber) : url.replace(/^node:internal\/deps\//, "node: ") || functionName;
    const name = `${functionName || "(anonymous)"}  [${file}]`;
    const us = node.hitCount * interval;
    self.set(name, (self.get(name) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    total += us;
  }
  const top = (map, n) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
  return ["Self time by source:", ...top(byFile, 12), "", "Self time by function:", ...top(self, 25)].join("\n");
}

/** @param {string} target "scenario" or "scenario:contestant" */
export async function profileOperation(target, dir, srcDir, runtime = "node") {
  // Only the first colon separates: contestants' names may hold one ("core: rejected preflight").
  const at = target.indexOf(":");
  const scenario = at < 0 ? target : target.slice(0, at);
  const contestant = at < 0 ? "fetch-cors core" : target.slice(at + 1);
  if (runtime === "workerd") {
    const { profileInWorkerd } = await import("./workerd/profile.mjs");
    return profileInWorkerd(`${scenario} | ${contestant}`, dir, srcDir);
  }
  const suite = await bundle(join(here, "suite.ts"), dir, "node", srcDir);
  const profDir = join(dir, "cpu-profile");
  const filter = `^${escape(`${scenario} | ${contestant}`)}$`;
  await runNode(
    ["--cpu-prof", "--cpu-prof-dir", profDir, "--cpu-prof-interval", "100", suite, "--mode", "profile", "--filter", filter, "--out", join(dir, "profile-run.json")],
    120_000,
  );
  const run = JSON.parse(readFileSync(join(dir, "profile-run.json"), "utf8"));
  if (run.keys.length === 0) throw new Error(`no benchmark matches ${scenario} | ${contestant}`);
  const file = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  const profile = JSON.parse(readFileSync(join(profDir, file), "utf8"));
  console.log(`Profile of ${run.keys.join(", ")}: ${run.operations} operations in 4 s\n`);
  console.log(summarise(profile, sourceOf(readFileSync(suite, "utf8")), (url) => url.endsWith(suite)));
}
