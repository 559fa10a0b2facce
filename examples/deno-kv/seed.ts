// Fills a Deno KV store with the tenants of ../tenants/tenants.json, or sets one tenant's record:
//   deno run --unstable-kv --allow-read --allow-write examples/deno-kv/seed.ts tenants.sqlite3
//   deno run --unstable-kv --allow-read --allow-write examples/deno-kv/seed.ts tenants.sqlite3 a.localhost '{"origins":["https://app.example"]}'
import { tenantKey } from "./server.ts";

const [path, host, record] = Deno.args;
if (path === undefined) throw new Error("usage: seed.ts KV_PATH [HOST RECORD_JSON]");
const tenants: Record<string, unknown> = host === undefined
  ? JSON.parse(await Deno.readTextFile(new URL("../tenants/tenants.json", import.meta.url)))
  : { [host]: JSON.parse(record ?? "null") };

const kv = await Deno.openKv(path);
for (const [name, value] of Object.entries(tenants)) await kv.set(tenantKey(name), value);
kv.close();
console.log(`seeded ${Object.keys(tenants).join(", ")}`);
