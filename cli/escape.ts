// Text a server sent (status text, header values, bodies) reaches the terminal only with its
// control characters written out, so a hostile server cannot move the cursor, clear the screen or
// rewrite the report (C0: U+0000–U+001F, DEL, C1: U+0080–U+009F, where U+009B is a one-byte CSI).

const NAMED: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(2, "0");
}

/** `text` with every C0 and C1 control character as `\n`, `\t`, `\r` or `\xNN`. */
export function escapeControls(text: string): string {
  // One linear pass; the class has no quantifier to backtrack on.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => NAMED[char] ?? `\\x${hex(char)}`);
}

/** JSON for a terminal: JSON.stringify escapes C0 itself; DEL and C1 become `\u00NN`, which parse back the same. */
export function terminalJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (char) => `\\u00${hex(char)}`)}\n`;
}

/** Lines of a report as one text, each line escaped (so a value cannot add a line of its own). */
export function terminalLines(lines: readonly string[]): string {
  return `${lines.map(escapeControls).join("\n")}\n`;
}
