import { corsPolicy } from "../src/index.ts";
import { withCors } from "../adapters/bun.ts";

const policy = corsPolicy({
  origins: ["https://app.example.com", "http://localhost:5173"],
  methods: ["PUT", "DELETE"],
  requestHeaders: ["content-type", "authorization"],
});

// `bun run examples/bun.ts` serves this on http://localhost:3000.
export default {
  port: 3000,
  fetch: withCors((request: Request, server: Bun.Server<undefined>) => {
    if (new URL(request.url).pathname === "/chat") {
      // Bun answers the upgrade itself; withCors passes the undefined on.
      return server.upgrade(request) ? undefined : new Response("Expected a WebSocket", { status: 426 });
    }
    return Response.json({ hello: "from Bun" });
  }, policy),
  websocket: {
    message(socket: Bun.ServerWebSocket<undefined>, message: string | Uint8Array) {
      socket.send(`echo:${String(message)}`);
    },
  },
};
