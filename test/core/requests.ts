/** Request builders shared by the core tests. */
export const API = "https://api.example.com/items";

export function preflightRequest(origin: string | null, method: string | null, extra: Record<string, string> = {}): Request {
  const headers = new Headers(extra);
  if (origin !== null) headers.set("origin", origin);
  if (method !== null) headers.set("access-control-request-method", method);
  return new Request(API, { method: "OPTIONS", headers });
}

export function actualRequest(origin: string | null, method = "GET", extra: Record<string, string> = {}): Request {
  const headers = new Headers(extra);
  if (origin !== null) headers.set("origin", origin);
  return new Request(API, { method, headers });
}

/** The response's Access-Control-* headers (and Vary), as a plain object for exact comparisons. */
export function corsHeaders(response: Response): Record<string, string> {
  const result: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name.startsWith("access-control-") || name === "vary") result[name] = value;
  });
  return result;
}

/** The Vary of every preflight answer (privateNetwork off: the PNA request header is never read). */
export const PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

/** The Vary of every preflight answer with privateNetwork on. */
export const PNA_PREFLIGHT_VARY = `${PREFLIGHT_VARY}, Access-Control-Request-Private-Network`;

/**
 * How a preflight was answered: "allowed"; "refused" (an allowed origin told what it may not do:
 * 2xx with the allowed lists and CORS-Rejected); or "forbidden" (a bare 403).
 */
export function outcome(response: Response | null): "allowed" | "refused" | "forbidden" | "not a preflight" {
  if (response === null) return "not a preflight";
  if (response.status === 403) return "forbidden";
  return response.headers.has("cors-rejected") ? "refused" : "allowed";
}
