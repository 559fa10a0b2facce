// Console messages wrapped over several lines when pasted (terminals, chat apps and bug trackers
// wrap long lines): consecutive lines joined back into the message they were, within a small window.
import type { Recognised } from "./recognised.ts";

/** The most lines one message is joined from: bounded, so huge input stays linear. */
export const JOIN_WINDOW = 4;
const QUOTES = "'‘’\"`";

/**
 * Whether a break after `before` falls inside a URL: a quoted token not yet closed ("at 'https://api.exa",
 * "from origin '"), or an unquoted one that names a scheme (Firefox's "resource at https://api.exa").
 */
function insideUrl(before: string): boolean {
  const token = /\S*$/.exec(before)?.[0] ?? "";
  if (token === "") return false;
  const first = token[0] ?? "";
  if (QUOTES.includes(first)) return token.length === 1 || !QUOTES.includes(token[token.length - 1] ?? "");
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(token);
}

/** The ways to join `lines`, the likeliest first: without a space inside a URL, with one elsewhere. */
function joinings(lines: readonly string[]): string[] {
  let texts = [lines[0] ?? ""];
  for (const line of lines.slice(1)) {
    texts = texts.flatMap((text) => (insideUrl(text) ? [`${text}${line}`, `${text} ${line}`] : [`${text} ${line}`]));
  }
  return texts;
}

/**
 * The lines with each wrapped message joined back: from each line, the fewest following lines (up to
 * JOIN_WINDOW in all) whose joined text `recognise` reads as a message that names a check.
 */
export function unwrap(lines: readonly string[], recognise: (text: string) => readonly Recognised[]): string[] {
  const names = (text: string) => recognise(text).some((message) => message.code !== null);
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    let joined: string | undefined;
    let used = 1;
    if (!names(lines[i] ?? "")) {
      for (let size = 2; size <= JOIN_WINDOW && i + size <= lines.length && joined === undefined; size++) {
        joined = joinings(lines.slice(i, i + size)).find(names);
        used = size;
      }
    }
    out.push(joined ?? lines[i] ?? "");
    i += joined === undefined ? 1 : used;
  }
  return out;
}
