// What a browser does with a cross-origin request before sending it: normalize the method,
// drop forbidden headers, and decide on a CORS preflight (https://fetch.spec.whatwg.org/#main-fetch).
import {
  invalidValueReason, isForbiddenRequestHeader, normalizeHeaderValue, notSafelistedReason,
} from "./headers.ts";
import { isForbiddenMethod, isSafelistedMethod, normalizeMethod } from "../fetch/names.ts";
import { isToken } from "../fetch/tokens.ts";

/** Request headers as `fetch()` accepts them. */
export type HeaderInput = Headers | readonly (readonly [string, string])[] | Readonly<Record<string, string>>;

/** A request as a script would pass it to `fetch()`. */
export interface RequestInput {
  /** Default `GET`. */
  readonly method?: string | undefined;
  readonly headers?: HeaderInput | undefined;
}

/** Options of {@link needsPreflight}. */
export interface NeedsPreflightOptions {
  /** The request's use-CORS-preflight flag (e.g. an `XMLHttpRequest` with upload listeners). Default `false`. */
  readonly useCorsPreflight?: boolean | undefined;
}

/** What a browser would do with a request before sending it cross-origin. */
export interface PreflightNeed {
  /** The method as `fetch()` sends it: DELETE, GET, HEAD, OPTIONS, POST and PUT are uppercased, others kept as written. */
  readonly method: string;
  /** True when the browser sends a CORS preflight first. */
  readonly preflight: boolean;
  /** Why a preflight is needed, one short phrase each (empty when none is). */
  readonly reasons: readonly string[];
  /** CORS-unsafe request-header names: lowercase, sorted, without duplicates. */
  readonly unsafeHeaders: readonly string[];
  /** The exact `Access-Control-Request-Headers` value of the preflight, or null when the browser omits it. */
  readonly accessControlRequestHeaders: string | null;
  /**
   * The script's headers as the browser sends them, forbidden ones removed (lowercase names, repeated
   * names joined with ", "). The browser adds its own too, e.g. a default Accept when the script sets none.
   */
  readonly headers: readonly (readonly [string, string])[];
  /** Forbidden request headers (`cookie`, `host`, `sec-*`…) that `fetch()` silently drops. */
  readonly dropped: readonly string[];
  /** Why `fetch()` would throw a TypeError instead of sending anything (empty when it would send). */
  readonly invalid: readonly string[];
}

const DEFAULT_ACCEPT = "*/*";
function headerEntries(headers: HeaderInput | undefined): [string, string][] {
  if (headers === undefined || headers === null) return [];
  if (Array.isArray(headers)) return headers.map((entry) => [String(entry[0]), String(entry[1])]);
  if (typeof Headers !== "undefined" && headers instanceof Headers) return [...headers];
  return Object.entries(headers as Record<string, string>).map(([name, value]) => [name, String(value)]);
}

/**
 * Whether a browser sends a CORS preflight before this cross-origin request, and the exact
 * `Access-Control-Request-Headers` it would send (lowercase, sorted, CORS-unsafe names only,
 * separated by `,` without spaces). Never throws: input `fetch()` would reject is listed in `invalid`.
 *
 * @example
 * needsPreflight({ method: "POST", headers: [["Content-Type", "application/json"]] });
 * // → { preflight: true, accessControlRequestHeaders: "content-type", method: "POST", … }
 */
export function needsPreflight(request: RequestInput, options: NeedsPreflightOptions = {}): PreflightNeed {
  const invalid: string[] = [];
  const rawMethod = typeof request.method === "string" ? request.method : "GET";
  let method = rawMethod;
  if (!isToken(rawMethod)) invalid.push(`method "${rawMethod}" is not a valid HTTP token`);
  else if (isForbiddenMethod(rawMethod)) invalid.push(`method ${rawMethod} is forbidden: scripts cannot send it`);
  else method = normalizeMethod(rawMethod);

  const kept: [string, string][] = [];
  const dropped = new Set<string>();
  let entries: [string, string][] = [];
  try {
    entries = headerEntries(request.headers);
  } catch {
    invalid.push("headers cannot be read");
  }
  for (const [name, rawValue] of entries) {
    const value = normalizeHeaderValue(rawValue);
    const badValue = invalidValueReason(value);
    if (!isToken(name)) invalid.push(`header name "${name}" is not a valid HTTP token`);
    else if (badValue !== null) invalid.push(`the value of ${name.toLowerCase()} ${badValue}`);
    else if (isForbiddenRequestHeader(name, value)) dropped.add(name.toLowerCase());
    else kept.push([name.toLowerCase(), value]);
  }

  // https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names, one header list entry at a
  // time: a name appended twice is two entries (a `Headers` object has already joined them).
  const reasons = new Set<string>();
  const unsafe = new Set<string>();
  const potentiallyUnsafe: string[] = [];
  let safelistValueSize = 0;
  for (const [name, value] of kept) {
    const reason = notSafelistedReason(name, value);
    if (reason === null) {
      potentiallyUnsafe.push(name);
      safelistValueSize += value.length;
    } else {
      unsafe.add(name);
      reasons.add(reason);
    }
  }
  // fetch() appends `Accept: */*` when the script sets no Accept, before deciding on a preflight
  // (https://fetch.spec.whatwg.org/#concept-fetch), so that header counts toward the limit too.
  const defaultAccept = !kept.some(([name]) => name === "accept");
  if (defaultAccept) {
    potentiallyUnsafe.push("accept");
    safelistValueSize += DEFAULT_ACCEPT.length;
  }
  if (safelistValueSize > 1024) {
    for (const name of potentiallyUnsafe) unsafe.add(name);
    const added = defaultAccept ? `, with the Accept: ${DEFAULT_ACCEPT} that fetch() adds` : "";
    reasons.add(`the safelisted headers' values add up to ${safelistValueSize} bytes${added} (more than 1024)`);
  }
  const unsafeHeaders = [...unsafe].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const why = [...reasons];

  if (!isSafelistedMethod(method)) why.unshift(`method ${method} is not CORS-safelisted (only GET, HEAD and POST are)`);
  if (options.useCorsPreflight === true) why.push("the request's use-CORS-preflight flag is set");

  const combined = new Map<string, string>();
  for (const [name, value] of kept) {
    const previous = combined.get(name);
    combined.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return {
    method,
    preflight: why.length > 0,
    reasons: why,
    unsafeHeaders,
    // Joined with "," and no space: browsers never used ", " here (Fetch Standard, CORS-preflight fetch step 5).
    accessControlRequestHeaders: unsafeHeaders.length > 0 ? unsafeHeaders.join(",") : null,
    headers: [...combined],
    dropped: [...dropped].sort(),
    invalid,
  };
}
