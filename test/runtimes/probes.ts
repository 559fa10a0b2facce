import { expect, it } from "vitest";
import { guardCrossOrigin, preflight } from "../../src/index.ts";
import {
  ALLOWED_ORIGIN, ALLOWED_ORIGINS, REJECTED_ORIGIN, SECRET, UPSTREAM_BODY, UPSTREAM_STALE_ORIGIN, probePolicy,
} from "./fixture.ts";
import { webSocketHandshake } from "./websocket.ts";

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
  return accessControlOf(Object.fromEntries(response.headers));
}

function accessControlOf(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith("access-control-")));
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
    const socketUrl = () => {
      const { baseUrl } = target();
      if (baseUrl === undefined) throw new Error("this target has no address for a WebSocket");
      return `${baseUrl.replace(/^http/, "ws")}/ws`;
    };
    const upgradeCalls = async () => {
      const response = await target().fetch("/ws/upgrade-calls", { headers: { origin: ALLOWED_ORIGIN } });
      return ((await response.json()) as { upgradeCalls: number }).upgradeCalls;
    };

    it("refuses a WebSocket handshake from a disallowed origin with the core's 403, before the handler can upgrade", async () => {
      const before = await upgradeCalls();
      const handshake = await webSocketHandshake(socketUrl(), { origin: REJECTED_ORIGIN });
      const expected = coreRefusal(REJECTED_ORIGIN);
      expect(handshake).toMatchObject({ upgraded: false, status: 403, body: await expected.text() });
      if (handshake.upgraded) return;
      expect(accessControlOf(handshake.headers)).toEqual({});
      expect(ownHeaders(new Response(null, { headers: handshake.headers }))).toEqual(ownHeaders(expected));
      expect(await upgradeCalls()).toBe(before);
    });

    it("upgrades a handshake from an allowed origin: the handler runs once and a message goes both ways", async () => {
      const before = await upgradeCalls();
      expect(await webSocketHandshake(socketUrl(), { origin: ALLOWED_ORIGIN })).toEqual({ upgraded: true, status: 101, reply: "echo:ping" });
      expect(await upgradeCalls()).toBe(before + 1);
    });

    it("upgrades a handshake without Origin (not a browser, so no cross-origin page behind it)", async () => {
      expect(await webSocketHandshake(socketUrl(), { origin: null, message: "bare" })).toEqual({ upgraded: true, status: 101, reply: "echo:bare" });
    });
  }
}

/** The core's own refusal of a handshake from `origin`, which every runtime must reproduce through its adapter. */
function coreRefusal(origin: string): Response {
  const handshake = new Request("http://probe.test/ws", { headers: { upgrade: "websocket", connection: "Upgrade", origin } });
  const answer = guardCrossOrigin(handshake, probePolicy(ALLOWED_ORIGINS));
  if (answer === null) throw new Error(`the core lets a handshake from ${origin} through`);
  return answer;
}

/** A loopback URL's fetcher, for runtimes reached over real HTTP. */
export function httpTarget(baseUrl: string): ProbeTarget {
  return { baseUrl, fetch: (path, init) => fetch(`${baseUrl}${path}`, init) };
}
