// Real servers as child processes: each on a free 127.0.0.1 port, ready once the port accepts a
// connection, stopped by its PID (SIGTERM, then SIGKILL).
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";

export interface Running {
  readonly port: number;
  readonly pid: number;
  /** What it printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the OS picks it; the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const READY_WITHIN_MS = 15_000;
const STOP_WITHIN_MS = 5_000;

/** Starts `command` and resolves once `port` accepts connections; rejects (after stopping it) if it exits first. */
export async function startServer(command: string, args: readonly string[], port: number, options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Running> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => {
    exited = true;
    resolve();
  }));
  child.once("error", (error) => void (output += `\n${error.message}`));
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => void (exited || child.kill("SIGKILL")), STOP_WITHIN_MS);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + READY_WITHIN_MS;
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`${command} ${args.join(" ")} did not listen on ${port}${exited ? " (it exited)" : ""}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, pid: child.pid as number, output: () => output, stop };
}
