// The multi-tenant example (examples/tenants/) in workerd, with Miniflare's real local Workers KV,
// seeded by the example's own seed script through wrangler. Tenants are hostnames; each one's
// origins live in KV.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker } from "./bundle.ts";
import { ROOT } from "./process.ts";

const EXAMPLE = `${ROOT}examples/tenants/`;
const config = unstable_readConfig({ config: `${EXAMPLE}wrangler.toml` });
const namespaces = config.kv_namespaces as readonly { binding: string; id?: string }[];
const tenants = JSON.parse(await readFile(`${EXAMPLE}tenants.json`, "utf8")) as Record<string, { origins: string[] }>;
const A_ORIGIN = "https://app.tenant-a.example";
const B_ORIGIN = "https://app.tenant-b.example";
const TIMED = "timed.localhost";

let mf: Miniflare | undefined;
let state = "";
let log = "";

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), "tenants-kv-"));
  await promisify(execFile)(process.execPath, [`${EXAMPLE}seed.mjs`, "--persist-to", state], { env: { ...process.env, CI: "true" } });
  const worker = (name: string, script: string, routes: string[]) => ({
    name,
    modules: true,
    script,
    routes,
    compatibilityDate: config.compatibility_date ?? "",
    kvNamespaces: Object.fromEntries(namespaces.map(({ binding, id }) => [binding, id ?? binding])),
  });
  mf = new Miniflare({
    // What `wrangler dev` would read: the local state the seed script wrote.
    kvPersist: join(state, "v3", "kv"),
    workers: [
      worker("tenants", await bundleWorker(config.main?.slice(ROOT.length) ?? ""), ["*/*"]),
      // Hosts under timed.localhost reach the same Worker with the test's clock.
      worker("tenants-clock", await bundleWorker("test/runtimes/servers/tenants-clock.ts"), [`*.${TIMED}/*`]),
    ],
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    },
  });
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
  if (state !== "") await rm(state, { recursive: true, force: true });
});

function running(): Miniflare {
  if (mf === undefined) throw new Error("workerd did not start");
  return mf;
}

const kv = () => running().getKVNamespace("TENANTS");

/** A request to the example Worker as wrangler.toml runs it (to the one with the test's clock for a host under TIMED). */
async function send(host: string, init: { origin?: string; preflight?: boolean; path?: string } = {}) {
  return running().dispatchFetch(`http://${host}${init.path ?? "/orders"}`, requestInit(init));
}

/** Moves the clock of the Worker behind TIMED hosts. */
async function advance(seconds: number): Promise<void> {
  const response = await running().dispatchFetch(`http://clock.${TIMED}/__test/clock?advance=${seconds}`, { method: "POST" });
  expect(response.status).toBe(204);
}

function requestInit({ origin, preflight }: { origin?: string; preflight?: boolean }) {
  const headers: Record<string, string> = origin === undefined ? {} : { origin };
  if (preflight) Object.assign(headers, { "access-control-request-method": "PUT", "access-control-request-headers": "content-type" });
  return { method: preflight ? "OPTIONS" : "GET", headers };
}

const allowOrigin = (response: { headers: { get(name: string): string | null } }) => response.headers.get("access-control-allow-origin");

describe("examples/tenants: wrangler.toml and the seed script", () => {
  it("binds the TENANTS namespace and runs worker.ts", () => {
    expect(namespaces.map(({ binding }) => binding)).toEqual(["TENANTS"]);
    expect(config.main).toBe(`${EXAMPLE}worker.ts`);
  });

  it("seed.mjs put every tenant of tenants.json into the local namespace, as JSON", async () => {
    for (const [host, record] of Object.entries(tenants)) expect(await (await kv()).get(host, "json")).toEqual(record);
  });
});

describe("examples/tenants: each tenant's origins come from its KV value", () => {
  it("tenant a's origin is allowed on a's host, preflight and request alike", async () => {
    const preflight = await send("a.localhost", { origin: A_ORIGIN, preflight: true });
    expect([preflight.status, allowOrigin(preflight), preflight.headers.get("access-control-allow-credentials")]).toEqual([204, A_ORIGIN, "true"]);
    const response = await send("a.localhost", { origin: A_ORIGIN });
    expect(allowOrigin(response)).toBe(A_ORIGIN);
    expect(await response.json()).toEqual({ tenant: "a.localhost", path: "/orders" });
  });

  it("tenant a's origin is refused on b's host, and b's on a's", async () => {
    const preflight = await send("b.localhost", { origin: A_ORIGIN, preflight: true });
    expect([preflight.status, allowOrigin(preflight)]).toEqual([403, null]);
    expect(allowOrigin(await send("b.localhost", { origin: A_ORIGIN }))).toBeNull();
    expect(allowOrigin(await send("a.localhost", { origin: B_ORIGIN }))).toBeNull();
    expect(allowOrigin(await send("b.localhost", { origin: B_ORIGIN }))).toBe(B_ORIGIN);
  });

  it("an unknown tenant gets no CORS: no Access-Control-* headers, preflights refused", async () => {
    const response = await send("nobody.localhost", { origin: A_ORIGIN });
    expect(response.status).toBe(200);
    expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect((await send("nobody.localhost", { origin: A_ORIGIN, preflight: true })).status).toBe(403);
  });

  it("/status is open to every site on every host (its own route)", async () => {
    expect(allowOrigin(await send("nobody.localhost", { origin: "https://anyone.example", path: "/status" }))).toBe("*");
  });
});

describe("examples/tenants: a changed KV value takes effect after ttl (60 s)", () => {
  it("the old origins answer until the ttl has passed, then the new ones", async () => {
    const host = `changing.${TIMED}`;
    await (await kv()).put(host, JSON.stringify({ origins: ["https://old.example"] }));
    expect(allowOrigin(await send(host, { origin: "https://old.example" }))).toBe("https://old.example");
    await (await kv()).put(host, JSON.stringify({ origins: ["https://new.example"] }));
    await advance(59);
    expect(allowOrigin(await send(host, { origin: "https://new.example" }))).toBeNull();
    expect(allowOrigin(await send(host, { origin: "https://old.example" }))).toBe("https://old.example");
    await advance(1);
    expect(allowOrigin(await send(host, { origin: "https://new.example" }))).toBe("https://new.example");
    expect(allowOrigin(await send(host, { origin: "https://old.example" }))).toBeNull();
  });
});

describe("examples/tenants: a KV read that throws leaves working tenants working", () => {
  it("a hostname too long for a KV key: that request is a 503 without CORS, the others go on", async () => {
    const hostile = `${Array.from({ length: 9 }, () => "x".repeat(60)).join(".")}.localhost`;
    const response = await send(hostile, { origin: A_ORIGIN, preflight: true });
    expect([response.status, allowOrigin(response)]).toEqual([503, null]);
    expect(allowOrigin(await send("a.localhost", { origin: A_ORIGIN }))).toBe(A_ORIGIN);
    expect(allowOrigin(await send("b.localhost", { origin: B_ORIGIN }))).toBe(B_ORIGIN);
    await expect.poll(() => log, { timeout: 5_000 }).toContain("exceeds key length limit");
  });

  it("a malformed value: a tenant not yet cached is a 503, one cached keeps its last good policy", async () => {
    const store = await kv();
    await store.put(`broken.${TIMED}`, "{not json");
    expect((await send(`broken.${TIMED}`, { origin: A_ORIGIN })).status).toBe(503);
    await store.put(`flaky.${TIMED}`, JSON.stringify({ origins: [A_ORIGIN] }));
    expect(allowOrigin(await send(`flaky.${TIMED}`, { origin: A_ORIGIN }))).toBe(A_ORIGIN);
    await store.put(`flaky.${TIMED}`, "{not json");
    await advance(60);
    const kept = await send(`flaky.${TIMED}`, { origin: A_ORIGIN, preflight: true });
    expect([kept.status, allowOrigin(kept)]).toEqual([204, A_ORIGIN]);
    expect(allowOrigin(await send("a.localhost", { origin: A_ORIGIN }))).toBe(A_ORIGIN);
    await expect.poll(() => log, { timeout: 5_000 }).toMatch(/cors flaky\.timed\.localhost: .*JSON/);
  });

  it("a value with invalid origins is refused like a bad config (503), not trusted", async () => {
    await (await kv()).put("wild.localhost", JSON.stringify({ origins: "*" }));
    const response = await send("wild.localhost", { origin: "https://evil.example" });
    expect([response.status, allowOrigin(response)]).toEqual([503, null]);
    await expect.poll(() => log, { timeout: 5_000 }).toContain("cors wild.localhost: Invalid CORS policy");
  });
});
