// Run by tenants-kv.test.ts beside the tenants example itself: the same Worker, built by the same
// tenantsWorker(), with a cache clock the test moves on (POST /__test/clock?advance=SECONDS), so
// that ttl is tested without waiting for it.
import type { ExecutionContextLike } from "../../../adapters/cloudflare.ts";
import { tenantsWorker, type Env } from "../../../examples/tenants/worker.ts";

let offset = 0;
const worker = tenantsWorker({ now: () => Date.now() + offset });

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContextLike): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/__test/clock") {
      offset += Number(url.searchParams.get("advance")) * 1000;
      return Promise.resolve(new Response(null, { status: 204 }));
    }
    return worker.fetch(request, env, ctx);
  },
};
