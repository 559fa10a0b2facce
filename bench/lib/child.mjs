// Runs one Node process at a time, bounded by a timeout, and stops it by its own PID.
import { spawn } from "node:child_process";

const running = new Set();

/** Stops every process this module started (used on Ctrl-C and on the global deadline). */
export function stopAll() {
  for (const child of running) child.kill("SIGKILL");
}

/**
 * @param {string[]} args arguments to `node`
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
export function runNode(args, timeoutMs) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
    running.add(child);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) resolvePromise();
      else reject(new Error(`node ${args.join(" ")} ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}
