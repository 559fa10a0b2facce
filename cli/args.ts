// Command-line arguments → a validated command, or a usage error that says what to write.
import { parseArgs } from "node:util";
import { parseUrlCheck, type UrlCheck } from "./check-args.ts";

export type { UrlCheck } from "./check-args.ts";

/** `fetch-cors check --policy file.json`. */
export interface PolicyCheck {
  readonly kind: "policy";
  readonly file: string;
  readonly json: boolean;
}

/** `fetch-cors explain "<message>"`; without a message, it is read from standard input. */
export interface Explain {
  readonly kind: "explain";
  readonly message: string | null;
  readonly json: boolean;
  readonly allFixes: boolean;
}

export type HelpTopic = "main" | "check" | "explain";

export type Command =
  | UrlCheck
  | PolicyCheck
  | Explain
  | { readonly kind: "help"; readonly topic: HelpTopic }
  | { readonly kind: "usage-error"; readonly message: string; readonly topic: HelpTopic };

const OPTIONS = {
  origin: { type: "string" },
  method: { type: "string", short: "X" },
  header: { type: "string", short: "H", multiple: true },
  credentials: { type: "boolean" },
  send: { type: "boolean" },
  json: { type: "boolean" },
  "all-fixes": { type: "boolean" },
  policy: { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>["values"];

function explainCommand(rest: readonly string[], values: Values): Command {
  const checkOnly = (["origin", "method", "header", "credentials", "send", "policy", "timeout"] as const).filter((name) => values[name] !== undefined);
  if (checkOnly.length > 0) {
    return { kind: "usage-error", topic: "explain", message: `explain reads the browser's message only: --${checkOnly.join(", --")} belong${checkOnly.length === 1 ? "s" : ""} to fetch-cors check` };
  }
  const message = rest.length === 0 ? null : rest.join(" ");
  return { kind: "explain", message, json: values.json === true, allFixes: values["all-fixes"] === true };
}

function checkCommand(rest: readonly string[], values: Values): Command {
  if (values.policy !== undefined) {
    const extra = rest.length > 0 || values.origin !== undefined || values.method !== undefined || values.header !== undefined
      || values.send === true || values.credentials === true || values.timeout !== undefined;
    if (extra) return { kind: "usage-error", topic: "check", message: "--policy checks a policy file offline: give no URL, --origin, --method, --header, --credentials, --send or --timeout with it" };
    return { kind: "policy", file: values.policy, json: values.json === true };
  }
  const check = parseUrlCheck(rest, values);
  return "error" in check ? { kind: "usage-error", topic: "check", message: check.error } : check;
}

/** Parses `process.argv.slice(2)`. Never throws. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    return { kind: "usage-error", topic: "main", message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (command === "help") return { kind: "help", topic: rest[0] === "check" || rest[0] === "explain" ? rest[0] : "main" };
  if (command === undefined) return values.help === true ? { kind: "help", topic: "main" } : { kind: "usage-error", topic: "main", message: "missing command: fetch-cors check … or fetch-cors explain …" };
  if (command !== "check" && command !== "explain") return { kind: "usage-error", topic: "main", message: `unknown command "${command}" (the commands are "check" and "explain")` };
  if (values.help === true) return { kind: "help", topic: command };
  return command === "explain" ? explainCommand(rest, values) : checkCommand(rest, values);
}
