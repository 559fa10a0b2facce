import { describe, expect, it } from "vitest";
import { SECRET } from "./fixture.ts";
import { runProbes } from "./probes.ts";
import { serveInWorkerd } from "./workerd-server.ts";

const server = serveInWorkerd("test/runtimes/servers/hono-worker.ts");

describe("Hono middleware in workerd (policy from env bindings)", () => {
  runProbes(() => server.target(), { webSocket: true });

  it("lets app.onError see the thrown error", async () => {
    await expect.poll(() => server.log(), { timeout: 5_000 }).toContain(`onError: ${SECRET}`);
  });
});
