import { withCors as withCorsCore, type PolicyInput, type WithCorsOptions } from "../src/index.ts";

/**
 * What `Deno.serve` passes as the handler's second argument (`Deno.ServeHandlerInfo`). Declared
 * here so the published types need no Deno type definitions; the real one fits it.
 */
export interface ServeHandlerInfoLike {
  readonly remoteAddr: { readonly hostname: string; readonly port: number; readonly transport: string };
  readonly completed: Promise<void>;
}

/** A `Deno.serve` handler. */
export type DenoHandler<Info = ServeHandlerInfoLike> = (request: Request, info: Info) => Response | Promise<Response>;

/**
 * Adds CORS to a `Deno.serve` handler. Preflights are answered without calling it, cross-origin
 * writes and WebSocket handshakes the policy refuses (`crossOriginProtection`) never reach it (so
 * never reach `Deno.upgradeWebSocket`), every other response gets the policy's CORS headers (a
 * `Deno.upgradeWebSocket` 101 passes untouched), and a thrown error becomes a 500 that still carries
 * them (the error goes to `options.onError`, default `console.error`). The `info` argument reaches
 * your handler, and a policy source, as given.
 *
 * @example
 * import { withCors } from "fetch-cors/deno";
 *
 * Deno.serve(
 *   { port: 8000 },
 *   withCors((request, info) => Response.json({ from: info.remoteAddr.hostname }), { origins: ["https://app.example.com"] }),
 * );
 */
export function withCors<Info = ServeHandlerInfoLike>(
  handler: DenoHandler<Info>,
  policy: PolicyInput<[info: Info]>,
  options?: WithCorsOptions,
): (request: Request, info: Info) => Promise<Response> {
  return withCorsCore(handler, policy, options);
}
