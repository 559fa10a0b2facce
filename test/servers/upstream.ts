// The application behind nginx and Apache: JSON for /api/items, 405 for OPTIONS (it does no CORS
// itself) and 404 elsewhere; the "cors" variant also adds Access-Control-Allow-Origin, as an app
// that does its own CORS behind a proxy that does it too.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Upstream {
  readonly port: number;
  close(): Promise<void>;
}

export async function startUpstream(ownCors: boolean): Promise<Upstream> {
  const server = createServer((request, response) => {
    if (ownCors && request.headers.origin !== undefined) response.setHeader("access-control-allow-origin", request.headers.origin);
    const path = new URL(request.url ?? "/", "http://app").pathname;
    if (request.method === "OPTIONS") {
      response.writeHead(405, { allow: "GET, PUT, PATCH, DELETE, POST" }).end();
    } else if (path === "/api/items") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    } else {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    }
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
