// Starting a bundled Worker in Miniflare, finding the workerd process it runs in, and reading the
// CPU time that process spent.
import { readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { Miniflare } from "miniflare";

/**
 * Starts a bundled Worker (its modules next to it, in a temporary directory) in its own workerd.
 * @param {string} scriptPath
 * @param {object} [options] more Miniflare options (a loopback port, bindings, the inspector)
 * @returns {Promise<{ mf: Miniflare, url: string, pid: number }>}
 */
export async function startWorkerd(scriptPath, options = {}) {
  const before = workerdChildren();
  const mf = new Miniflare({ modules: true, scriptPath, modulesRoot: dirname(scriptPath), compatibilityDate: "2026-04-01", ...options });
  const url = String(await mf.ready);
  const pid = [...workerdChildren()].find((p) => !before.has(p));
  if (pid === undefined) {
    await mf.dispose();
    throw new Error("could not find the workerd process Miniflare started");
  }
  return { mf, url, pid };
}

/** PIDs of the workerd processes this process started (Miniflare spawns them as children). */
export function workerdChildren() {
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

/** User + system CPU of a process in clock ticks (10 ms on Linux): coarse, but it counts ended threads too. */
export function cpuTicks(pid) {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
}

/**
 * CPU time of a process in nanoseconds, summed over its threads from the scheduler's own account
 * (/proc/PID/task/TID/sched, nanosecond resolution). NaN when the kernel does not provide it.
 */
export function cpuNs(pid) {
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let text;
      try {
        text = readFileSync(`/proc/${pid}/task/${tid}/sched`, "utf8");
      } catch {
        continue; // the thread ended while we looked
      }
      const match = /se\.sum_exec_runtime\s*:\s*([0-9.]+)/.exec(text);
      if (match === null) return NaN;
      total += Number(match[1]) * 1e6;
    }
  } catch {
    return NaN;
  }
  return total;
}
