import { describe, expect, it } from "vitest";
import { ALLOWED_ORIGIN, REJECTED_ORIGIN, SECRET } from "./fixture.ts";
import { binary } from "./process.ts";
import { runProbes } from "./probes.ts";
import { serveInProcess } from "./runtime-server.ts";

const server = serveInProcess(
  "Deno",
  binary("deno"),
  ["run", "--no-lock", "--allow-net=127.0.0.1", "--allow-env=ALLOWED_ORIGINS,UPSTREAM_URL", "test/runtimes/servers/deno.ts"],
  { DENO_NO_UPDATE_CHECK: "1" },
);

describe("Deno adapter under Deno.serve", () => {
  runProbes(() => server.probe(), { webSocket: true });

  it("gives the thrown error to onError in the server process", async () => {
    await expect.poll(() => server.output(), { timeout: 5_000 }).toContain(`onError: ${SECRET}`);
  });
});

describe("Deno quick start (examples/deno.ts)", () => {
  it("answers a preflight from an allowed origin", async () => {
    const response = await server.example().fetch("/", {
      method: "OPTIONS",
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
  });

  it("passes Deno's info to the handler and decorates its answer", async () => {
    const response = await server.example().fetch("/hello", { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(await response.json()).toEqual({ hello: "from Deno", path: "/hello", client: "127.0.0.1" });
  });

  it("does not decorate a response for another origin", async () => {
    const response = await server.example().fetch("/hello", { headers: { origin: REJECTED_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("vary")).toContain("Origin");
  });
});
