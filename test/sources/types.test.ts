// What the policy sources' types accept, checked by `tsc -p tsconfig.test.json` (the lines marked
// as expected errors must not compile); the runtime part only proves the file loads.
import type { Context } from "hono";
import { describe, expectTypeOf, test } from "vitest";
import { withCors as workerCors } from "../../adapters/cloudflare.ts";
import { withCors as denoCors, type ServeHandlerInfoLike } from "../../adapters/deno.ts";
import { cors } from "../../adapters/hono.ts";
import { withCors as lambdaCors } from "../../adapters/lambda.ts";
import { cachedPolicies, corsRoutes, noCors, withCors, type CachedPolicies, type CorsPolicySource } from "../../src/index.ts";

interface Env {
  readonly TENANTS: { get(key: string, type: "json"): Promise<unknown> };
}
interface LambdaEvent {
  readonly requestContext: { readonly stage: string };
}

const byHost = (request: Request) => new URL(request.url).hostname;

describe("§7 the context a source takes is inferred from key and load", () => {
  test("key(request) and load(host, env): the cache takes [env]", () => {
    const tenants = cachedPolicies({ key: byHost, load: async (host, env: Env) => env.TENANTS.get(host, "json") as never });
    expectTypeOf(tenants).toEqualTypeOf<CachedPolicies<[env: Env]>>();
    workerCors({ fetch: (_request: Request, _env: Env) => new Response("ok") }, tenants);
    workerCors({ fetch: (_request: Request, _env: Env) => new Response("ok") }, corsRoutes([["/public/*", { origins: "*" }], ["/*", tenants]]));
  });

  test("key(request, info) and load(host): the cache takes [info]", () => {
    const tenants = cachedPolicies({ key: (_request, info: ServeHandlerInfoLike) => info.remoteAddr.hostname, load: () => null });
    denoCors((request) => new Response(request.url), tenants);
  });

  test("key(request, event) and load(stage, event, context): the cache takes [event, context]", () => {
    const stages = cachedPolicies({ key: (_request, event: LambdaEvent) => event.requestContext.stage, load: async (_stage, _event: LambdaEvent, _context: unknown) => null });
    expectTypeOf(stages).toEqualTypeOf<CachedPolicies<[event: LambdaEvent, _context: unknown]>>();
    lambdaCors(async (_event: LambdaEvent, _context: unknown) => ({ statusCode: 200 }), stages);
  });

  test("Hono's c", () => {
    const tenants = cachedPolicies({ key: (_request, c: Context) => c.req.header("host") ?? "", load: () => null });
    cors(tenants);
  });

  test("a source for another runtime's context does not fit", () => {
    const numbered: CorsPolicySource<[count: number]> = { resolve: () => noCors };
    // @ts-expect-error Deno hands a source its info, not a number
    denoCors((request, info: ServeHandlerInfoLike) => new Response(info.remoteAddr.hostname), numbered);
    // @ts-expect-error key and load disagree on their first context argument
    cachedPolicies({ key: (_request, _a: number) => "", load: (_key, _b: string) => null });
  });
});
