// The answer of `fetch-cors explain` for a terminal, and the exact JSON of SPEC §8.
import { DEFAULT_SHOWN, type Fix } from "../fixes/index.ts";
import { terminalJson, terminalLines } from "../escape.ts";
import { PLACEHOLDER_ORIGIN, placeholderHint, type Explanation, type NotRecognised } from "./explain.ts";

function snippet(fix: Fix): string[] {
  return [`${fix.title}:`, ...fix.text.split("\n").map((line) => (line === "" ? "" : `  ${line}`))];
}

export function formatExplanation(answer: Explanation, allFixes: boolean): string {
  const lines = [`${answer.browser}: ${answer.code}`];
  const facts: [string, string | number | null][] = [["URL", answer.url], ["origin", answer.origin], ["method", answer.method], ["header", answer.header], ["status", answer.status]];
  for (const [name, value] of facts) if (value !== null) lines.push(`  ${`${name}:`.padEnd(8)}${value}`);
  lines.push(`Cause: ${answer.cause}`);
  if (answer.codes.length > 1) lines.push(`Also implied: ${answer.codes.slice(1).join(", ")}`);
  const [sentence, ...rest] = answer.fixes;
  if (sentence !== undefined) lines.push(`Fix: ${sentence.text}`);
  if (answer.origin === null && rest.length > 0) lines.push(`(The message names no origin: the snippets write ${PLACEHOLDER_ORIGIN} where your page's origin goes.)`);
  const page = rest.filter((fix) => fix.stack === "page");
  const stacks = rest.filter((fix) => fix.stack !== "page");
  const shown = allFixes ? stacks : stacks.slice(0, DEFAULT_SHOWN);
  for (const fix of [...page, ...shown]) lines.push(...snippet(fix));
  const more = stacks.slice(shown.length).map((fix) => fix.title);
  if (more.length > 0) lines.push(`For ${more.join(", ")}: --all-fixes.`);
  if (answer.check === null) {
    lines.push("fetch-cors check needs the page served over http(s) and an http(s) URL: serve the page (e.g. a local dev server), load it from there, and explain the message it then prints.");
  } else {
    lines.push("Reproduce it against the live server (check also recognises the server's software and fits the fix to it):", `  ${answer.check}`);
    const hint = placeholderHint(answer.check);
    if (hint !== null) lines.push(hint);
  }
  return terminalLines(lines);
}

export function formatNotRecognised(answer: NotRecognised): string {
  const lines = [`fetch-cors explain: ${answer.reason}`];
  lines.push("To diagnose the server directly, as a browser would:", `  ${answer.check ?? "fetch-cors check <url> --origin <origin of your page> [-X <method>] [-H <header>] [--credentials]"}`);
  const hint = answer.check === null ? null : placeholderHint(answer.check);
  if (hint !== null) lines.push(hint);
  return terminalLines(lines);
}

/** Exactly the keys of SPEC §8; a text it does not know has every fact null and no fixes. */
export function explanationJson(answer: Explanation | NotRecognised): string {
  if ("recognised" in answer) {
    return terminalJson({
      browser: null, code: null, codes: [], url: null, origin: null, method: null, header: null, status: null,
      check: answer.check, cause: answer.reason, fixes: [],
    });
  }
  const { browser, code, codes, url, origin, method, header, status, check, cause, fixes } = answer;
  return terminalJson({ browser, code, codes, url, origin, method, header, status, check, cause, fixes });
}
