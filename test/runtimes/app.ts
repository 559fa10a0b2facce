import { SECRET } from "./fixture.ts";

/** What each runtime gives the probe app: where the upstream is, and its own WebSocket upgrade. */
export interface ProbeHost {
  readonly upstreamUrl: string;
  /** Answers a WebSocket upgrade with an echo socket (Bun returns undefined once it has upgraded). */
  readonly upgrade: (request: Request) => Response | undefined;
}

/** Times the handler reached the WebSocket route, and so the runtime's upgrade: a refused handshake must not. */
let upgradeCalls = 0;

/**
 * The routes every runtime serves behind its adapter, written with Web APIs only. The probes in
 * probes.ts expect exactly these.
 */
export async function probeApp(request: Request, host: ProbeHost): Promise<Response | undefined> {
  const { pathname } = new URL(request.url);
  if (pathname === "/api/hello" && request.method === "GET") {
    return Response.json({ hello: "world" }, { headers: { "x-request-id": "probe-1" } });
  }
  if (pathname === "/api/hello" && request.method === "OPTIONS") {
    return new Response(null, { status: 200, headers: { allow: "GET, OPTIONS" } });
  }
  // Straight from fetch(): its headers are immutable, so the adapter has to copy the response.
  if (pathname === "/api/upstream") return fetch(host.upstreamUrl);
  if (pathname === "/api/boom") throw new Error(SECRET);
  if (pathname === "/ws/upgrade-calls") return Response.json({ upgradeCalls });
  if (pathname === "/ws") {
    upgradeCalls++;
    return host.upgrade(request);
  }
  return Response.json({ error: "not found" }, { status: 404 });
}
