// The command-line program as a function: arguments in, text out, exit status back.
import { readFile } from "node:fs/promises";
import { parseCommand } from "./args.ts";
import { checkUrl } from "./check-url.ts";
import { formatReport } from "./format.ts";
import { CHECK_HELP, MAIN_HELP } from "./help.ts";
import type { FetchLike } from "./network.ts";
import { checkPolicyText, formatPolicyReport } from "./policy-file.ts";

/** Where the program writes and what it uses to reach the network and the disk. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly fetch: FetchLike;
  readonly readFile: (path: string) => Promise<string>;
}

/** The real terminal, network and disk. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    fetch: (input, init) => fetch(input, init),
    readFile: (path) => readFile(path, "utf8"),
  };
}

/** Exit statuses: a browser would allow it, would block it, or the command line is wrong. */
export const EXIT = { allowed: 0, blocked: 1, usage: 2 } as const;

/**
 * Runs `fetch-cors …` with `argv` (without the node and script paths) and returns the exit status.
 *
 * @example
 * const status = await runCli(["check", "http://127.0.0.1:8787/", "--origin", "http://localhost:3000"], processIo());
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCommand(argv);
  switch (command.kind) {
    case "help":
      io.stdout(command.topic === "check" ? CHECK_HELP : MAIN_HELP);
      return EXIT.allowed;
    case "usage-error":
      io.stderr(argv.length === 0 ? MAIN_HELP : `fetch-cors: ${command.message}\nRun "fetch-cors check --help" for usage.\n`);
      return EXIT.usage;
    case "policy": {
      let text: string;
      try {
        text = await io.readFile(command.file);
      } catch (error) {
        io.stderr(`fetch-cors: cannot read ${command.file}: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT.usage;
      }
      const report = checkPolicyText(command.file, text);
      io.stdout(command.json ? `${JSON.stringify(report, null, 2)}\n` : formatPolicyReport(report));
      return report.valid ? EXIT.allowed : EXIT.blocked;
    }
    case "url": {
      const report = await checkUrl(command, io.fetch);
      io.stdout(command.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      return report.allowed ? EXIT.allowed : EXIT.blocked;
    }
  }
}
