// Run by bun.test.ts: `bun run servers/bun.ts`. Serves the probe app and the Bun quick-start example
// on two free loopback ports, then prints them.
import { withCors } from "../../../adapters/bun.ts";
import example from "../../../examples/bun.ts";
import { probeApp } from "../app.ts";
import { probePolicy } from "../fixture.ts";

const fetch = withCors(
  function (this: Bun.Server, request: Request, server: Bun.Server) {
    if (this !== server) throw new Error("withCors lost Bun's `this`");
    // A handler bug: no Response, and no upgrade either.
    if (new URL(request.url).pathname === "/bun/no-response") return undefined;
    return probeApp(request, {
      upstreamUrl: Bun.env["UPSTREAM_URL"] ?? "",
      // Bun answers the handshake itself once upgraded; the handler then returns undefined.
      upgrade: (upgradeRequest) => (server.upgrade(upgradeRequest) ? undefined : new Response("upgrade failed", { status: 400 })),
    });
  },
  probePolicy(Bun.env["ALLOWED_ORIGINS"]),
  { onError: (error) => console.error(`onError: ${error instanceof Error ? error.message : String(error)}`) },
);

const probe = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch,
  websocket: { message: (socket, message) => void socket.send(`echo:${String(message)}`) },
});
const quickStart = Bun.serve({ ...example, hostname: "127.0.0.1", port: 0 });
console.log(`READY ${JSON.stringify({ probe: probe.port, example: quickStart.port })}`);
