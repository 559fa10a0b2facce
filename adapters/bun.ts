import { withCors as wrapHandler, type CorsPolicy, type WithCorsOptions } from "../src/index.ts";

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
 * Adds CORS to `Bun.serve`'s `fetch`. Preflights are answered without calling it, every other
 * response gets the policy's CORS headers, and a thrown error becomes a 500 that still carries them
 * (the error goes to `options.onError`, default `console.error`). `this` and `server` reach your
 * fetch as Bun gave them (typed as {@link BunServerLike} unless you annotate `server`, e.g. as
 * `Bun.Server<undefined>`).
 *
 * WebSockets: when your fetch upgrades an upgrade request (`server.upgrade(request)`) and returns
 * `undefined`, `undefined` is passed on, as Bun requires. For any other request, `undefined` is a
 * missing response and is answered like a thrown error.
 *
 * `routes`: Bun sends a route's own methods to the route's handler, not to `fetch`. Wrap those
 * handlers too (`"/api/items": { GET: withCors(list, policy) }`); the preflights of method routes
 * (which have no `OPTIONS` entry) fall through to the wrapped `fetch`.
 *
 * @example
 * import { corsPolicy } from "fetch-cors";
 * import { withCors } from "fetch-cors/bun";
 *
 * const policy = corsPolicy({ origins: ["https://app.example.com"] });
 * Bun.serve({ fetch: withCors((request) => Response.json({ hello: "world" }), policy) });
 */
// A fetch that always answers gets a wrapper that always answers: Bun's types require that of
// `fetch` without `websocket`, and of every `routes` handler.
export function withCors<Server = BunServerLike>(
  fetch: BunResponder<Server>,
  policy: CorsPolicy,
  options?: WithCorsOptions,
): (this: Server, request: Request, server: Server) => Promise<Response>;
export function withCors<Server = BunServerLike>(
  fetch: BunFetch<Server>,
  policy: CorsPolicy,
  options?: WithCorsOptions,
): (this: Server, request: Request, server: Server) => Promise<Response | undefined>;
export function withCors<Server>(
  fetch: BunFetch<Server>,
  policy: CorsPolicy,
  options?: WithCorsOptions,
): (this: Server, request: Request, server: Server) => Promise<Response | undefined> {
  const wrapped = wrapHandler(
    async (request: Request, server: Server, self: Server, outcome: { upgraded: boolean }) => {
      const response = await fetch.call(self, request, server);
      if (response !== undefined && response !== null) return response;
      // server.upgrade() only succeeds for a request that asks for an upgrade.
      if (!request.headers.has("upgrade")) {
        throw new TypeError("Bun fetch handler returned no Response for a request that is not a WebSocket upgrade");
      }
      // Bun has already answered this request itself; what is returned here is decorated and
      // thrown away.
      outcome.upgraded = true;
      return new Response(null);
    },
    policy,
    options,
  );
  return async function fetchWithCors(this: Server, request: Request, server: Server) {
    const outcome = { upgraded: false };
    const response = await wrapped(request, server, this, outcome);
    return outcome.upgraded ? undefined : response;
  };
}
