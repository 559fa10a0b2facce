import { isTokenRange } from "./fetch/tokens.ts";

/** Longest `Access-Control-Request-Headers` value considered; longer is rejected unread. */
export const MAX_REQUEST_HEADERS_LENGTH = 4096;
/** Most header names one preflight may ask for. */
export const MAX_REQUEST_HEADERS_COUNT = 64;

/** The parse result: lowercase names, or why the value was refused. */
export type ParsedRequestHeaders =
  | { readonly ok: true; readonly names: readonly string[] }
  | { readonly ok: false; readonly tooLarge: boolean; readonly bad: string };

/** The parsed `Access-Control-Request-Headers`, with the first name the policy refuses, if any. */
export type RequestedHeaders =
  | Exclude<ParsedRequestHeaders, { readonly ok: true }>
  | { readonly ok: true; readonly names: readonly string[]; readonly refused?: string };

const NONE: ParsedRequestHeaders = Object.freeze({ ok: true, names: Object.freeze([]) });

// The first character of a name: anything but a comma, a space or a tab. One character class, with
// no quantifier, cannot backtrack, and test() allocates nothing; lastIndex is set before every use.
const NAME_START = /[^, \t]/g;

/** Lowercasing always allocates a new string; most names are already lowercase. */
function hasUpperCase(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

function isSeparator(c: number): boolean {
  return c === 44 /* , */ || c === 32 || c === 9;
}

/**
 * Parses `Access-Control-Request-Headers` leniently (comma separated, optional whitespace, empty
 * elements ignored, any case), in one linear pass. The length bound is checked first, so a hostile
 * value costs nothing proportional to its size. Only the names are read character by character: a
 * comma and a space are stepped over here, a longer run of separators (a comma bomb) is skipped by
 * the regular-expression engine, several times faster.
 */
export function parseRequestHeaders(value: string | null): ParsedRequestHeaders {
  if (value === null || value === "") return NONE;
  const length = value.length;
  if (length > MAX_REQUEST_HEADERS_LENGTH) {
    return { ok: false, tooLarge: true, bad: `${length} characters (at most ${MAX_REQUEST_HEADERS_LENGTH})` };
  }
  const names: string[] = [];
  let i = 0;
  for (;;) {
    for (let run = 0; i < length && isSeparator(value.charCodeAt(i)); i++) {
      if (++run === 3) {
        NAME_START.lastIndex = i;
        i = NAME_START.test(value) ? NAME_START.lastIndex - 1 : length;
        break;
      }
    }
    if (i >= length) break;
    // [from, to) is the name, without the whitespace before the next comma.
    const from = i;
    let end = value.indexOf(",", from);
    if (end < 0) end = length;
    let to = end;
    while (to > from && (value.charCodeAt(to - 1) === 32 || value.charCodeAt(to - 1) === 9)) to--;
    if (names.length === MAX_REQUEST_HEADERS_COUNT) {
      return { ok: false, tooLarge: true, bad: `more than ${MAX_REQUEST_HEADERS_COUNT} header names` };
    }
    if (!isTokenRange(value, from, to)) return { ok: false, tooLarge: false, bad: value.slice(from, Math.min(to, from + 64)) };
    const name = value.slice(from, to);
    names.push(hasUpperCase(name) ? name.toLowerCase() : name);
    i = end + 1;
  }
  return { ok: true, names };
}

// Browsers send the same Access-Control-Request-Headers value again and again (one per call site),
// so a value once found fully allowed is remembered. Bounded: values up to 1 KB, at most 64 of them,
// forgotten all at once when full; refused values are never remembered.
const REMEMBERED_VALUE_LENGTH = 1024;
const REMEMBERED_VALUES = 64;

/**
 * The check of requested header names against a policy's `requestHeaders`. Its memory of allowed
 * values lives in the closure, out of reach of anything that holds the policy.
 */
export function requestedHeadersCheck(allowed: ReadonlySet<string>, anyHeader: boolean): (value: string | null) => RequestedHeaders {
  const remembered = new Map<string, RequestedHeaders>();
  return (value) => {
    if (value === null || value === "") return NONE;
    const known = remembered.get(value);
    if (known !== undefined) return known;
    const parsed = parseRequestHeaders(value);
    if (!parsed.ok) return parsed;
    for (const name of parsed.names) {
      // Fetch Standard (CORS-preflight fetch, step 7.7): a "*" never covers Authorization.
      if (!allowed.has(name) && !(anyHeader && name !== "authorization")) return { ok: true, names: parsed.names, refused: name };
    }
    if (value.length <= REMEMBERED_VALUE_LENGTH) {
      if (remembered.size === REMEMBERED_VALUES) remembered.clear();
      remembered.set(value, parsed);
    }
    return parsed;
  };
}
