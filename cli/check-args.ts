// `fetch-cors check <url> --origin …`: the request to replay, validated as fetch() would validate it.
import { isForbiddenMethod, needsPreflight, normalizeHeaderValue } from "../src/check/index.ts";

/** `fetch-cors check <url> --origin …`: what to send and how to report. */
export interface UrlCheck {
  readonly kind: "url";
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  /** Headers as the script would set them, in order (name as written, value normalized). */
  readonly headers: readonly (readonly [string, string])[];
  /** Names given without a value (`--header X-Api-Key`), sent with a placeholder value. */
  readonly bareHeaders: readonly string[];
  readonly credentials: boolean;
  readonly send: boolean;
  readonly json: boolean;
  readonly allFixes: boolean;
  /** Bounds the whole check, redirects and preflights included. */
  readonly timeoutMs: number;
}

export interface UrlCheckValues {
  readonly origin?: string | undefined;
  readonly method?: string | undefined;
  readonly header?: readonly string[] | undefined;
  readonly credentials?: boolean | undefined;
  readonly send?: boolean | undefined;
  readonly json?: boolean | undefined;
  readonly "all-fixes"?: boolean | undefined;
  readonly timeout?: string | undefined;
}

/** The value sent for a header named without one: enough to ask whether the server allows the name. */
export function placeholderValue(name: string): string {
  return name.toLowerCase() === "content-type" ? "application/json" : "1";
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

const ORIGIN_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s@]+$/i;

/** Null when `origin` is a serialized origin as browsers send it, else what is wrong. */
function originProblem(origin: string): string | null {
  if (origin === "null") return null;
  // `explain` prints this placeholder when the console message does not name the page's origin.
  if (origin.includes("YOUR-PAGE-ORIGIN")) return `--origin "${origin}" is a placeholder: write the origin of the page that made the request, e.g. https://app.example.com`;
  if (!ORIGIN_FORM.test(origin)) {
    const parsed = parseUrl(origin);
    const hint = parsed !== null && parsed.origin !== "null" ? ` (did you mean ${parsed.origin}?)` : "";
    return `--origin "${origin}" is not an origin: write scheme://host[:port] with no path, e.g. https://app.example.com${hint}`;
  }
  const parsed = parseUrl(origin);
  if (parsed === null) return `--origin "${origin}" is not a valid origin`;
  if ((parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.origin !== origin) {
    return `--origin "${origin}" is not how a browser writes it: use ${parsed.origin}`;
  }
  return null;
}

function parseHeader(raw: string): { header?: [string, string]; bare?: string; error?: string } {
  const colon = raw.indexOf(":");
  const name = (colon === -1 ? raw : raw.slice(0, colon)).trim();
  const value = colon === -1 ? placeholderValue(name) : normalizeHeaderValue(raw.slice(colon + 1));
  const check = needsPreflight({ headers: [[name, value]] });
  if (check.invalid.length > 0) return { error: `--header "${raw}": ${check.invalid.join("; ")} (fetch() would throw a TypeError)` };
  return colon === -1 ? { header: [name, value], bare: name } : { header: [name, value] };
}

function parseTimeout(raw: string | undefined): number | string {
  if (raw === undefined) return 10_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) return `--timeout "${raw}": give seconds between 0 and 600`;
  return Math.round(seconds * 1000);
}

/** The URL check, or what is wrong with it. */
export function parseUrlCheck(positionals: readonly string[], values: UrlCheckValues): UrlCheck | { readonly error: string } {
  if (positionals.length !== 1) return { error: positionals.length === 0 ? "missing <url> (or --policy <file>)" : `one URL at a time (got ${positionals.length})` };
  const url = positionals[0] as string;
  const target = parseUrl(url);
  if (target === null || (target.protocol !== "http:" && target.protocol !== "https:")) return { error: `"${url}" is not an http(s) URL` };
  if (target.username !== "" || target.password !== "") return { error: `"${url}" contains credentials: fetch() refuses URLs with a user name or password` };

  if (values.origin === undefined) return { error: "missing --origin <origin>: the origin of the page that calls the URL, e.g. --origin https://app.example.com" };
  const badOrigin = originProblem(values.origin);
  if (badOrigin !== null) return { error: badOrigin };

  const method = values.method ?? "GET";
  const methodCheck = needsPreflight({ method });
  if (methodCheck.invalid.length > 0) {
    const why = isForbiddenMethod(method) ? `${method} is a forbidden method: fetch() refuses to send it` : `"${method}" is not a valid method name`;
    return { error: `--method: ${why}` };
  }

  const headers: [string, string][] = [];
  const bareHeaders: string[] = [];
  for (const raw of values.header ?? []) {
    const result = parseHeader(raw);
    if (result.error !== undefined) return { error: result.error };
    if (result.header !== undefined) headers.push(result.header);
    if (result.bare !== undefined) bareHeaders.push(result.bare);
  }

  // Without a preflight, only the request itself shows the server's CORS headers, and it may change data.
  const need = needsPreflight({ method, headers });
  const sameOrigin = target.origin === values.origin;
  if (!need.preflight && need.method !== "GET" && need.method !== "HEAD" && values.send !== true && !sameOrigin) {
    return {
      error: `a ${need.method} with CORS-safelisted headers goes out without a preflight, so only sending it shows whether a browser lets the page read the response: pass --send (it may change data on the server), or check a GET to the same URL`,
    };
  }
  const timeoutMs = parseTimeout(values.timeout);
  if (typeof timeoutMs === "string") return { error: timeoutMs };
  return {
    kind: "url", url: target.href, origin: values.origin, method, headers, bareHeaders,
    credentials: values.credentials === true, send: values.send === true, json: values.json === true,
    allFixes: values["all-fixes"] === true, timeoutMs,
  };
}
