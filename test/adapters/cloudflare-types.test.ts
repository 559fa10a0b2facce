import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// Worker code written the way Cloudflare's docs write it, with @cloudflare/workers-types (whose
// Request, ExecutionContext and ExportedHandler differ from the DOM's) and no DOM lib at all. It
// lives in a string because those types cannot share a program with the repository's DOM-typed tests.
const USAGE = `
/// <reference path="${ROOT}node_modules/@cloudflare/workers-types/index.d.ts" />
import { corsPolicy } from "${ROOT}src/index.ts";
import { withCors } from "${ROOT}adapters/cloudflare.ts";

interface Env {
  ALLOWED_ORIGINS: string;
  KV: KVNamespace;
}

const policyOf = (env: Env) => corsPolicy({ origins: env.ALLOWED_ORIGINS.split(",") });

// An ExportedHandler checked with satisfies, several handlers, the policy from env (inferred).
const handler = {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.KV.put("last", request.url));
    return Response.json({ country: request.cf?.country ?? null });
  },
  async scheduled(controller, env) {
    await env.KV.put("cron", controller.cron);
  },
} satisfies ExportedHandler<Env>;

const wrapped = withCors(handler, (env) => corsPolicy({ origins: env.ALLOWED_ORIGINS.split(",") }));
wrapped.scheduled satisfies typeof handler.scheduled;
export default wrapped satisfies ExportedHandler<Env>;

// An inline object literal: its parameters are typed by the adapter.
export const inline = withCors(
  {
    fetch(request, env: Env) {
      return new Response(request.method + env.ALLOWED_ORIGINS);
    },
  },
  policyOf,
);

// A bare fetch function with workers-types' own parameter types.
export const bare = withCors(
  async (request: Request<unknown, IncomingRequestCfProperties>, env: Env, ctx: ExecutionContext) => {
    ctx.passThroughOnException();
    return new Response(request.cf?.colo ?? "");
  },
  (env) => corsPolicy({ origins: env.ALLOWED_ORIGINS.split(",") }),
);
bare satisfies ExportedHandlerFetchHandler<Env>;

// A static policy and a handler that ignores env.
export const simple = withCors({ fetch: () => new Response("ok") }, corsPolicy({ origins: "*" })) satisfies ExportedHandler;

// @ts-expect-error the policy function must take the handler's env
withCors(handler, (env: { OTHER: number }) => corsPolicy({ origins: [String(env.OTHER)] }));
// Options are compiled once, when wrapping; the env function may return options too.
withCors(handler, { origins: "*" });
withCors(handler, (env: Env) => ({ origins: env.ALLOWED_ORIGINS.split(",") }));
// @ts-expect-error another library's option name is not an option here
withCors(handler, { origin: "*" });
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2022"],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    noEmit: true,
    skipLibCheck: true,
  },
  files: ["usage.ts"],
};

describe("the Cloudflare adapter's types", () => {
  it("accept Worker code typed with @cloudflare/workers-types, without the DOM lib", () => {
    const dir = mkdtempSync(join(tmpdir(), "fetch-cors-workers-types-"));
    try {
      writeFileSync(join(dir, "usage.ts"), USAGE);
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
      const tsc = spawnSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, "-p", dir], { encoding: "utf8", timeout: 60_000 });
      expect(`${tsc.stdout}${tsc.stderr}`).toBe("");
      expect(tsc.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
