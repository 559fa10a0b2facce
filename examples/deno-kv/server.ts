// A multi-tenant API on Deno. Each tenant is a hostname, and the origins allowed to call it live in
// Deno KV under ["tenants", hostname], as `{ origins: [...] }` (seed.ts fills a store from
// ../tenants/tenants.json). Run it with the store's path:
//   deno run --unstable-kv --allow-net=127.0.0.1 --allow-read --allow-write examples/deno-kv/server.ts tenants.sqlite3
import { withCors } from "../../adapters/deno.ts";
import { cachedPolicies } from "../../src/index.ts";
import { tenantOptions } from "../tenants/tenant-policy.ts";

/** The key under which a tenant's record is kept. */
export const tenantKey = (host: string): readonly string[] => ["tenants", host];

/** The handler for `Deno.serve`; `now` is the cache's clock (tests move it on, production keeps `Date.now`). */
export function tenantsHandler(kv: Deno.Kv, { now }: { now?: () => number } = {}) {
  const tenants = cachedPolicies({
    key: (request) => new URL(request.url).hostname,
    // A read that fails answers 503 for a tenant not yet cached, and keeps a cached tenant on its
    // last good policy.
    load: async (host) => tenantOptions((await kv.get(tenantKey(host))).value),
    ttl: 60,
    maxEntries: 1000,
    ...(now === undefined ? {} : { now }),
  });
  return withCors(
    (request, info) => Response.json({ tenant: new URL(request.url).hostname, client: info.remoteAddr.hostname }),
    tenants,
    { onError: (error, request) => console.error(`cors ${new URL(request.url).hostname}: ${error instanceof Error ? error.message : String(error)}`) },
  );
}

if (import.meta.main) {
  const kv = await Deno.openKv(Deno.args[0] ?? "tenants.sqlite3");
  Deno.serve({ hostname: "127.0.0.1", port: 8000 }, tenantsHandler(kv));
}
