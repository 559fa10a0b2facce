import { corsMiddleware, type PolicyInput, type WithCorsOptions } from "../src/index.ts";

/** The part of Bun's `Server` a handler most often needs; Bun's real `Server` fits it. */
export interface BunServerLike {
  upgrade(request: Request): boolean;
}

/**
 * `Bun.serve`'s `fetch(request, server)`. It may return `undefined` after `server.upgrade(request)`
 * has taken the request over for a WebSocket. `Server` is Bun's server type; left generic so the
 * published types need no Bun type definitions.
 */
export type BunFetch<Server = BunServerLike> = (
  this: Server,
  request: Request,
  server: Server,
) => Response | undefined | void | Promise<Response | undefined | void>;

/** A `fetch` (or a `routes` handler) that always answers with a Response. */
export type BunResponder<Server = BunServerLike> = (this: Server, request: Request, server: Server) => Response | Promise<Response>;

/**
 * Adds CORS to `Bun.serve`'s `fetch`. Preflights are answered without calling it, cross-origin
 * writes and WebSocket handshakes the policy refuses (`crossOriginProtection`) never reach it (so
 * never reach `server.upgrade()`), every other response gets the policy's CORS headers, and a thrown
 * error becomes a 500 that still carries them (the error goes to `options.onError`, default
 * `console.error`). `this` and `server` reach your fetch, and a policy source, as Bun gave them
 * (typed as {@link BunServerLike} unless you annotate `server`, e.g. as `Bun.Server<undefined>`).
 *
 * WebSockets: when your fetch upgrades a WebSocket handshake (`server.upgrade(request)`) and returns
 * `undefined`, `undefined` is passed on, as Bun requires. For any other request (one with another
 * `Upgrade`, or without `Sec-WebSocket-Key`, which no upgrade can take), `undefined` is a missing
 * response and is answered like a thrown error.
 *
 * `routes`: Bun sends a route's own methods to the route's handler, not to `fetch`. Wrap those
 * handlers too (`"/api/items": { GET: withCors(list, policy) }`); the preflights of method routes
 * (which have no `OPTIONS` entry) fall through to the wrapped `fetch`.
 *
 * @example
 * import { withCors } from "fetch-cors/bun";
 *
 * Bun.serve({
 *   port: 3000,
 *   fetch: withCors((request) => Response.json({ hello: "world" }), { origins: ["https://app.example.com"] }),
 * });
 */
// A fetch that always answers gets a wrapper that always answers: Bun's types require that of
// `fetch` without `websocket`, and of every `routes` handler.
export function withCors<Server = BunServerLike>(
  fetch: BunResponder<Server>,
  policy: PolicyInput<[server: Server]>,
  options?: WithCorsOptions,
): (this: Server, request: Request, server: Server) => Promise<Response>;
export function withCors<Server = BunServerLike>(
  fetch: BunFetch<Server>,
  policy: PolicyInput<[server: Server]>,
  options?: WithCorsOptions,
): (this: Server, request: Request, server: Server) => Promise<Response | undefined>;
export function withCors<Server>(
  fetch: BunFetch<Server>,
  policy: PolicyInput<[server: Server]>,
  options?: WithCorsOptions,
): (this: Server, request: Request, server: Server) => Promise<Response | undefined> {
  if (typeof fetch !== "function") throw new TypeError(`withCors expects a fetch function, got ${fetch === null ? "null" : typeof fetch}`);
  const cors = corsMiddleware<[Server]>(policy, options);
  return async function fetchWithCors(this: Server, request: Request, server: Server) {
    const self = this;
    let upgraded = false;
    const response = await cors(request, async () => {
      const answer = await fetch.call(self, request, server);
      if (answer !== undefined && answer !== null) return answer;
      // server.upgrade() only succeeds for a WebSocket handshake; for anything else (h2c, a request
      // without Sec-WebSocket-Key) no upgrade can have happened and the Response is missing.
      if (!isWebSocketHandshake(request)) {
        throw new TypeError("Bun fetch handler returned no Response for a request that is not a WebSocket handshake");
      }
      // Bun has already answered this request itself; what is returned here is thrown away.
      upgraded = true;
      return new Response(null);
    }, server);
    return upgraded ? undefined : response;
  };
}

/** A request Bun's `server.upgrade()` can take over (RFC 6455 §4.1): a GET for `websocket` with a key. */
function isWebSocketHandshake(request: Request): boolean {
  if (request.method !== "GET" || !request.headers.has("sec-websocket-key")) return false;
  const upgrade = request.headers.get("upgrade");
  return upgrade !== null && upgrade.split(",").some((token) => token.trim().toLowerCase() === "websocket");
}
