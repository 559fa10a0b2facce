import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_ORIGIN, ALLOWED_ORIGINS, SECRET } from "./fixture.ts";
import { bundleWorker, COMPATIBILITY_DATE } from "./bundle.ts";
import { httpTarget, runProbes, type ProbeTarget } from "./probes.ts";
import { startUpstream } from "./upstream.ts";

let mf: Miniflare | undefined;
let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
let target: ProbeTarget | undefined;
let log = "";

beforeAll(async () => {
  upstream = await startUpstream();
  mf = new Miniflare({
    modules: true,
    script: await bundleWorker("test/runtimes/servers/worker.ts"),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: { ALLOWED_ORIGINS, UPSTREAM_URL: upstream.url },
    host: "127.0.0.1",
    port: 0,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    },
  });
  const url = await mf.ready;
  target = httpTarget(url.origin);
});

afterAll(async () => {
  await mf?.dispose();
  await upstream?.close();
});

describe("Cloudflare Workers adapter in workerd (policy from env bindings)", () => {
  runProbes(() => {
    if (target === undefined) throw new Error("workerd did not start");
    return target;
  }, { webSocket: true });

  it("gives the thrown error to onError inside the Worker", async () => {
    await expect.poll(() => log, { timeout: 5_000 }).toContain(`onError: ${SECRET}`);
  });

  it("compiles the policy from env once for the isolate, not once per request", async () => {
    if (target === undefined) throw new Error("workerd did not start");
    const probe = target;
    await Promise.all(Array.from({ length: 5 }, () => probe.fetch("/api/hello", { headers: { origin: ALLOWED_ORIGIN } })));
    const response = await probe.fetch("/worker/policy-builds", { headers: { origin: ALLOWED_ORIGIN } });
    expect(await response.json()).toEqual({ policyBuilds: 1 });
  });

  it("leaves the Worker's other handlers (scheduled) untouched", async () => {
    if (mf === undefined || target === undefined) throw new Error("workerd did not start");
    const worker = await mf.getWorker();
    const result = await worker.scheduled({ cron: "*/5 * * * *" });
    expect(result.outcome).toBe("ok");
    const response = await target.fetch("/worker/last-cron", { headers: { origin: ALLOWED_ORIGIN } });
    expect(await response.json()).toEqual({ lastCron: "*/5 * * * *" });
  });
});
