import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_ORIGINS, SECRET } from "./fixture.ts";
import { probePolicy } from "./fixture.ts";
import { probeHonoApp } from "./hono-app.ts";
import { runProbes, type ProbeTarget } from "./probes.ts";
import { startUpstream } from "./upstream.ts";

let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
let target: ProbeTarget | undefined;
const errors: string[] = [];

beforeAll(async () => {
  upstream = await startUpstream();
  const upstreamUrl = upstream.url;
  const app = probeHonoApp({
    policy: probePolicy(ALLOWED_ORIGINS),
    upstreamUrl: () => upstreamUrl,
    onError: (error) => errors.push(error.message),
  });
  target = { fetch: async (path, init) => app.request(path, init) };
});

afterAll(async () => {
  await upstream?.close();
});

describe("Hono middleware on Node (app.request)", () => {
  runProbes(() => {
    if (target === undefined) throw new Error("no app");
    return target;
  }, { webSocket: false });

  it("lets app.onError see the thrown error", () => {
    expect(errors).toContain(SECRET);
  });
});
