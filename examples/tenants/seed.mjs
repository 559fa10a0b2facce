// Puts tenants.json into the TENANTS namespace of `wrangler dev`'s local storage, one KV value per
// tenant hostname:  node examples/tenants/seed.mjs [--persist-to DIR]
// (extra arguments go to `wrangler kv bulk put`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const wrangler = fileURLToPath(new URL("../../node_modules/wrangler/bin/wrangler.js", import.meta.url));
const tenants = JSON.parse(readFileSync(join(here, "tenants.json"), "utf8"));

// `kv bulk put` takes a list of { key, value } with string values: each tenant's record as JSON.
const dir = mkdtempSync(join(tmpdir(), "tenants-seed-"));
const bulk = join(dir, "bulk.json");
writeFileSync(bulk, JSON.stringify(Object.entries(tenants).map(([host, record]) => ({ key: host, value: JSON.stringify(record) }))));
try {
  const result = spawnSync(process.execPath, [
    wrangler, "kv", "bulk", "put", bulk, "--binding", "TENANTS", "--local", "--config", join(here, "wrangler.toml"), ...process.argv.slice(2),
  ], { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
