// Runs the fetch-cors CLI in-process (fast) or as a child process of its bundled form (real).
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { processIo, runCli, type CliIo } from "../../../cli/command.ts";

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Calls the CLI's main function with captured output and the real network (or `fetch`, when given). */
export async function runInProcess(args: readonly string[], files: Readonly<Record<string, string>> = {}, fetch?: CliIo["fetch"], stdin = ""): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    ...processIo(),
    ...(fetch === undefined ? {} : { fetch }),
    stdout: (text: string) => { stdout += text; },
    stderr: (text: string) => { stderr += text; },
    readStdin: async () => stdin,
    readFile: async (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

/** Bundles cli/main.ts into a temporary directory, as the package build does, and returns its path. */
export async function bundleCli(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "fetch-cors-cli-"));
  const file = join(dir, "cli.mjs");
  await build({
    entryPoints: [fileURLToPath(new URL("../../../cli/main.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    outfile: file,
    logLevel: "silent",
  });
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the bundled CLI with Node in a child process, `stdin` on its standard input. */
export function runProcess(file: string, args: readonly string[], stdin = ""): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [file, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ status, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}
