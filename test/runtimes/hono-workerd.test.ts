import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_ORIGINS, SECRET } from "./fixture.ts";
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
    script: await bundleWorker("test/runtimes/servers/hono-worker.ts"),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: { ALLOWED_ORIGINS, UPSTREAM_URL: upstream.url },
    host: "127.0.0.1",
    port: 0,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    },
  });
  target = httpTarget((await mf.ready).origin);
});

afterAll(async () => {
  await mf?.dispose();
  await upstream?.close();
});

describe("Hono middleware in workerd (policy from env bindings)", () => {
  runProbes(() => {
    if (target === undefined) throw new Error("workerd did not start");
    return target;
  }, { webSocket: true });

  it("lets app.onError see the thrown error", async () => {
    await expect.poll(() => log, { timeout: 5_000 }).toContain(`onError: ${SECRET}`);
  });
});
