// Express + cors, Fastify + @fastify/cors, Koa + @koa/cors and Hono on @hono/node-server, each a
// real app file run by Node, with its CORS set up as the case says.
import { symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { place, type AppSetup, type Placed } from "./app-setup.ts";
import { freePort, startServer, type Running } from "./process.ts";
import { inTempDir } from "./temp-dir.ts";

const NODE_MODULES = fileURLToPath(new URL("../../node_modules", import.meta.url));
const ROUTE_METHODS = ["GET", "PUT", "PATCH", "DELETE", "POST"];

interface NodeApp {
  readonly imports: string;
  readonly source: (setup: AppSetup, placed: Placed) => string;
}

const LISTEN_PORT = "Number(process.env.PORT)";

export const NODE_APPS = {
  express: {
    imports: 'import express from "express";\nimport cors from "cors";',
    source: (setup, placed) => `const app = express();
${placed.first}
${placed.corsBeforeAuth}
app.get("/login", (req, res) => res.type("html").send("<form>sign in</form>"));
${setup.auth === undefined ? "" : `app.use((req, res, next) => (req.get("authorization") ? next() : ${setup.auth === "401" ? 'res.status(401).send("Unauthorized")' : 'res.redirect("/login")'}));`}
${placed.corsAfterAuth}
for (const method of ${JSON.stringify(ROUTE_METHODS.map((m) => m.toLowerCase()))}) app[method]("/api/items", (req, res) => res.json({ ok: true }));
${setup.fallback === true ? 'app.use((req, res) => res.type("html").send("<!doctype html><title>app</title>"));' : ""}
app.listen(${LISTEN_PORT}, "127.0.0.1");
`,
  },
  fastify: {
    imports: 'import Fastify from "fastify";\nimport cors from "@fastify/cors";',
    source: (setup, placed) => `const app = Fastify();
${placed.first}
${placed.corsBeforeAuth}
${setup.auth === undefined ? "" : `app.addHook("onRequest", async (request, reply) => {
  if (request.url !== "/login" && request.headers.authorization === undefined) return ${setup.auth === "401" ? 'reply.code(401).send("Unauthorized")' : 'reply.redirect("/login")'};
});`}
${placed.corsAfterAuth}
app.get("/login", async (request, reply) => reply.type("text/html").send("<form>sign in</form>"));
app.route({ method: ${JSON.stringify(ROUTE_METHODS)}, url: "/api/items", handler: async () => ({ ok: true }) });
await app.listen({ port: ${LISTEN_PORT}, host: "127.0.0.1" });
`,
  },
  koa: {
    imports: 'import Koa from "koa";\nimport Router from "@koa/router";\nimport cors from "@koa/cors";',
    source: (setup, placed) => `const app = new Koa();
${placed.first}
${placed.corsBeforeAuth}
${setup.auth === undefined ? "" : `app.use(async (ctx, next) => {
  if (ctx.path !== "/login" && !ctx.get("authorization")) return ${setup.auth === "401" ? "ctx.throw(401)" : 'ctx.redirect("/login")'};
  await next();
});`}
${placed.corsAfterAuth}
const router = new Router();
router.get("/login", (ctx) => { ctx.type = "html"; ctx.body = "<form>sign in</form>"; });
for (const method of ${JSON.stringify(ROUTE_METHODS.map((m) => m.toLowerCase()))}) router[method]("/api/items", (ctx) => { ctx.body = { ok: true }; });
app.use(router.routes());
app.listen(${LISTEN_PORT}, "127.0.0.1");
`,
  },
  hono: {
    imports: 'import { Hono } from "hono";\nimport { serve } from "@hono/node-server";\nimport { cors } from "hono/cors";',
    source: (setup, placed) => `const app = new Hono();
${placed.first}
${placed.corsBeforeAuth}
${setup.auth === undefined ? "" : `app.use("*", async (c, next) => {
  if (c.req.path !== "/login" && !c.req.header("authorization")) return ${setup.auth === "401" ? 'c.text("Unauthorized", 401)' : 'c.redirect("/login")'};
  await next();
});`}
${placed.corsAfterAuth}
app.get("/login", (c) => c.html("<form>sign in</form>"));
app.on(${JSON.stringify(ROUTE_METHODS)}, "/api/items", (c) => c.json({ ok: true }));
serve({ fetch: app.fetch, port: ${LISTEN_PORT}, hostname: "127.0.0.1" });
`,
  },
} satisfies Record<string, NodeApp>;

export type NodeStack = keyof typeof NODE_APPS;

/** Writes the app (with `fix` applied, if given) and runs it with Node on a free port. */
export function startNodeApp(stack: NodeStack, setup: AppSetup, fix: string | null): Promise<Running> {
  return inTempDir(stack, async (dir) => {
    const app = NODE_APPS[stack];
    const placed = place(setup, fix, app.imports);
    await symlink(NODE_MODULES, join(dir, "node_modules"), "dir");
    await writeFile(join(dir, "app.mjs"), `${app.imports}\n${placed.imports}\n${app.source(setup, placed)}`);
    const port = await freePort();
    return startServer(process.execPath, [join(dir, "app.mjs")], port, { env: { PORT: String(port) } });
  });
}
