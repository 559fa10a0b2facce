// RFC 9110 token characters (tchar), indexed by char code. Built once; scanning request data with it
// is linear and never backtracks.
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TCHAR[c.charCodeAt(0)] = 1;

/** True when `value[start, end)` is a non-empty RFC 9110 token. */
export function isTokenRange(value: string, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c > 127 || TCHAR[c] === 0) return false;
  }
  return true;
}

/** True when `value` is a non-empty RFC 9110 token. */
export function isToken(value: string): boolean {
  return isTokenRange(value, 0, value.length);
}
