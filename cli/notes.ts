// Notes of a check report: what a browser does with the request that the user may not expect.
import type { PreflightNeed } from "../src/check/index.ts";
import type { UrlCheck } from "./check-args.ts";

export function requestNotes(cmd: UrlCheck, need: PreflightNeed): string[] {
  const notes: string[] = [];
  if (need.method !== cmd.method) notes.push(`fetch() sends the method ${cmd.method} as ${need.method}.`);
  else if (need.method !== need.method.toUpperCase()) {
    notes.push(`fetch() sends the method ${need.method} exactly as written (it uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT), and servers usually expect ${need.method.toUpperCase()}.`);
  }
  for (const name of need.dropped) {
    if (name === "cookie") {
      notes.push(cmd.credentials
        ? "cookie is sent with the actual request only, and only to the URL's host, as a browser sends cookies with credentials: \"include\"."
        : "cookie is dropped: browsers send cookies only with credentials: \"include\" (add --credentials).");
    } else {
      notes.push(`${name} is dropped: it is a forbidden request header that scripts cannot set.`);
    }
  }
  for (const name of need.unsafeHeaders) {
    if (name.startsWith("access-control-")) notes.push(`${name} is a response header: the request should not carry it, and there it only makes the browser send a preflight.`);
  }
  for (const name of cmd.bareHeaders) {
    const lower = name.toLowerCase();
    if (!need.unsafeHeaders.includes(lower) && !need.dropped.includes(lower)) {
      notes.push(`${lower} was given without a value; with the placeholder value it is CORS-safelisted, so a browser does not name it in a preflight. Give a value (--header "${name}: …") to check a specific one.`);
    }
  }
  return notes;
}
