// A multi-tenant API on Cloudflare Workers. Each tenant is a hostname (a.localhost, b.localhost in
// development), and the origins allowed to call it live in Workers KV under that hostname, as JSON
// `{ "origins": [...] }` (binding TENANTS in wrangler.toml; `node examples/tenants/seed.mjs` fills
// the local namespace from tenants.json). `/status` is open to every site.
import { withCors } from "../../adapters/cloudflare.ts";
import { cachedPolicies, corsRoutes } from "../../src/index.ts";
import { tenantOptions } from "./tenant-policy.ts";

/** The part of a KV namespace this Worker reads; the real `KVNamespace` fits it. */
export interface TenantStore {
  get(key: string, type: "json"): Promise<unknown>;
}

export interface Env {
  readonly TENANTS: TenantStore;
}

async function handle(request: Request): Promise<Response> {
  const { hostname, pathname } = new URL(request.url);
  if (pathname === "/status") return Response.json({ ok: true });
  return Response.json({ tenant: hostname, path: pathname });
}

/** The Worker; `now` is the cache's clock (tests move it on, production keeps `Date.now`). */
export function tenantsWorker({ now }: { now?: () => number } = {}) {
  const tenants = cachedPolicies({
    key: (request) => new URL(request.url).hostname,
    // A KV read that fails (an outage, a malformed value) answers 503 for a tenant not yet cached,
    // and keeps a cached tenant on its last good policy.
    load: async (host, env: Env) => tenantOptions(await env.TENANTS.get(host, "json")),
    ttl: 60,
    maxEntries: 1000,
    ...(now === undefined ? {} : { now }),
  });
  const routes = corsRoutes([
    ["/status", { origins: "*" }],
    ["/*", tenants],
  ]);
  return withCors({ fetch: handle }, routes, {
    onError: (error, request) => console.error(`cors ${new URL(request.url).hostname}: ${error instanceof Error ? error.message : String(error)}`),
  });
}

export default tenantsWorker();
