/**
 * The three end-to-end variants called in a loop inside one workerd request, without HTTP or
 * Miniflare's routing around them: what CORS itself costs the isolate per request, free of the
 * noise a load test picks up on a shared machine. `?variant=plain|floor|cors&n=N`.
 */
import example from "../../examples/worker/index.ts";
import { handleApi } from "../../examples/worker/api.ts";
import floor from "./worker-floor.ts";

type Fetch = (request: Request, env: unknown, ctx: unknown) => Response | Promise<Response>;

const variants: Record<string, Fetch> = {
  plain: (request) => handleApi(request),
  floor: (request) => floor.fetch(request),
  cors: (request, env, ctx) => (example.fetch as Fetch)(request, env, ctx),
};

export default {
  async fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> {
    const url = new URL(request.url);
    const variant = variants[url.searchParams.get("variant") ?? ""];
    const n = Math.min(Number(url.searchParams.get("n") ?? "0") || 0, 1_000_000);
    if (variant === undefined) return new Response("unknown variant", { status: 400 });
    const probe = new Request(new URL(url.searchParams.get("path") ?? "/", url), { headers: request.headers });
    let status = 0;
    for (let i = 0; i < n; i++) status += (await variant(probe, env, ctx)).status;
    return new Response(String(status / Math.max(1, n)));
  },
};
