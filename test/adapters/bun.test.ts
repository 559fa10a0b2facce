import { describe, expect, it, vi } from "vitest";
import { withCors } from "../../adapters/bun.ts";
import { corsPolicy } from "../../src/index.ts";

const ORIGIN = "https://app.example.com";
const policy = corsPolicy({ origins: [ORIGIN] });

/** Stands in for Bun's Server: what Bun passes as `this` and as the second argument. */
function fakeServer(upgraded: boolean) {
  return { upgrade: vi.fn((_request: Request) => upgraded), port: 3000 };
}

function get(path = "/"): Request {
  return new Request(`http://localhost:3000${path}`, { headers: { origin: ORIGIN } });
}

function upgradeRequest(path = "/ws"): Request {
  return new Request(`http://localhost:3000${path}`, {
    headers: { origin: ORIGIN, upgrade: "websocket", connection: "Upgrade", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" },
  });
}

describe("withCors for Bun.serve's fetch", () => {
  it("passes undefined on when the handler has upgraded the request, and reports no error", async () => {
    const server = fakeServer(true);
    const onError = vi.fn();
    const fetch = withCors((request: Request, bun: typeof server) => (bun.upgrade(request) ? undefined : new Response("no")), policy, { onError });
    expect(await fetch.call(server, upgradeRequest(), server)).toBeUndefined();
    expect(server.upgrade).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it("decorates the response when the upgrade failed and the handler answered", async () => {
    const server = fakeServer(false);
    const fetch = withCors((request: Request, bun: typeof server) => (bun.upgrade(request) ? undefined : new Response("no", { status: 400 })), policy);
    const response = await fetch.call(server, upgradeRequest(), server);
    expect(response?.status).toBe(400);
    expect(response?.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("answers undefined for a request that asks no upgrade (so none can have happened) with a 500 carrying CORS headers", async () => {
    const server = fakeServer(false);
    const onError = vi.fn();
    const fetch = withCors(() => undefined, policy, { onError });
    const response = await fetch.call(server, get("/forgot-to-return"), server);
    expect(response?.status).toBe(500);
    expect(response?.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining("returned no Response") }), expect.any(Request));
  });

  it.each([
    ["Upgrade: h2c", { upgrade: "h2c", connection: "Upgrade" }, "GET"],
    ["Upgrade: websocket without Sec-WebSocket-Key (the upgrade fails)", { upgrade: "websocket", connection: "Upgrade" }, "GET"],
    ["a POST asking for websocket", { upgrade: "websocket", connection: "Upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" }, "POST"],
  ])("answers undefined for %s (no upgrade can have happened) with a 500 carrying CORS headers", async (_, headers, method) => {
    const server = fakeServer(false);
    const onError = vi.fn();
    const fetch = withCors((request: Request, bun: typeof server) => (bun.upgrade(request) ? undefined : undefined), policy, { onError });
    const response = await fetch.call(server, new Request("http://localhost:3000/ws", { method, headers: { origin: ORIGIN, ...headers } }), server);
    expect(response?.status).toBe(500);
    expect(response?.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining("not a WebSocket handshake") }), expect.any(Request));
  });

  it("gives the handler Bun's `this` and server", async () => {
    const server = fakeServer(false);
    const seen = vi.fn();
    const fetch = withCors(function (this: typeof server, _request: Request, bun: typeof server) {
      seen(this, bun);
      return new Response("ok");
    }, policy);
    await fetch.call(server, get(), server);
    expect(seen).toHaveBeenCalledWith(server, server);
  });

  it("answers a preflight without calling the handler", async () => {
    const handler = vi.fn(() => new Response("not for preflights"));
    const fetch = withCors(handler, policy);
    const server = fakeServer(false);
    const response = await fetch.call(server, new Request("http://localhost:3000/", {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "GET" },
    }), server);
    expect(handler).not.toHaveBeenCalled();
    expect(response?.status).toBe(204);
  });

  it("turns a thrown error into a 500 with CORS headers and gives it to onError", async () => {
    const onError = vi.fn();
    const failure = new Error("secret detail");
    const fetch = withCors(async () => {
      throw failure;
    }, policy, { onError });
    const server = fakeServer(false);
    const response = await fetch.call(server, get(), server);
    expect(response?.status).toBe(500);
    expect(response?.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await response?.text()).not.toContain("secret");
    expect(onError).toHaveBeenCalledWith(failure, expect.any(Request));
  });
});
