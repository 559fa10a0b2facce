import { corsPolicy, type CorsPolicy } from "../../src/index.ts";

/**
 * The one policy every runtime serves the probes with. Each runtime reads the origins from its own
 * environment (`ALLOWED_ORIGINS`: Worker bindings, Deno.env, Bun.env), as a deployed app would.
 */
export const ALLOWED_ORIGIN = "https://app.example.com";
export const OTHER_ALLOWED_ORIGIN = "http://localhost:5173";
export const REJECTED_ORIGIN = "https://evil.example.net";
export const ALLOWED_ORIGINS = `${ALLOWED_ORIGIN}, ${OTHER_ALLOWED_ORIGIN}`;

/** What the upstream (a loopback server run by the test) answers, for the fetch() probe. */
export const UPSTREAM_BODY = '{"from":"upstream"}';
export const UPSTREAM_STALE_ORIGIN = "https://stale.example.org";

/** The secret a failing route throws; it must never reach a client. */
export const SECRET = "db password hunter2";

export function probePolicy(allowedOrigins: string | undefined): CorsPolicy {
  if (allowedOrigins === undefined) throw new Error("ALLOWED_ORIGINS is not set");
  return corsPolicy({
    origins: allowedOrigins.split(",").map((origin) => origin.trim()),
    methods: ["PUT", "DELETE"],
    requestHeaders: ["content-type", "authorization"],
    exposeHeaders: ["x-request-id"],
    credentials: true,
    maxAge: 600,
  });
}
