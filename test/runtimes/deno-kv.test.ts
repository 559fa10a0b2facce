// The Deno KV example (examples/deno-kv/) in the Deno binary, with a real Deno KV store in a
// temporary file, filled and changed by the example's own seed script running as another process.
import { execFile } from "node:child_process";
import { request as httpRequest } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binary, ROOT, startProcess, type Started } from "./process.ts";

const A_ORIGIN = "https://app.tenant-a.example";
const B_ORIGIN = "https://app.tenant-b.example";
const DENO_ENV = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

let dir = "";
let server: Started | undefined;
let ports = { plain: 0, timed: 0 };

/** Runs the example's seed script (another process, on the same store) and returns what it printed. */
async function seed(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(binary("deno"), [
    "run", "--no-lock", "--unstable-kv", `--allow-read=${ROOT}examples,${dir}`, `--allow-write=${dir}`, "examples/deno-kv/seed.ts", join(dir, "tenants.sqlite3"), ...args,
  ], { cwd: ROOT, env: DENO_ENV });
  return stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "deno-kv-"));
  expect(await seed()).toContain("seeded a.localhost, b.localhost");
  server = await startProcess(binary("deno"), [
    "run", "--no-lock", "--unstable-kv", "--allow-net=127.0.0.1", "--allow-env=KV_PATH", `--allow-read=${dir}`, `--allow-write=${dir}`, "test/runtimes/servers/deno-kv.ts",
  ], { env: { DENO_NO_UPDATE_CHECK: "1", KV_PATH: join(dir, "tenants.sqlite3") }, ready: /^READY (.+)$/, timeoutMs: 60_000 });
  ports = JSON.parse(server.ready[1] ?? "{}") as typeof ports;
});

afterAll(async () => {
  await server?.stop();
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly allowOrigin: string | null;
  readonly body: string;
}

/** A request with the tenant's hostname in Host, as a browser on that host sends it. */
function send(host: string, { origin, preflight = false, server = "plain", path = "/orders" }: { origin?: string; preflight?: boolean; server?: keyof typeof ports; path?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { host };
  if (origin !== undefined) headers["origin"] = origin;
  if (preflight) Object.assign(headers, { "access-control-request-method": "PUT", "access-control-request-headers": "content-type" });
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: ports[server], path, method: preflight ? "OPTIONS" : path === "/__test/clock" ? "POST" : "GET", headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, allowOrigin: (res.headers["access-control-allow-origin"] as string | undefined) ?? null, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function advance(seconds: number): Promise<void> {
  expect((await send("clock.localhost", { server: "timed", path: `/__test/clock?advance=${seconds}` })).status).toBe(204);
}

describe("examples/deno-kv: each tenant's origins come from Deno KV", () => {
  it("tenant a's origin is allowed on a's host, preflight and request alike", async () => {
    expect(await send("a.localhost", { origin: A_ORIGIN, preflight: true })).toMatchObject({ status: 204, allowOrigin: A_ORIGIN });
    const answer = await send("a.localhost", { origin: A_ORIGIN });
    expect(answer.allowOrigin).toBe(A_ORIGIN);
    expect(JSON.parse(answer.body)).toEqual({ tenant: "a.localhost", client: "127.0.0.1" });
  });

  it("tenant a's origin is refused on b's host, and b's allowed there", async () => {
    expect(await send("b.localhost", { origin: A_ORIGIN, preflight: true })).toMatchObject({ status: 403, allowOrigin: null });
    expect((await send("b.localhost", { origin: A_ORIGIN })).allowOrigin).toBeNull();
    expect((await send("b.localhost", { origin: B_ORIGIN })).allowOrigin).toBe(B_ORIGIN);
  });

  it("an unknown tenant gets no CORS", async () => {
    expect(await send("nobody.localhost", { origin: A_ORIGIN })).toMatchObject({ status: 200, allowOrigin: null });
    expect((await send("nobody.localhost", { origin: A_ORIGIN, preflight: true })).status).toBe(403);
  });
});

describe("examples/deno-kv: a changed value takes effect after ttl (60 s)", () => {
  it("the old origins answer until the ttl has passed, then the new ones", async () => {
    await seed("changing.localhost", JSON.stringify({ origins: ["https://old.example"] }));
    expect((await send("changing.localhost", { server: "timed", origin: "https://old.example" })).allowOrigin).toBe("https://old.example");
    await seed("changing.localhost", JSON.stringify({ origins: ["https://new.example"] }));
    await advance(59);
    expect((await send("changing.localhost", { server: "timed", origin: "https://new.example" })).allowOrigin).toBeNull();
    await advance(1);
    expect((await send("changing.localhost", { server: "timed", origin: "https://new.example" })).allowOrigin).toBe("https://new.example");
    expect((await send("changing.localhost", { server: "timed", origin: "https://old.example" })).allowOrigin).toBeNull();
  });
});

describe("examples/deno-kv: a KV read that throws leaves working tenants working", () => {
  it("a hostname too long for a Deno KV key: that request is a 503 without CORS, the others go on", async () => {
    const hostile = `${Array.from({ length: 36 }, () => "x".repeat(60)).join(".")}.localhost`;
    expect(await send(hostile, { origin: A_ORIGIN, preflight: true })).toMatchObject({ status: 503, allowOrigin: null });
    expect((await send("a.localhost", { origin: A_ORIGIN })).allowOrigin).toBe(A_ORIGIN);
    expect((await send("b.localhost", { origin: B_ORIGIN, server: "timed" })).allowOrigin).toBe(B_ORIGIN);
    await expect.poll(() => server?.output() ?? "", { timeout: 5_000 }).toContain("Key too large for read");
  });

  it("a stored record with invalid origins is refused like a bad config (503), not trusted", async () => {
    await seed("wild.localhost", JSON.stringify({ origins: "*" }));
    expect(await send("wild.localhost", { origin: "https://evil.example" })).toMatchObject({ status: 503, allowOrigin: null });
    await expect.poll(() => server?.output() ?? "", { timeout: 5_000 }).toContain("cors wild.localhost: Invalid CORS policy");
  });
});

describe("examples/deno-kv: the example type-checks against Deno's own types", () => {
  it("deno check", async () => {
    const { stderr } = await promisify(execFile)(binary("deno"), [
      "check", "--no-lock", "--unstable-kv", "examples/deno-kv/server.ts", "examples/deno-kv/seed.ts", "test/runtimes/servers/deno-kv.ts",
    ], { cwd: ROOT, env: DENO_ENV });
    expect(stderr).toContain("Check");
  });
});
