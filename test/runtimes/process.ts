import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root, where node_modules/.bin holds the runtimes the npm packages ship. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The real binary behind `npx <name>` (no npx wrapper process, so one PID stops it). */
export function binary(name: "deno" | "bun"): string {
  return `${ROOT}node_modules/.bin/${name}`;
}

export interface Started {
  readonly child: ChildProcess;
  /** The first stdout line that matched `ready`, as matched. */
  readonly ready: RegExpExecArray;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  /** Stops the process by its PID: SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

/**
 * Starts a process and resolves once a stdout line matches `ready`; rejects (after stopping it)
 * if it exits first or takes longer than `timeoutMs`.
 */
export function startProcess(
  command: string,
  args: readonly string[],
  { env, ready, timeoutMs, ownGroup = false }: {
    env?: Record<string, string>;
    ready: RegExp;
    timeoutMs: number;
    /** Starts it in a process group of its own, as a shell does, so a "Ctrl-C" can reach the whole group. */
    ownGroup?: boolean;
  },
): Promise<Started> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: ownGroup,
  });
  let output = "";
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) => child.once("exit", () => {
    exited = true;
    resolve();
  }));
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    process.kill(child.pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (!exited && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    }, 5_000);
    await exit;
    clearTimeout(timer);
  };
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise<Started>((resolve, reject) => {
    let pending = "";
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${command} ${args.join(" ")}: ${reason}\n--- output ---\n${output}`)));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    child.once("error", (error) => fail(error.message));
    child.once("exit", (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      pending += text;
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        const match = ready.exec(line);
        if (match !== null && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve({ child, ready: match, output: () => output, stop });
          return;
        }
      }
    });
  });
}

/** Every process descended from `pid` (children, grandchildren, …), from `ps`. */
export function descendants(pid: number): number[] {
  const table = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const parents = [pid];
  for (let parent = parents.pop(); parent !== undefined; parent = parents.pop()) {
    for (const [child, ppid] of table) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        parents.push(child);
      }
    }
  }
  return found;
}

/** Whether a process still runs (a zombie, exited but not yet reaped, does not). */
export function isRunning(pid: number): boolean {
  try {
    const state = execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim();
    return state !== "" && !state.startsWith("Z");
  } catch {
    return false; // ps exits non-zero when there is no such process.
  }
}
