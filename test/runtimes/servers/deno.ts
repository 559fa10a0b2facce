// Run by deno.test.ts: `deno run --allow-net=127.0.0.1 --allow-env servers/deno.ts`. Serves the
// probe app and the Deno quick-start example on two free loopback ports, then prints them.
import { withCors } from "../../../adapters/deno.ts";
import { handler as example } from "../../../examples/deno.ts";
import { probeApp, type ProbeHost } from "../app.ts";
import { probePolicy } from "../fixture.ts";

const host: ProbeHost = {
  upstreamUrl: Deno.env.get("UPSTREAM_URL") ?? "",
  upgrade(request) {
    const { socket, response } = Deno.upgradeWebSocket(request);
    socket.onmessage = (event) => socket.send(`echo:${String(event.data)}`);
    return response;
  },
};

const handler = withCors(
  async (request: Request) => (await probeApp(request, host)) ?? new Response("no response", { status: 502 }),
  probePolicy(Deno.env.get("ALLOWED_ORIGINS")),
  { onError: (error) => console.error(`onError: ${error instanceof Error ? error.message : String(error)}`) },
);

const quiet = { hostname: "127.0.0.1", port: 0, onListen() {} };
const probe = Deno.serve(quiet, handler);
const quickStart = Deno.serve(quiet, example);
console.log(`READY ${JSON.stringify({ probe: probe.addr.port, example: quickStart.addr.port })}`);
