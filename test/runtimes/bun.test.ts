import { describe, expect, it } from "vitest";
import { ALLOWED_ORIGIN, REJECTED_ORIGIN, SECRET } from "./fixture.ts";
import { binary } from "./process.ts";
import { runProbes } from "./probes.ts";
import { webSocketExchange } from "./websocket.ts";
import { serveInProcess } from "./runtime-server.ts";

const server = serveInProcess("Bun", binary("bun"), ["run", "test/runtimes/servers/bun.ts"]);

describe("Bun adapter under Bun.serve", () => {
  runProbes(() => server.probe(), { webSocket: true });

  it("gives the thrown error to onError in the server process", async () => {
    await expect.poll(() => server.output(), { timeout: 5_000 }).toContain(`onError: ${SECRET}`);
  });

  // Bun ignores whatever fetch returns after a successful upgrade, so only the error log shows
  // whether the adapter took the handler's undefined for a missing response.
  it("passes the handler's undefined on after an upgrade, reporting no error", async () => {
    const { baseUrl } = server.probe();
    expect(await webSocketExchange(`${baseUrl ?? ""}/ws`, "again")).toEqual({ status: 101, reply: "echo:again" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const unexpected = server.output().split("\n").filter((line) => line.startsWith("onError:") && !line.includes(SECRET));
    expect(unexpected).toEqual([]);
  });

  it("answers a handler's undefined for a request that is not an upgrade like a thrown error: 500 with CORS headers", async () => {
    const response = await server.probe().fetch("/bun/no-response", { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    await expect.poll(() => server.output(), { timeout: 5_000 }).toContain("onError: Bun fetch handler returned no Response");
  });
});

describe("Bun quick start (examples/bun.ts)", () => {
  it("answers the preflight of a route in `routes` through the wrapped fetch", async () => {
    const response = await server.example().fetch("/api/hello", {
      method: "OPTIONS",
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "DELETE" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get("access-control-allow-methods")).toContain("DELETE");
  });

  it("decorates the answer of a wrapped route handler", async () => {
    const response = await server.example().fetch("/api/hello", { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(await response.json()).toEqual({ hello: "from Bun" });
  });

  it("decorates fetch's answer for every other path, and leaves another origin's undecorated", async () => {
    const allowed = await server.example().fetch("/elsewhere", { headers: { origin: ALLOWED_ORIGIN } });
    expect(allowed.status).toBe(404);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    const other = await server.example().fetch("/api/hello", { headers: { origin: REJECTED_ORIGIN } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(other.headers.get("vary")).toContain("Origin");
  });

  it("upgrades /chat to a WebSocket that echoes", async () => {
    expect(await webSocketExchange(`${server.example().baseUrl ?? ""}/chat`, "hi")).toEqual({ status: 101, reply: "echo:hi" });
  });
});
