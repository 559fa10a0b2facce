// Byte-level rules of the Fetch Standard for request headers, as a browser applies them
// before deciding on a preflight. https://fetch.spec.whatwg.org/#terminology-headers

import { isForbiddenHeaderName, isForbiddenMethod } from "../fetch/names.ts";
import { isToken } from "../fetch/tokens.ts";

const HTTP_WHITESPACE = "\t\n\r ";
const TAB_OR_SPACE = "\t ";

// A loop rather than a regular expression: trimming must stay linear on hostile input.
function trim(value: string, chars: string, leading = true): string {
  let start = 0;
  let end = value.length;
  while (leading && start < end && chars.includes(value[start] as string)) start++;
  while (end > start && chars.includes(value[end - 1] as string)) end--;
  return value.slice(start, end);
}

/** https://fetch.spec.whatwg.org/#concept-header-value-normalize */
export function normalizeHeaderValue(value: string): string {
  return trim(value, HTTP_WHITESPACE);
}

/** Why `fetch()` would throw a TypeError for this (already normalized) value, or null. */
export function invalidValueReason(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x00 || code === 0x0a || code === 0x0d) return `contains the control character 0x${code.toString(16).padStart(2, "0")}`;
    // Header values are byte strings: a script cannot send a code point above U+00FF.
    if (code > 0xff) return `contains "${value[i]}", which is not a byte (header values are ISO-8859-1)`;
  }
  return null;
}

/** https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte */
function isUnsafeByte(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f || '"():<>?@[\\]{}'.includes(String.fromCharCode(code));
}

function firstUnsafeByte(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isUnsafeByte(code)) return code < 0x20 || code === 0x7f ? `0x${code.toString(16).padStart(2, "0")}` : `"${value[i]}"`;
  }
  return null;
}

const LANGUAGE_CHARS = new Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ *,-.;=");
const SAFE_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/**
 * The essence (`type/subtype`, lowercase) of a MIME type, or null when it does not parse.
 * https://mimesniff.spec.whatwg.org/#parse-a-mime-type (parameters never make parsing fail).
 */
export function mimeEssence(value: string): string | null {
  const input = normalizeHeaderValue(value);
  const slash = input.indexOf("/");
  if (slash <= 0) return null;
  const type = input.slice(0, slash);
  const semicolon = input.indexOf(";", slash + 1);
  const subtype = trim(input.slice(slash + 1, semicolon === -1 ? input.length : semicolon), HTTP_WHITESPACE, false);
  if (!isToken(type) || !isToken(subtype)) return null;
  return `${type}/${subtype}`.toLowerCase();
}

/** A single byte range with a start, e.g. `bytes=0-` or `bytes=10-20` (https://fetch.spec.whatwg.org/#simple-range-header-value). */
function isSafelistedRange(value: string): boolean {
  // "starts with bytes" is case-sensitive in the standard (and in Firefox); Chromium also takes "BYTES".
  const match = /^bytes=([0-9]*)-([0-9]*)$/.exec(value);
  if (match === null) return false;
  const [, start = "", end = ""] = match;
  // `bytes=-500` is excluded: browsers never emitted suffix ranges, so servers may not expect them.
  if (start === "") return false;
  return end === "" || BigInt(start) <= BigInt(end);
}

/**
 * Why (name, value) is not a CORS-safelisted request-header, or null when it is.
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header
 */
export function notSafelistedReason(name: string, value: string): string | null {
  const lower = name.toLowerCase();
  const known = ["accept", "accept-language", "content-language", "content-type", "range"];
  // A common mistake: copying the server's response headers into the request. They do nothing there
  // but make the request need a preflight.
  if (lower.startsWith("access-control-")) return `${lower} is a response header, which the request should not carry`;
  if (!known.includes(lower)) return `${lower} is not a CORS-safelisted header`;
  if (value.length > 128) return `${lower} is longer than 128 bytes (${value.length})`;
  if (lower === "accept" || lower === "content-type") {
    const unsafe = firstUnsafeByte(value);
    if (unsafe !== null) return `${lower} contains the CORS-unsafe byte ${unsafe}`;
  }
  if (lower === "accept-language" || lower === "content-language") {
    for (const char of value) {
      if (!LANGUAGE_CHARS.has(char)) return `${lower} contains "${char}" (only letters, digits, space and *,-.;= are safelisted)`;
    }
  }
  if (lower === "content-type") {
    const essence = mimeEssence(value);
    if (essence === null) return `content-type "${value}" is not a valid MIME type`;
    if (!SAFE_CONTENT_TYPES.includes(essence)) {
      return `content-type ${essence} is not one of ${SAFE_CONTENT_TYPES.join(", ")}`;
    }
  }
  if (lower === "range" && !isSafelistedRange(value)) return `range "${value}" is not a single byte range with a start`;
  return null;
}

const METHOD_OVERRIDES = new Set(["x-http-method", "x-http-method-override", "x-method-override"]);

/** Splits a header value on commas outside quoted strings (https://fetch.spec.whatwg.org/#header-value-get-decode-and-split). */
export function splitHeaderValue(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    if (quoted && char === "\\" && i + 1 < value.length) {
      current += char + (value[++i] as string);
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === "," && !quoted) {
      parts.push(trim(current, TAB_OR_SPACE));
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(trim(current, TAB_OR_SPACE));
  return parts;
}

/**
 * A header a script cannot set: `fetch()` drops it silently.
 * https://fetch.spec.whatwg.org/#forbidden-request-header
 */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (isForbiddenHeaderName(lower)) return true;
  return METHOD_OVERRIDES.has(lower) && splitHeaderValue(value).some(isForbiddenMethod);
}
