// Finding the workerd process a Miniflare started, and reading the CPU time it spent.
import { readdirSync, readFileSync } from "node:fs";

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
