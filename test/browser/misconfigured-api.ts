// An API that gets CORS wrong on purpose, one way per path, so the browsers print every message
// form; `?id=` ties the console lines to the request. Node's http module, on 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface MisconfiguredApi {
  readonly port: number;
  close(): Promise<void>;
}

type Answer = (request: IncomingMessage, origin: string, id: string) => { status: number; headers: Record<string, string | string[]>; body?: string };

const preflight = (request: IncomingMessage) => request.method === "OPTIONS";
const ok = (request: IncomingMessage) => (preflight(request) ? 204 : 200);

/** Each misconfiguration by name: the status and headers every request to it gets. */
export const MISCONFIGURATIONS: Readonly<Record<string, Answer>> = {
  "no-cors": (request) => ({ status: ok(request), headers: {} }),
  "preflight-405": (request, origin) => (preflight(request) ? { status: 405, headers: { allow: "GET, POST" }, body: "Method Not Allowed" } : { status: 200, headers: { "access-control-allow-origin": origin } }),
  "preflight-403-with-cors": (request, origin) => ({ status: preflight(request) ? 403 : 200, headers: { "access-control-allow-origin": origin, "access-control-allow-methods": "PUT" } }),
  "preflight-500": (request) => ({ status: preflight(request) ? 500 : 200, headers: {} }),
  "preflight-html": (request) => ({ status: 200, headers: { "content-type": "text/html" }, body: "<!doctype html><title>app</title>" }),
  "preflight-redirect": (request, origin, id) => (preflight(request) ? { status: 301, headers: { location: `/moved?id=${id}` } } : { status: 200, headers: { "access-control-allow-origin": origin } }),
  "redirect-with-cors": (request, origin, id) => ({ status: 302, headers: { location: `/login?id=${id}`, "access-control-allow-origin": origin, vary: "Origin" } }),
  login: () => ({ status: 200, headers: { "content-type": "text/html" }, body: "<form>sign in</form>" }),
  "trailing-slash": (request, origin) => ({ status: ok(request), headers: { "access-control-allow-origin": `${origin}/`, "access-control-allow-methods": "PUT", vary: "Origin" } }),
  "not-an-origin": (request) => ({ status: ok(request), headers: { "access-control-allow-origin": "localhost", "access-control-allow-methods": "PUT" } }),
  "two-values": (request, origin) => ({ status: ok(request), headers: { "access-control-allow-origin": [origin, origin], "access-control-allow-methods": "PUT", vary: "Origin" } }),
  "wildcard-credentials": (request) => ({ status: ok(request), headers: { "access-control-allow-origin": "*", "access-control-allow-credentials": "true", "access-control-allow-methods": "PUT" } }),
  "no-allow-credentials": (request, origin) => ({ status: ok(request), headers: { "access-control-allow-origin": origin, "access-control-allow-methods": "PUT", vary: "Origin" } }),
  "methods-get-post": (request, origin) => ({ status: ok(request), headers: { "access-control-allow-origin": origin, "access-control-allow-methods": "GET, POST, PATCH", vary: "Origin" } }),
  "headers-content-type": (request, origin) => ({ status: ok(request), headers: { "access-control-allow-origin": origin, "access-control-allow-methods": "PUT", "access-control-allow-headers": "content-type", vary: "Origin" } }),
  "bad-methods": (request, origin) => ({ status: ok(request), headers: { "access-control-allow-origin": origin, "access-control-allow-methods": "GET, P(T" } }),
  "bad-headers": (request, origin) => ({ status: ok(request), headers: { "access-control-allow-origin": origin, "access-control-allow-headers": "x(y" } }),
  "error-without-cors": () => ({ status: 404, headers: { "content-type": "text/plain" }, body: "no such item" }),
  "redirect-with-password": (request, origin) => ({ status: 302, headers: { location: "http://user:pw@127.0.0.1:9/x", "access-control-allow-origin": origin } }),
  "redirect-to-data": (request, origin) => ({ status: 302, headers: { location: "data:text/plain,hi", "access-control-allow-origin": origin } }),
  "redirect-loop": (request, origin, id) => ({ status: 302, headers: { location: `/redirect-loop?id=${id}`, "access-control-allow-origin": origin, vary: "Origin" } }),
};

function answer(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://api");
  const name = url.pathname.slice(1);
  const misconfiguration = MISCONFIGURATIONS[name];
  if (misconfiguration === undefined) {
    response.writeHead(404).end();
    return;
  }
  const { status, headers, body } = misconfiguration(request, request.headers.origin ?? "", url.searchParams.get("id") ?? "");
  response.writeHead(status, headers).end(preflight(request) ? undefined : body);
}

export async function startMisconfiguredApi(): Promise<MisconfiguredApi> {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
