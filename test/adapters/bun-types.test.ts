import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// Bun's own type package is not installed here, so this models the part of `Bun.serve`'s options
// the adapter must fit, as Bun's types define it: without `websocket`, `fetch` and every `routes`
// handler must answer with a Response; with `websocket`, `fetch` may return undefined after an
// upgrade.
const USAGE = `
import { corsPolicy, noCors } from "${ROOT}src/index.ts";
import { withCors } from "${ROOT}adapters/bun.ts";

interface Server<Data> {
  upgrade(request: Request, options?: { data: Data }): boolean;
  readonly port: number;
}
type Answer<R> = R | Promise<R>;
type RouteHandler = (request: Request & { readonly params: Record<string, string> }, server: Server<undefined>) => Answer<Response>;
interface PlainOptions {
  fetch(this: Server<undefined>, request: Request, server: Server<undefined>): Answer<Response>;
  routes?: Record<string, RouteHandler | Partial<Record<"GET" | "POST" | "DELETE", RouteHandler>>>;
}
interface WebSocketOptions<Data> {
  fetch(this: Server<Data>, request: Request, server: Server<Data>): Answer<Response | undefined | void>;
  websocket: { message(socket: { data: Data; send(text: string): number }, message: string): void };
}
declare function serve(options: PlainOptions): Server<undefined>;
declare function serve<Data>(options: WebSocketOptions<Data>): Server<Data>;

const policy = corsPolicy({ origins: ["https://app.example.com"] });

// A fetch that always answers fits a server without websocket, and so do wrapped route handlers.
serve({ fetch: withCors((request) => Response.json({ url: request.url }), policy) });
serve({
  fetch: withCors(async () => new Response("fallback"), policy),
  routes: {
    "/api/items": { GET: withCors(() => Response.json([]), policy) },
    "/api/any": withCors((request) => new Response(request.method), policy),
  },
});

// Bun's server (its this and second argument) reaches the handler with the type it is given.
serve({
  fetch: withCors(function (this: Server<undefined>, _request: Request, server: Server<undefined>) {
    return new Response(String(this.port + server.port));
  }, policy),
});

// A fetch that may return undefined after an upgrade fits a server with websocket...
const upgrading = withCors((request: Request, server: Server<{ room: string }>) => {
  return server.upgrade(request, { data: { room: "lobby" } }) ? undefined : new Response("Expected a WebSocket", { status: 426 });
}, policy);
serve({ fetch: upgrading, websocket: { message: (socket, message) => void socket.send(socket.data.room + message) } });

// ...and only such a server: Bun would not know what to do with its undefined.
// @ts-expect-error a fetch that may return undefined needs websocket
serve({ fetch: upgrading });

// Options are compiled once, when wrapping; a source gets the server as its context.
withCors(() => new Response(), { origins: "*" });
withCors(() => new Response(), { resolve: (_request: Request, server: { upgrade(request: Request): boolean }) => (server ? noCors : noCors) });
// @ts-expect-error another library's option name is not an option here
withCors(() => new Response(), { origin: "*" });
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
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

describe("the Bun adapter's types", () => {
  it("fit Bun.serve's fetch and routes handlers, with and without websocket", () => {
    const dir = mkdtempSync(join(tmpdir(), "fetch-cors-bun-types-"));
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
