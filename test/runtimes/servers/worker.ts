// Bundled by esbuild and run in workerd (Miniflare) by workerd.test.ts. The policy comes from the
// Worker's env, as `[vars]` in wrangler.toml would give it.
import { withCors } from "../../../adapters/cloudflare.ts";
import { probeApp } from "../app.ts";
import { probePolicy } from "../fixture.ts";

interface Env {
  ALLOWED_ORIGINS: string;
  UPSTREAM_URL: string;
}

// workerd's own WebSocket API, which the DOM types do not declare.
declare const WebSocketPair: new () => { 0: WebSocket; 1: WebSocket & { accept(): void } };

let lastCron = "";
let policyBuilds = 0;

export default withCors(
  {
    greeting: "echo",
    async fetch(request: Request, env: Env): Promise<Response> {
      const { pathname } = new URL(request.url);
      if (pathname === "/worker/last-cron") return Response.json({ lastCron });
      if (pathname === "/worker/policy-builds") return Response.json({ policyBuilds });
      const response = await probeApp(request, { upstreamUrl: env.UPSTREAM_URL, upgrade: () => this.echoSocket() });
      return response ?? new Response("no response", { status: 502 });
    },
    // Reached through `this`: the adapter must call fetch on the handler object.
    echoSocket(): Response {
      const pair = new WebSocketPair();
      const server = pair[1];
      server.accept();
      server.addEventListener("message", (event) => server.send(`${this.greeting}:${String(event.data)}`));
      return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
    },
    // Not an HTTP handler: it must reach workerd untouched.
    scheduled(controller: { cron: string }): void {
      lastCron = controller.cron;
    },
  },
  (env: Env) => {
    policyBuilds++;
    return probePolicy(env.ALLOWED_ORIGINS);
  },
  { onError: (error) => console.error(`onError: ${error instanceof Error ? error.message : String(error)}`) },
);
