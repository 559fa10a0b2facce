import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UPSTREAM_BODY, UPSTREAM_STALE_ORIGIN } from "./fixture.ts";

/**
 * A loopback server the runtimes fetch() from, so the probe app can return a response whose headers
 * are immutable. It sets a stale Access-Control-Allow-Origin (the adapter must replace it) and a
 * Vary (the adapter must merge Origin into it).
 */
export async function startUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, {
      "content-type": "application/json",
      "access-control-allow-origin": UPSTREAM_STALE_ORIGIN,
      vary: "Accept-Encoding",
      "x-upstream": "yes",
    });
    response.end(UPSTREAM_BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/upstream`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
