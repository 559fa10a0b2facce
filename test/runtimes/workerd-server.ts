import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll } from "vitest";
import { ALLOWED_ORIGINS } from "./fixture.ts";
import { bundleWorker, COMPATIBILITY_DATE } from "./bundle.ts";
import { httpTarget, type ProbeTarget } from "./probes.ts";
import { startUpstream } from "./upstream.ts";

/** A bundled Worker served by Miniflare on a loopback port for the tests of one file. */
export interface WorkerdServer {
  /** The probe target, once started. */
  target(): ProbeTarget;
  miniflare(): Miniflare;
  /** Everything the Worker printed so far. */
  log(): string;
}

/** Starts `script` in workerd before the file's tests (with the allowed origins as a binding) and stops it after. */
export function serveInWorkerd(script: string): WorkerdServer {
  let mf: Miniflare | undefined;
  let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
  let target: ProbeTarget | undefined;
  let log = "";

  beforeAll(async () => {
    upstream = await startUpstream();
    mf = new Miniflare({
      modules: true,
      script: await bundleWorker(script),
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

  return {
    target() {
      if (target === undefined) throw new Error("workerd did not start");
      return target;
    },
    miniflare() {
      if (mf === undefined) throw new Error("workerd did not start");
      return mf;
    },
    log: () => log,
  };
}
