import { afterAll, beforeAll } from "vitest";
import { ALLOWED_ORIGINS } from "./fixture.ts";
import { startProcess, type Started } from "./process.ts";
import { httpTarget, type ProbeTarget } from "./probes.ts";
import { startUpstream } from "./upstream.ts";

/** A test server process (Deno or Bun) serving the probe app and a quick-start example on two ports. */
export interface RuntimeServer {
  probe(): ProbeTarget;
  example(): ProbeTarget;
  /** Everything the process printed so far. */
  output(): string;
}

/**
 * Starts `command args` before the file's tests, with the allowed origins and an upstream URL in
 * its environment, waits for its `READY {"probe":port,"example":port}` line, and stops it after.
 */
export function serveInProcess(name: string, command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): RuntimeServer {
  let server: Started | undefined;
  let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
  let probe: ProbeTarget | undefined;
  let example: ProbeTarget | undefined;

  beforeAll(async () => {
    upstream = await startUpstream();
    server = await startProcess(command, [...args], {
      env: { ...env, ALLOWED_ORIGINS, UPSTREAM_URL: upstream.url },
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

  const output = () => server?.output() ?? "";
  const started = (target: ProbeTarget | undefined): ProbeTarget => {
    if (target === undefined) throw new Error(`${name} did not start\n${output()}`);
    return target;
  };
  return { probe: () => started(probe), example: () => started(example), output };
}
