import { isTokenRange } from "./tokens.ts";

/** Longest `Access-Control-Request-Headers` value considered; longer is rejected unread. */
export const MAX_REQUEST_HEADERS_LENGTH = 4096;
/** Most header names one preflight may ask for. */
export const MAX_REQUEST_HEADERS_COUNT = 64;

/** The parse result: lowercase names, or why the value was refused. */
export type ParsedRequestHeaders =
  | { readonly ok: true; readonly names: readonly string[] }
  | { readonly ok: false; readonly tooLarge: boolean; readonly bad: string };

const NONE: ParsedRequestHeaders = { ok: true, names: [] };

/**
 * Parses `Access-Control-Request-Headers` leniently (comma separated, optional whitespace, empty
 * elements ignored, any case), in one linear pass with no regular expression. The length bound is
 * checked first, so a hostile value costs nothing proportional to its size.
 */
export function parseRequestHeaders(value: string | null): ParsedRequestHeaders {
  if (value === null || value === "") return NONE;
  if (value.length > MAX_REQUEST_HEADERS_LENGTH) {
    return { ok: false, tooLarge: true, bad: `${value.length} characters (at most ${MAX_REQUEST_HEADERS_LENGTH})` };
  }
  const names: string[] = [];
  let start = 0;
  while (start <= value.length) {
    let end = value.indexOf(",", start);
    if (end < 0) end = value.length;
    let from = start;
    let to = end;
    while (from < to && isSpace(value.charCodeAt(from))) from++;
    while (to > from && isSpace(value.charCodeAt(to - 1))) to--;
    if (from < to) {
      if (!isTokenRange(value, from, to)) return { ok: false, tooLarge: false, bad: value.slice(from, Math.min(to, from + 64)) };
      if (names.length === MAX_REQUEST_HEADERS_COUNT) {
        return { ok: false, tooLarge: true, bad: `more than ${MAX_REQUEST_HEADERS_COUNT} header names` };
      }
      names.push(value.slice(from, to).toLowerCase());
    }
    start = end + 1;
  }
  return { ok: true, names };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}
