import type { CorsOptions } from "../../src/index.ts";
import { withCors } from "../../adapters/cloudflare.ts";
import { handleApi } from "./api.ts";
import { withDemoRoutes } from "./demo-routes.ts";

export interface Env {
  /** Origins allowed to call the API, separated by commas or spaces (`[vars]` in wrangler.toml). */
  ALLOWED_ORIGINS?: string;
  /** "true" explains refusals in a CORS-Rejected header and body; leave it off in production. */
  CORS_DEBUG?: string;
}

/** The API's CORS options, read from `[vars]`. The adapter compiles them once per env (once per isolate). */
export function corsOptions(env: Env): CorsOptions {
  if (!env.ALLOWED_ORIGINS) throw new Error("ALLOWED_ORIGINS is not set: add it to [vars] in wrangler.toml");
  return {
    origins: env.ALLOWED_ORIGINS.split(/[\s,]+/).filter(Boolean),
    methods: ["DELETE"],
    requestHeaders: ["content-type", "authorization"],
    exposeHeaders: ["x-request-id"],
    credentials: true,
    // On by default with credentials; written out because it is what stops a page on another
    // origin from adding or deleting notes with a form post or a no-cors fetch: the browser sends
    // those without a preflight, cookies included, and CORS only hides the answer.
    crossOriginProtection: true,
    maxAge: 600,
    debug: env.CORS_DEBUG === "true",
  };
}

/** The example itself: the notes API behind fetch-cors. */
export const notesApi = withCors({ fetch: handleApi }, corsOptions);

// What `npm start` runs: the example, plus what the demo page's server reads back (demo-routes.ts).
export default withDemoRoutes(notesApi, corsOptions);
