/**
 * The end-to-end floor: the example Worker's API handler with CORS written by hand for the one
 * origin the benchmark sends, no parsing and no checks. It shows what any CORS answer costs in
 * workerd (headers set and sent), apart from what fetch-cors decides.
 */
import { handleApi } from "../../examples/worker/api.ts";

const ALLOWED = new Set(["https://app.example.com"]);
const PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";

async function fetch(request: Request): Promise<Response> {
  const origin = request.headers.get("origin");
  const allowed = origin !== null && ALLOWED.has(origin);
  if (request.method === "OPTIONS" && origin !== null && request.headers.has("access-control-request-method")) {
    const response = new Response(null, { status: allowed ? 204 : 403 });
    const headers = response.headers;
    if (allowed) {
      headers.append("access-control-allow-origin", origin);
      headers.append("access-control-allow-credentials", "true");
      headers.append("access-control-allow-methods", "DELETE");
      headers.append("access-control-allow-headers", "content-type, authorization");
      headers.append("access-control-max-age", "600");
    }
    headers.append("vary", PREFLIGHT_VARY);
    return response;
  }
  const response = await handleApi(request);
  const headers = response.headers;
  if (allowed) {
    headers.append("access-control-allow-origin", origin);
    headers.append("access-control-allow-credentials", "true");
    headers.append("access-control-expose-headers", "x-request-id");
  }
  headers.append("vary", "Origin");
  return response;
}

export default { fetch };
