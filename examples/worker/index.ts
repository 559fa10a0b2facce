import { corsPolicy } from "../../src/index.ts";
import { withCors } from "../../adapters/cloudflare.ts";
import { handleApi } from "./api.ts";

export interface Env {
  /** Origins allowed to call the API, separated by commas or spaces (`[vars]` in wrangler.toml). */
  ALLOWED_ORIGINS?: string;
  /** "true" explains rejected preflights in a CORS-Rejected header; leave it off in production. */
  CORS_DEBUG?: string;
}

// Runs once per env (that is, once per isolate), not once per request.
function policyFor(env: Env) {
  if (!env.ALLOWED_ORIGINS) throw new Error("ALLOWED_ORIGINS is not set: add it to [vars] in wrangler.toml");
  return corsPolicy({
    origins: env.ALLOWED_ORIGINS.split(/[\s,]+/).filter(Boolean),
    methods: ["DELETE"],
    requestHeaders: ["content-type", "authorization"],
    exposeHeaders: ["x-request-id"],
    credentials: true,
    maxAge: 600,
    debug: env.CORS_DEBUG === "true",
  });
}

export default withCors({ fetch: handleApi }, policyFor);
