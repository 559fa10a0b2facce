import { corsPolicy } from "../src/index.ts";
import { withCors } from "../adapters/bun.ts";

// Compiled once and shared by the route and fetch wrappers below.
const policy = corsPolicy({
  origins: ["https://app.example.com", "http://localhost:5173"],
  requestHeaders: ["content-type", "authorization"],
});

// `bun run examples/bun.ts` serves this on http://localhost:3000.
export default {
  port: 3000,
  routes: {
    // Bun hands a route's own methods to the route, not to fetch: wrap the route's handlers too.
    "/api/hello": { GET: withCors(() => Response.json({ hello: "from Bun" }), policy) },
  },
  // Every other request, and the preflights of the routes above (they have no OPTIONS handler).
  fetch: withCors((request: Request, server: Bun.Server<undefined>) => {
    if (new URL(request.url).pathname === "/chat") {
      // Bun answers the upgrade itself; withCors passes the undefined on.
      return server.upgrade(request) ? undefined : new Response("Expected a WebSocket", { status: 426 });
    }
    return Response.json({ error: "not found" }, { status: 404 });
  }, policy),
  websocket: {
    message(socket: Bun.ServerWebSocket<undefined>, message: string | Uint8Array) {
      socket.send(`echo:${String(message)}`);
    },
  },
};
