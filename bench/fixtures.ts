/**
 * The one policy every contestant is configured with, and the requests each scenario sends.
 * Requests are built once, before any timing, and reused: no contestant reads a body.
 */

export const ORIGIN_ALLOWED = "https://app.example.com";
export const ORIGIN_UNKNOWN = "https://attacker.example.net";
export const OWN_ORIGIN = "https://api.example.com";
export const URL_API = "https://api.example.com/api/items";
export const URL_REDIRECT = "https://api.example.com/api/moved";
export const URL_EMPTY = "https://api.example.com/api/empty";
export const PATH_API = "/api/items";
export const PATH_REDIRECT = "/api/moved";
export const PATH_EMPTY = "/api/empty";
export const REDIRECT_TARGET = "https://api.example.com/api/items";

const EXACT_ORIGINS = ["https://app.example.com", "https://admin.example.com", "https://example.org"];
const PATTERN_SCHEME = "https://";
const PATTERN_SUFFIX = ".preview.example.com";

/** Methods allowed beyond the safelisted ones. */
export const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/** Twenty request headers, lowercase and sorted as a browser names them in a preflight. */
export const REQUEST_HEADERS = [
  "accept-version", "authorization", "baggage", "content-type", "if-match",
  "sentry-trace", "traceparent", "tracestate", "x-api-key", "x-client-id",
  "x-client-version", "x-correlation-id", "x-csrf-token", "x-device-id", "x-feature-flags",
  "x-idempotency-key", "x-locale", "x-request-id", "x-session-id", "x-tenant-id",
];

export const EXPOSE_HEADERS = ["x-request-id"];
export const MAX_AGE = 7200;

/**
 * Options for `corsPolicy`: three exact origins and one subdomain pattern, with credentials (so
 * cross-origin protection is on, its default with credentials).
 */
export const CORE_OPTIONS = {
  origins: [...EXACT_ORIGINS, `${PATTERN_SCHEME}*${PATTERN_SUFFIX}`],
  methods: METHODS,
  requestHeaders: REQUEST_HEADERS,
  exposeHeaders: EXPOSE_HEADERS,
  credentials: true,
  maxAge: MAX_AGE,
} as const;

/** The same policy with cross-origin protection turned off, to measure what protection costs. */
export const UNGUARDED_OPTIONS = { ...CORE_OPTIONS, crossOriginProtection: false } as const;

const exactOrigins = new Set(EXACT_ORIGINS);

/**
 * The same origin rule written by hand, for libraries that take a predicate (hono/cors, itty-router)
 * and for the floor: one Set lookup, then the pattern's scheme and suffix, and only when those match,
 * a check that what the wildcard stands for is one or more well-formed DNS labels (a malformed
 * Origin must never match a pattern).
 */
export function originAllowed(origin: string): boolean {
  if (exactOrigins.has(origin)) return true;
  const end = origin.length - PATTERN_SUFFIX.length;
  if (end <= PATTERN_SCHEME.length || !origin.endsWith(PATTERN_SUFFIX) || !origin.startsWith(PATTERN_SCHEME)) return false;
  return isLabels(origin, PATTERN_SCHEME.length, end);
}

/** `value[start, end)` is dot-separated non-empty labels of lowercase letters, digits, `-` and `_`. */
function isLabels(value: string, start: number, end: number): boolean {
  let labelStart = start;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) {
      if (i === labelStart) return false;
      labelStart = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) {
      return false;
    }
  }
  return labelStart < end;
}

function preflightRequest(origin: string, requestHeaders: string | undefined): Request {
  const headers: Record<string, string> = { origin, "access-control-request-method": "PUT" };
  if (requestHeaders !== undefined) headers["access-control-request-headers"] = requestHeaders;
  return new Request(URL_API, { method: "OPTIONS", headers });
}

/** The preflight a disallowed origin sends: the reference the refused cross-origin POST is held to. */
export const rejectedPreflightRequest = (): Request => preflightRequest(ORIGIN_UNKNOWN, "content-type");

/** A header the policy does not list, asked for beside one it does. */
export const UNLISTED_HEADER = "x-unlisted";

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/** What the app returns for an actual request: a fresh, mutable response. */
export function okHandler(): Response {
  return new Response("ok");
}

/**
 * A response without a body. On Node 20, `new Response("ok")` builds a ReadableStream, which costs
 * 6 to 25 µs depending on the garbage collector's state: it would hide what CORS adds.
 */
export function emptyHandler(): Response {
  return new Response(null);
}

/**
 * A response whose headers are immutable (Fetch's "immutable" guard), as every `fetch()` response
 * is: what a proxying Worker hands back. `Response.redirect` is the one way to make one without a
 * network round trip.
 */
export function redirectHandler(): Response {
  return Response.redirect(REDIRECT_TARGET, 302);
}

export interface Scenario {
  readonly id: string;
  readonly label: string;
  /**
   * What the synchronous core does with the request: answer a preflight, decorate the handler's
   * response, or (`guarded`) run the cross-origin guard first and decorate what gets through.
   */
  readonly kind: "preflight" | "actual" | "guarded";
  /** Builds the request; called once per benchmark, outside the timed loop. */
  readonly request: () => Request;
  readonly handler: () => Response;
  /** Hostile inputs are measured for fetch-cors only (the floor and the others never parse the header). */
  readonly hostile?: boolean;
  /** Only the runtime's own operations (contestants/runtime.ts), for reference. */
  readonly runtimeOnly?: boolean;
}

const HOSTILE_AT_LIMIT = ",".repeat(4096 - "content-type".length) + "content-type";

export const scenarios: readonly Scenario[] = [
  {
    id: "preflight-allowed",
    label: "allowed preflight",
    kind: "preflight",
    request: () => preflightRequest(ORIGIN_ALLOWED, "content-type"),
    handler: okHandler,
  },
  {
    id: "preflight-rejected",
    label: "rejected preflight",
    kind: "preflight",
    request: () => preflightRequest(ORIGIN_UNKNOWN, "content-type"),
    handler: okHandler,
  },
  {
    id: "preflight-refused",
    label: "informative refusal (allowed origin, unlisted header)",
    kind: "preflight",
    request: () => preflightRequest(ORIGIN_ALLOWED, `content-type,${UNLISTED_HEADER}`),
    handler: okHandler,
  },
  {
    id: "preflight-20-headers",
    label: "preflight, 20 headers",
    kind: "preflight",
    request: () => preflightRequest(ORIGIN_ALLOWED, REQUEST_HEADERS.join(",")),
    handler: okHandler,
  },
  {
    id: "actual-allowed",
    label: "GET, allowed origin",
    kind: "actual",
    request: () => new Request(URL_API, { headers: { origin: ORIGIN_ALLOWED } }),
    handler: okHandler,
  },
  {
    id: "actual-empty",
    label: "GET, allowed origin, empty body",
    kind: "actual",
    request: () => new Request(URL_EMPTY, { headers: { origin: ORIGIN_ALLOWED } }),
    handler: emptyHandler,
  },
  {
    id: "actual-immutable",
    label: "GET, immutable response",
    kind: "actual",
    request: () => new Request(URL_REDIRECT, { headers: { origin: ORIGIN_ALLOWED } }),
    handler: redirectHandler,
  },
  {
    id: "non-cors",
    label: "GET without Origin, empty body",
    kind: "actual",
    request: () => new Request(URL_EMPTY),
    handler: emptyHandler,
  },
  {
    id: "same-origin-post",
    label: "same-origin POST (Sec-Fetch-Site), empty body",
    kind: "guarded",
    request: () => new Request(URL_EMPTY, { method: "POST", headers: { origin: OWN_ORIGIN, "sec-fetch-site": "same-origin" } }),
    handler: emptyHandler,
  },
  {
    id: "refused-post",
    label: "cross-origin POST refused (§6)",
    kind: "guarded",
    request: () => new Request(URL_EMPTY, {
      method: "POST",
      headers: { origin: ORIGIN_UNKNOWN, "sec-fetch-site": "cross-site", "content-type": "application/x-www-form-urlencoded" },
    }),
    handler: emptyHandler,
  },
  {
    id: "runtime",
    label: "the runtime's own operations",
    kind: "actual",
    runtimeOnly: true,
    request: () => new Request(URL_API),
    handler: emptyHandler,
  },
  {
    id: "hostile-1kb",
    label: "ACRH 1 KB, 256 names",
    kind: "preflight",
    hostile: true,
    request: () => preflightRequest(ORIGIN_ALLOWED, repeatTo("x-a,", 1024)),
    handler: okHandler,
  },
  {
    id: "hostile-4kb-commas",
    label: "ACRH 4 KB of commas, the longest parsed",
    kind: "preflight",
    hostile: true,
    request: () => preflightRequest(ORIGIN_ALLOWED, HOSTILE_AT_LIMIT),
    handler: okHandler,
  },
  {
    id: "hostile-100kb",
    label: "ACRH 100 KB",
    kind: "preflight",
    hostile: true,
    request: () => preflightRequest(ORIGIN_ALLOWED, repeatTo("x-a,", 100 * 1024)),
    handler: okHandler,
  },
  {
    id: "hostile-10k-commas",
    label: "ACRH 10,000 commas",
    kind: "preflight",
    hostile: true,
    request: () => preflightRequest(ORIGIN_ALLOWED, ",".repeat(10_000)),
    handler: okHandler,
  },
];
