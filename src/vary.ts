/**
 * Adds `Origin` to the response's `Vary`, merged through Headers (never by object keys, so a later
 * `Vary` cannot drop it): no duplicate, any case, and `Vary: *` left alone since it already covers
 * every request header. Added rather than set, because an outer layer may have set `Vary` already.
 */
export function mergeVaryOrigin(headers: Headers): void {
  const vary = headers.get("vary");
  if (vary === null || vary.trim() === "") {
    headers.set("vary", "Origin");
    return;
  }
  if (!coversOrigin(vary)) headers.set("vary", `${vary}, Origin`);
}

/** True when a `Vary` value lists `*` or `Origin` (case-insensitive), scanned without a regex. */
function coversOrigin(vary: string): boolean {
  let start = 0;
  while (start <= vary.length) {
    let end = vary.indexOf(",", start);
    if (end < 0) end = vary.length;
    let from = start;
    let to = end;
    while (from < to && (vary.charCodeAt(from) === 32 || vary.charCodeAt(from) === 9)) from++;
    while (to > from && (vary.charCodeAt(to - 1) === 32 || vary.charCodeAt(to - 1) === 9)) to--;
    const length = to - from;
    if (length === 1 && vary.charCodeAt(from) === 42 /* * */) return true;
    if (length === 6 && vary.slice(from, to).toLowerCase() === "origin") return true;
    start = end + 1;
  }
  return false;
}
