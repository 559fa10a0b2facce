// The command-line program as a function: arguments in, text out, exit status back.
import { readFile } from "node:fs/promises";
import { parseCommand, type HelpTopic } from "./args.ts";
import { checkUrl } from "./check-url.ts";
import { terminalJson } from "./escape.ts";
import { explain } from "./explain/explain.ts";
import { explanationJson, formatExplanation, formatNotRecognised } from "./explain/format.ts";
import { formatReport } from "./format.ts";
import { CHECK_HELP, EXPLAIN_HELP, MAIN_HELP } from "./help.ts";
import type { FetchLike } from "./network.ts";
import { checkPolicyText, formatPolicyReport } from "./policy-file.ts";

/** Where the program writes and what it uses to reach the network, the disk and standard input. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly fetch: FetchLike;
  readonly readFile: (path: string) => Promise<string>;
  /** All of standard input (for `explain` without a message). */
  readonly readStdin: () => Promise<string>;
}

// A pasted console message is small; more than this is not one.
const MAX_STDIN = 1024 * 1024;

async function readProcessStdin(): Promise<string> {
  // A terminal would wait forever for an end of input nobody types.
  if (process.stdin.isTTY === true) return "";
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.length > MAX_STDIN) break;
  }
  return text;
}

/** The real terminal, network, disk and standard input. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    fetch: (input, init) => fetch(input, init),
    readFile: (path) => readFile(path, "utf8"),
    readStdin: readProcessStdin,
  };
}

/** Exit statuses: a browser would allow it (or the message is explained), would block it, or the command line is wrong (or the message unknown). */
export const EXIT = { allowed: 0, blocked: 1, usage: 2 } as const;

const HELP: Readonly<Record<HelpTopic, string>> = { main: MAIN_HELP, check: CHECK_HELP, explain: EXPLAIN_HELP };

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
      io.stdout(HELP[command.topic]);
      return EXIT.allowed;
    case "usage-error":
      io.stderr(argv.length === 0 ? MAIN_HELP : `fetch-cors: ${command.message}\nRun "fetch-cors ${command.topic === "main" ? "" : `${command.topic} `}--help" for usage.\n`);
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
      io.stdout(command.json ? terminalJson(report) : formatPolicyReport(report));
      return report.valid ? EXIT.allowed : EXIT.blocked;
    }
    case "explain": {
      const answer = explain(command.message ?? (await io.readStdin()));
      if (command.json) io.stdout(explanationJson(answer));
      else io.stdout("recognised" in answer ? formatNotRecognised(answer) : formatExplanation(answer, command.allFixes));
      return "recognised" in answer ? EXIT.usage : EXIT.allowed;
    }
    case "url": {
      const report = await checkUrl(command, io.fetch);
      io.stdout(command.json ? terminalJson(report) : formatReport(report, command.allFixes));
      return report.allowed ? EXIT.allowed : EXIT.blocked;
    }
  }
}
