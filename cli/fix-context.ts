// The context a fix needs, read off the report: what the request needs, what the server already
// allows (so a snippet keeps it), where the snippet goes, and whether authentication is in the way.
import { normalizeHeaderValue } from "../src/check/index.ts";
import type { FixContext } from "./fixes/index.ts";
import type { ReceivedResponse } from "./network.ts";
import type { Problem } from "./problems.ts";
import { looksLikeLogin } from "./redirects.ts";
import type { Exchanges } from "./report.ts";

// What most APIs need when the server's own list cannot be seen: the six methods fetch-cors allows by default.
const COMMON_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const NORMALISED = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/** The comma-separated items of a header value, or null when the header is absent. */
function listItems(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  return value.split(",").map((item) => normalizeHeaderValue(item)).filter((item) => item !== "");
}

function union(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}

/** `/api/items` → `/api/`, `/items` → `/items`, `/` → `/`: the prefix a location block names. */
export function pathPrefix(url: string): string {
  const segments = new URL(url).pathname.split("/").filter((segment) => segment !== "");
  if (segments.length === 0) return "/";
  return segments.length === 1 ? `/${segments[0]}` : `/${segments[0]}/`;
}

/** The response of the step where the root cause was found. */
export function failingResponse(report: Exchanges): ReceivedResponse | null {
  if (report.preflight.allowed === false) return report.preflight.response ?? null;
  for (const hop of report.actual.hops) {
    if (hop.preflight?.allowed === false) return hop.preflight.response ?? null;
    if (hop.problems.some((p) => p.severity === "error")) return hop.response ?? null;
  }
  return null;
}

/** A custom method written in lowercase by the page (`patch`), which servers expect in capitals. */
export function pageMethod(method: string): string | null {
  return method !== method.toUpperCase() && !NORMALISED.has(method.toUpperCase()) ? method.toUpperCase() : null;
}

/** True when authentication answered the preflight: a 401/403, or a redirect to a sign-in page. */
export function authAnswered(report: Exchanges): boolean {
  const response = report.preflight.response;
  if (response === null || response === undefined) return false;
  if (response.status === 401 || response.status === 403) return true;
  const location = response.headers.location;
  return location !== undefined && response.status >= 300 && response.status < 400 && looksLikeLogin(location);
}

/** The first request of the chain that failed, and its URL (a hop's own preflight when that failed). */
export function failedHop(report: Exchanges): { index: number; url: string } | null {
  const index = report.actual.hops.findIndex((hop) => hop.problems.some((p) => p.severity === "error"));
  const hop = report.actual.hops[index];
  if (hop === undefined) return null;
  return { index, url: hop.request?.url ?? hop.preflight?.request?.url ?? report.url };
}

/** The sign-in page a redirect before the failed request (or its own preflight) sent it to, if one did. */
export function signInLocation(report: Exchanges, index: number): string | null {
  const hops = report.actual.hops;
  const locations = [...hops.slice(0, index).map((hop) => hop.response?.headers.location), hops[index]?.preflight?.response?.headers.location];
  return locations.find((location): location is string => location !== undefined && looksLikeLogin(location)) ?? null;
}

/** True when a hop between two origins made the browser send Origin: null, which no API should allow. */
export function tainted(report: Exchanges): boolean {
  return report.actual.hops.some((hop) => hop.request?.headers.origin === "null");
}

export function fixContext(report: Exchanges, root: Problem): FixContext {
  const preflight = report.preflight.response;
  const methods = listItems(preflight?.headers["access-control-allow-methods"]);
  const headers = listItems(preflight?.headers["access-control-allow-headers"]);
  const page = pageMethod(report.method);
  const requestMethod = page ?? report.method;
  const needed = (report.preflight.request?.headers["access-control-request-headers"] ?? "")
    .split(",").filter((name) => name !== "" && !name.startsWith("access-control-"));
  const serverMethods = methods === null || methods.includes("*")
    ? COMMON_METHODS : methods.map((m) => (NORMALISED.has(m.toUpperCase()) ? m.toUpperCase() : m));
  const serverHeaders = headers === null ? ["content-type"] : headers.map((h) => h.toLowerCase());
  const failing = failingResponse(report);
  const credentials = report.credentials || preflight?.headers["access-control-allow-credentials"] === "true";
  // After a redirect the snippets go where the browser failed, and there are none when the redirect
  // itself is the fix (a sign-in page, or a hop that made the Origin null).
  const failed = failedHop(report);
  const redirected = failed !== null && failed.index > 0;
  return {
    code: root.code,
    origin: report.origin,
    methods: union(serverMethods, [requestMethod]),
    headers: union(serverHeaders, needed),
    credentials,
    path: pathPrefix(redirected ? failed.url : report.url),
    sentOrigin: failing?.headers["access-control-allow-origin"] ?? null,
    authFirst: authAnswered(report),
    pageMethod: root.code === "method-not-allowed" ? page : null,
    afterRedirect: redirected && (signInLocation(report, failed.index) !== null || tainted(report)),
  };
}
