// Bundled by esbuild and run in workerd (Miniflare) by hono-workerd.test.ts: the Hono probe app
// with the policy from the Worker's env, plus a WebSocket route through Hono's own helper.
import { upgradeWebSocket } from "hono/cloudflare-workers";
import { probePolicy } from "../fixture.ts";
import { probeHonoApp } from "../hono-app.ts";

interface Bindings {
  ALLOWED_ORIGINS: string;
  UPSTREAM_URL: string;
}

const app = probeHonoApp<Bindings>({
  policy: (env) => probePolicy(env.ALLOWED_ORIGINS),
  upstreamUrl: (c) => c.env.UPSTREAM_URL,
  onError: (error) => console.error(`onError: ${error.message}`),
});
// Counted in a handler of its own before upgradeWebSocket, as probeApp counts the other runtimes'.
let upgradeCalls = 0;
app.get("/ws/upgrade-calls", (c) => c.json({ upgradeCalls }));
app.get("/ws", async (_c, next) => {
  upgradeCalls++;
  await next();
}, upgradeWebSocket(() => ({
  onMessage(event, socket) {
    socket.send(`echo:${String(event.data)}`);
  },
})));

export default app;
