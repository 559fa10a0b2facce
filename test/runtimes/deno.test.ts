import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_ORIGIN, ALLOWED_ORIGINS, REJECTED_ORIGIN, SECRET } from "./fixture.ts";
import { binary, startProcess, type Started } from "./process.ts";
import { httpTarget, runProbes, type ProbeTarget } from "./probes.ts";
import { startUpstream } from "./upstream.ts";

let server: Started | undefined;
let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
let probe: ProbeTarget | undefined;
let example: ProbeTarget | undefined;

const DENO_ENV = { DENO_NO_UPDATE_CHECK: "1" };

beforeAll(async () => {
  upstream = await startUpstream();
  server = await startProcess(
    binary("deno"),
    ["run", "--no-lock", "--allow-net=127.0.0.1", "--allow-env=ALLOWED_ORIGINS,UPSTREAM_URL", "test/runtimes/servers/deno.ts"],
    { env: { ...DENO_ENV, ALLOWED_ORIGINS, UPSTREAM_URL: upstream.url }, ready: /^READY (.+)$/, timeoutMs: 60_000 },
  );
  const ports = JSON.parse(server.ready[1] ?? "{}") as { probe: number; example: number };
  probe = httpTarget(`http://127.0.0.1:${ports.probe}`);
  example = httpTarget(`http://127.0.0.1:${ports.example}`);
});

afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

function started(value: ProbeTarget | undefined): ProbeTarget {
  if (value === undefined) throw new Error(`Deno did not start\n${server?.output() ?? ""}`);
  return value;
}

describe("Deno adapter under Deno.serve", () => {
  runProbes(() => started(probe), { webSocket: true });

  it("gives the thrown error to onError in the server process", async () => {
    await expect.poll(() => server?.output() ?? "", { timeout: 5_000 }).toContain(`onError: ${SECRET}`);
  });
});

describe("Deno quick start (examples/deno.ts)", () => {
  it("answers a preflight from an allowed origin", async () => {
    const response = await started(example).fetch("/", {
      method: "OPTIONS",
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
  });

  it("passes Deno's info to the handler and decorates its answer", async () => {
    const response = await started(example).fetch("/hello", { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(await response.json()).toEqual({ hello: "from Deno", path: "/hello", client: "127.0.0.1" });
  });

  it("does not decorate a response for another origin", async () => {
    const response = await started(example).fetch("/hello", { headers: { origin: REJECTED_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("vary")).toContain("Origin");
  });
});
