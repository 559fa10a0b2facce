// Loopback HTTP servers for the checks: node:http on 127.0.0.1, an OS-chosen port, closed by the test.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Loopback {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

export type NodeHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** Starts a server on 127.0.0.1 and a free port. */
export async function listen(handler: NodeHandler): Promise<Loopback> {
  const server = http.createServer(handler);
  // Connections from the checks are short; do not let keep-alive sockets hold `close` open.
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

/** Serves a Fetch-API handler (Request → Response) over node:http. */
export function fetchBridge(handler: (request: Request) => Response | Promise<Response>): NodeHandler {
  return (incoming, outgoing) => {
    void (async () => {
      const headers = new Headers();
      for (let i = 0; i < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i] as string, incoming.rawHeaders[i + 1] as string);
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const method = incoming.method ?? "GET";
      const body = method === "GET" || method === "HEAD" || chunks.length === 0 ? null : Buffer.concat(chunks);
      const request = new Request(new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`), { method, headers, body });
      const response = await handler(request);
      const grouped = new Map<string, string[]>();
      for (const [name, value] of response.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
      outgoing.writeHead(response.status, response.statusText, Object.fromEntries(grouped));
      outgoing.end(response.body === null || method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.statusCode = 500;
      outgoing.end(String(error));
    });
  };
}
