import { fetch as upgradingFetch } from "miniflare";
import { expect, it } from "vitest";
import { preflight } from "../../src/index.ts";
import {
  ALLOWED_ORIGIN, ALLOWED_ORIGINS, REJECTED_ORIGIN, SECRET, UPSTREAM_BODY, UPSTREAM_STALE_ORIGIN, probePolicy,
} from "./fixture.ts";

/** A runtime serving the probe routes (app.ts, or the Hono equivalent) behind its adapter. */
export interface ProbeTarget {
  /** Sends a request for `path` to the runtime. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The runtime's own HTTP address, for a real WebSocket handshake; absent where it cannot upgrade. */
  readonly baseUrl?: string;
}

// Headers a runtime or its HTTP stack adds on its own (workerd gzips even an empty body when the
// client accepts it); none of them is the adapter's business.
const TRANSPORT = new Set(["date", "server", "connection", "keep-alive", "content-length", "transfer-encoding", "content-encoding"]);

/** Every header but the transport ones and Miniflare's internal `mf-*`, for exact comparisons. */
export function ownHeaders(response: Response): Record<string, string> {
  const result: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!TRANSPORT.has(name) && !name.startsWith("mf-")) result[name] = value;
  });
  return result;
}

function accessControl(response: Response): Record<string, string> {
  const result: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name.startsWith("access-control-")) result[name] = value;
  });
  return result;
}

function varyTokens(response: Response): string[] {
  return (response.headers.get("vary") ?? "").split(",").map((token) => token.trim().toLowerCase()).filter(Boolean);
}

const PREFLIGHT_INIT = {
  method: "OPTIONS",
  headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "PUT", "access-control-request-headers": "content-type, authorization" },
} as const;

/** The core's own answer in Node, which every runtime must reproduce through its adapter. */
function coreAnswer(path: string, init: RequestInit): Response {
  const answer = preflight(new Request(`http://probe.test${path}`, init), probePolicy(ALLOWED_ORIGINS));
  if (answer === null) throw new Error("probe request is not a preflight");
  return answer;
}

/**
 * The probes every runtime runs: call it inside the runtime's describe(), with a getter for the
 * target its beforeAll starts.
 */
export function runProbes(target: () => ProbeTarget, { webSocket }: { webSocket: boolean }): void {
  it("answers an allowed preflight with 204 and exactly the core's headers", async () => {
    const response = await target().fetch("/api/hello", PREFLIGHT_INIT);
    const expected = coreAnswer("/api/hello", PREFLIGHT_INIT);
    expect(response.status).toBe(204);
    expect(ownHeaders(response)).toEqual(ownHeaders(expected));
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(await response.text()).toBe("");
  });

  it("rejects a preflight from a disallowed origin with 403 and no Access-Control-Allow-* header", async () => {
    const init = { ...PREFLIGHT_INIT, headers: { ...PREFLIGHT_INIT.headers, origin: REJECTED_ORIGIN } };
    const response = await target().fetch("/api/hello", init);
    expect(response.status).toBe(403);
    expect(accessControl(response)).toEqual({});
    expect(ownHeaders(response)).toEqual(ownHeaders(coreAnswer("/api/hello", init)));
    expect(varyTokens(response)).toContain("origin");
  });

  it("answers a preflight for a route that does not exist, without reaching the app", async () => {
    const response = await target().fetch("/no/such/route", PREFLIGHT_INIT);
    expect(response.status).toBe(204);
    expect(ownHeaders(response)).toEqual(ownHeaders(coreAnswer("/no/such/route", PREFLIGHT_INIT)));
  });

  it("leaves an OPTIONS request that is not a preflight to the app, and decorates its answer", async () => {
    const response = await target().fetch("/api/hello", { method: "OPTIONS", headers: { origin: ALLOWED_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get("allow")).toBe("GET, OPTIONS");
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("decorates an actual response for an allowed origin and keeps its body", async () => {
    const response = await target().fetch("/api/hello", { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.status).toBe(200);
    expect(accessControl(response)).toEqual({
      "access-control-allow-origin": ALLOWED_ORIGIN,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "x-request-id",
    });
    expect(varyTokens(response)).toContain("origin");
    expect(response.headers.get("x-request-id")).toBe("probe-1");
    expect(await response.json()).toEqual({ hello: "world" });
  });

  it("leaves a disallowed origin's response undecorated but with Vary: Origin", async () => {
    const response = await target().fetch("/api/hello", { headers: { origin: REJECTED_ORIGIN } });
    expect(response.status).toBe(200);
    expect(accessControl(response)).toEqual({});
    expect(varyTokens(response)).toContain("origin");
    expect(await response.json()).toEqual({ hello: "world" });
  });

  it("decorates a response straight from fetch() (immutable headers), replacing its stale CORS header", async () => {
    const response = await target().fetch("/api/upstream", { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-upstream")).toBe("yes");
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get("access-control-allow-origin")).not.toContain(UPSTREAM_STALE_ORIGIN);
    expect(varyTokens(response)).toEqual(expect.arrayContaining(["accept-encoding", "origin"]));
    expect(await response.text()).toBe(UPSTREAM_BODY);
  });

  it("turns a thrown error into a 500 that carries the CORS headers and nothing of the error", async () => {
    const response = await target().fetch("/api/boom", { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(varyTokens(response)).toContain("origin");
    expect(await response.text()).not.toContain("hunter2");
  });

  if (webSocket) {
    it("keeps a WebSocket upgrade intact: the handshake succeeds and a message goes both ways", async () => {
      const { baseUrl } = target();
      if (baseUrl === undefined) throw new Error("this target has no address for a WebSocket");
      expect(await webSocketExchange(`${baseUrl}/ws`, "ping")).toEqual({ status: 101, reply: "echo:ping" });
    });
  }
}

/** Opens a WebSocket with a real handshake, sends one message and returns the first reply. */
export async function webSocketExchange(url: string, message: string): Promise<{ status: number; reply: string }> {
  const response = await upgradingFetch(url, { headers: { upgrade: "websocket", origin: ALLOWED_ORIGIN } });
  const socket = response.webSocket;
  if (socket === null) throw new Error(`no WebSocket: the handshake answered ${response.status}`);
  socket.accept();
  const reply = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no reply within 5 s")), 5_000);
    socket.addEventListener("message", (event) => {
      clearTimeout(timer);
      resolve(String(event.data));
    });
  });
  socket.send(message);
  try {
    return { status: response.status, reply: await reply };
  } finally {
    socket.close(1000, "done");
  }
}

/** A loopback URL's fetcher, for runtimes reached over real HTTP. */
export function httpTarget(baseUrl: string): ProbeTarget {
  return { baseUrl, fetch: (path, init) => fetch(`${baseUrl}${path}`, init) };
}
