import { describe, expect, it } from "vitest";
import { ALLOWED_ORIGIN, SECRET } from "./fixture.ts";
import { runProbes } from "./probes.ts";
import { serveInWorkerd } from "./workerd-server.ts";

const server = serveInWorkerd("test/runtimes/servers/worker.ts");

describe("Cloudflare Workers adapter in workerd (policy from env bindings)", () => {
  runProbes(() => server.target(), { webSocket: true });

  it("gives the thrown error to onError inside the Worker", async () => {
    await expect.poll(() => server.log(), { timeout: 5_000 }).toContain(`onError: ${SECRET}`);
  });

  it("compiles the policy from env once for the isolate, not once per request", async () => {
    const probe = server.target();
    await Promise.all(Array.from({ length: 5 }, () => probe.fetch("/api/hello", { headers: { origin: ALLOWED_ORIGIN } })));
    const response = await probe.fetch("/worker/policy-builds", { headers: { origin: ALLOWED_ORIGIN } });
    expect(await response.json()).toEqual({ policyBuilds: 1 });
  });

  it("leaves the Worker's other handlers (scheduled) untouched", async () => {
    const worker = await server.miniflare().getWorker();
    const result = await worker.scheduled({ cron: "*/5 * * * *" });
    expect(result.outcome).toBe("ok");
    const response = await server.target().fetch("/worker/last-cron", { headers: { origin: ALLOWED_ORIGIN } });
    expect(await response.json()).toEqual({ lastCron: "*/5 * * * *" });
  });
});
