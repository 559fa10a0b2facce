// The README's Hono section, on Node: examples/hono-node.ts serves examples/hono.ts with
// @hono/node-server, bundled the way a Node deployment would be and run as its own process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startProcess, type Started } from "./process.ts";

const ORIGIN = "https://app.example.com";
const dir = mkdtempSync(join(tmpdir(), "fetch-cors-hono-node-"));
let server: Started | undefined;
let base = "";

beforeAll(async () => {
  const outfile = join(dir, "server.mjs");
  await build({
    entryPoints: [`${ROOT}examples/hono-node.ts`],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    outfile,
    logLevel: "silent",
  });
  server = await startProcess(process.execPath, [outfile], { env: { PORT: "0" }, ready: /listening on (http:\/\/localhost:\d+)/, timeoutMs: 20_000 });
  base = server.ready[1]!.replace("localhost", "127.0.0.1");
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("Hono on Node (examples/hono-node.ts)", () => {
  it("answers a preflight for an authenticated route before the auth middleware", async () => {
    const response = await fetch(`${base}/api/items/7`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "DELETE", "access-control-request-headers": "authorization" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("decorates the 401 of the auth middleware, so the page reads it", async () => {
    const response = await fetch(`${base}/api/me`, { headers: { origin: ORIGIN } });
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
  });
});
