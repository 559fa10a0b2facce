// Run by deno-kv.test.ts: the Deno KV example's handler over the store at KV_PATH, served twice on
// free loopback ports: as the example builds it, and with a cache clock the test moves on
// (POST /__test/clock?advance=SECONDS). Prints READY {"plain":port,"timed":port}.
import { tenantsHandler } from "../../../examples/deno-kv/server.ts";

const kv = await Deno.openKv(Deno.env.get("KV_PATH"));
let offset = 0;
const timed = tenantsHandler(kv, { now: () => Date.now() + offset });

const quiet = { hostname: "127.0.0.1", port: 0, onListen() {} };
const plain = Deno.serve(quiet, tenantsHandler(kv));
const clocked = Deno.serve(quiet, (request, info) => {
  const url = new URL(request.url);
  if (url.pathname !== "/__test/clock") return timed(request, info);
  offset += Number(url.searchParams.get("advance")) * 1000;
  return new Response(null, { status: 204 });
});
console.log(`READY ${JSON.stringify({ plain: plain.addr.port, timed: clocked.addr.port })}`);
