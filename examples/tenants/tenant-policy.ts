import type { CorsOptions } from "../../src/index.ts";

/** What a tenant's record in the store holds: the origins its pages are served from. */
export interface TenantRecord {
  readonly origins: readonly string[];
}

/**
 * The CORS options of a tenant, from its record in the store; `null` (no record: an unknown
 * tenant) stays `null`, which `cachedPolicies` answers with no CORS at all. Only the origins come
 * from the store; the rest is the API's own. `corsPolicy()` checks the record like any config, so a
 * bad value in the store (`"*"` with credentials, a malformed origin, no origins) is refused rather
 * than trusted.
 */
export function tenantOptions(record: unknown): CorsOptions | null {
  if (record === null) return null;
  return {
    origins: (record as { origins?: CorsOptions["origins"] }).origins as CorsOptions["origins"],
    methods: ["PUT", "DELETE"],
    requestHeaders: ["content-type", "authorization"],
    credentials: true,
    maxAge: 600,
  };
}
