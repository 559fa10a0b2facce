import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_ORIGIN, ALLOWED_ORIGINS, SECRET } from "./fixture.ts";
import { binary, startProcess, type Started } from "./process.ts";
import { httpTarget, runProbes, webSocketExchange, type ProbeTarget } from "./probes.ts";
import { startUpstream } from "./upstream.ts";

let server: Started | undefined;
let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
let probe: ProbeTarget | undefined;
let example: ProbeTarget | undefined;

beforeAll(async () => {
  upstream = await startUpstream();
  server = await startProcess(binary("bun"), ["run", "test/runtimes/servers/bun.ts"], {
    env: { ALLOWED_ORIGINS, UPSTREAM_URL: upstream.url },
    ready: /^READY (.+)$/,
    timeoutMs: 60_000,
  });
  const ports = JSON.parse(server.ready[1] ?? "{}") as { probe: number; example: number };
  probe = httpTarget(`http://127.0.0.1:${ports.probe}`);
  example = httpTarget(`http://127.0.0.1:${ports.example}`);
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

function started(value: ProbeTarget | undefined): ProbeTarget {
  if (value === undefined) throw new Error(`Bun did not start\n${server?.output() ?? ""}`);
  return value;
}

describe("Bun adapter under Bun.serve", () => {
  runProbes(() => started(probe), { webSocket: true });

  it("gives the thrown error to onError in the server process", async () => {
    await expect.poll(() => server?.output() ?? "", { timeout: 5_000 }).toContain(`onError: ${SECRET}`);
  });

  // Bun ignores whatever fetch returns after a successful upgrade, so only the error log shows
  // whether the adapter took the handler's undefined for a missing response.
  it("passes the handler's undefined on after an upgrade, reporting no error", async () => {
    const { baseUrl } = started(probe);
    expect(await webSocketExchange(`${baseUrl ?? ""}/ws`, "again")).toEqual({ status: 101, reply: "echo:again" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const unexpected = (server?.output() ?? "").split("\n").filter((line) => line.startsWith("onError:") && !line.includes(SECRET));
    expect(unexpected).toEqual([]);
  });
});

describe("Bun quick start (examples/bun.ts)", () => {
  it("answers a preflight from an allowed origin", async () => {
    const response = await started(example).fetch("/", {
      method: "OPTIONS",
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "DELETE" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
  });

  it("decorates its JSON answer", async () => {
    const response = await started(example).fetch("/", { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(await response.json()).toEqual({ hello: "from Bun" });
  });

  it("upgrades /chat to a WebSocket that echoes", async () => {
    expect(await webSocketExchange(`${started(example).baseUrl ?? ""}/chat`, "hi")).toEqual({ status: 101, reply: "echo:hi" });
  });
});
