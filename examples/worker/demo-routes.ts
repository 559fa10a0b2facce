import type { CorsOptions } from "../../src/index.ts";

/** The request headers that decide CORS and cross-origin protection, as the Worker received them. */
const SENT = ["origin", "sec-fetch-site", "sec-fetch-mode", "access-control-request-method", "access-control-request-headers"];

/** One request of a demo call and its answer, reduced to the headers that decided it. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly sent: Readonly<Record<string, string>>;
  readonly received: Readonly<Record<string, string>>;
}

/** Calls remembered at most: enough for a few runs of the demo page, bounded in memory. */
const MAX_CALLS = 100;
const exchanges = new Map<string, Exchange[]>();

interface FetchHandler<Env, Ctx> {
  fetch(request: Request, env: Env, ctx: Ctx): Promise<Response>;
}

/**
 * For the demo page (examples/demo), which cannot see what its calls received: a script is never
 * shown a preflight, nor the Access-Control-* headers of an answer, and a form post's answer is
 * another origin's document. A request whose URL carries `?demo-call=<id>` is remembered with the
 * headers that decided it (the answer as fetch-cors gave it), and `GET /demo/exchanges?call=<id>`
 * gives them back; `GET /demo/policy` gives the CORS options in use. Both routes answer without
 * CORS headers: the demo page's own server reads them, not a page.
 */
export function withDemoRoutes<Env, Ctx>(api: FetchHandler<Env, Ctx>, options: (env: Env) => CorsOptions): FetchHandler<Env, Ctx> {
  return {
    async fetch(request, env, ctx) {
      // Every other request goes straight to the API, without parsing its URL again.
      if (!request.url.includes("demo-call=") && !request.url.includes("/demo/")) return api.fetch(request, env, ctx);
      const url = new URL(request.url);
      if (url.pathname === "/demo/policy") return policyOf(options, env);
      if (url.pathname === "/demo/exchanges") return Response.json(exchanges.get(url.searchParams.get("call") ?? "") ?? []);
      const response = await api.fetch(request, env, ctx);
      const call = url.searchParams.get("demo-call");
      if (call !== null) remember(call, { method: request.method, path: url.pathname, status: response.status, sent: pick(request.headers, SENT), received: corsHeaders(response.headers) });
      return response;
    },
  };
}

function policyOf<Env>(options: (env: Env) => CorsOptions, env: Env): Response {
  try {
    return Response.json(options(env));
  } catch (error) {
    // The API answers 500 then too (bad [vars]); the demo page says why.
    return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 500 });
  }
}

function remember(call: string, exchange: Exchange): void {
  const list = exchanges.get(call);
  if (list !== undefined) {
    list.push(exchange);
    return;
  }
  if (exchanges.size >= MAX_CALLS) exchanges.delete(exchanges.keys().next().value ?? "");
  exchanges.set(call, [exchange]);
}

function pick(headers: Headers, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}

/** Every Access-Control-* header of the answer, its Vary, and fetch-cors's CORS-Rejected reason. */
function corsHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith("access-control-") || name === "vary" || name === "cors-rejected") picked[name] = value;
  });
  return picked;
}
