/**
 * The end-to-end floor: the example Worker's API handler with CORS written by hand for its one policy.
 * Like the micro-benchmarks' floor it does what SPEC requires and no more: the preflight's origin,
 * method and headers are checked, cross-origin protection (on, since the policy has credentials)
 * reads the `Upgrade` header and, for unsafe methods, `Sec-Fetch-Site`, and an actual response loses
 * any stale `Access-Control-*` header and gets `Vary: Origin` merged in.
 */
import { handleApi } from "../../examples/worker/api.ts";

const ALLOWED = new Set(["https://app.example.com"]);
const METHODS = new Set(["GET", "HEAD", "POST", "DELETE"]);
const HEADERS = new Set(["content-type", "authorization"]);
const PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
const STALE = ["access-control-allow-methods", "access-control-allow-headers", "access-control-max-age", "access-control-allow-private-network"];

function preflight(request: Request, origin: string, method: string): Response {
  const requested = (request.headers.get("access-control-request-headers") ?? "").split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
  const allowed = ALLOWED.has(origin) && METHODS.has(method) && requested.every((name) => HEADERS.has(name));
  const response = new Response(null, { status: allowed ? 204 : 403 });
  const headers = response.headers;
  if (allowed) {
    headers.append("access-control-allow-origin", origin);
    headers.append("access-control-allow-credentials", "true");
    headers.append("access-control-allow-methods", "DELETE");
    if (requested.length > 0) headers.append("access-control-allow-headers", "content-type, authorization");
    headers.append("access-control-max-age", "600");
  }
  headers.append("vary", PREFLIGHT_VARY);
  return response;
}

function refusedCrossOrigin(request: Request, origin: string | null): boolean {
  const headers = request.headers;
  if (headers.get("upgrade")?.toLowerCase().includes("websocket")) return origin !== null && origin !== "" && !ALLOWED.has(origin) && origin !== new URL(request.url).origin;
  const method = request.method;
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return false;
  if (site !== null) return origin === null || !ALLOWED.has(origin);
  return origin !== null && origin !== "" && !ALLOWED.has(origin) && origin !== new URL(request.url).origin;
}

async function fetch(request: Request): Promise<Response> {
  const origin = request.headers.get("origin");
  if (request.method === "OPTIONS" && origin !== null) {
    const method = request.headers.get("access-control-request-method");
    if (method !== null) return preflight(request, origin, method);
  }
  if (refusedCrossOrigin(request, origin)) {
    return new Response(null, { status: 403, headers: { "content-type": "text/plain; charset=utf-8", vary: "Origin, Sec-Fetch-Site" } });
  }
  const response = await handleApi(request);
  const headers = response.headers;
  if (origin !== null && ALLOWED.has(origin)) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-credentials", "true");
    headers.set("access-control-expose-headers", "x-request-id");
  } else {
    headers.delete("access-control-allow-origin");
    headers.delete("access-control-allow-credentials");
    headers.delete("access-control-expose-headers");
  }
  for (const name of STALE) headers.delete(name);
  const vary = headers.get("vary");
  if (vary === null || vary.trim() === "") headers.set("vary", "Origin");
  else if (!/(^|,)\s*(\*|origin)\s*(,|$)/i.test(vary)) headers.set("vary", `${vary}, Origin`);
  return response;
}

export default { fetch };
