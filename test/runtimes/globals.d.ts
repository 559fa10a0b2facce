// The few Deno and Bun globals the runtime servers and the examples use, declared so that
// `tsc -p tsconfig.test.json` checks those files without Deno's or Bun's own type packages.
// (The Deno suite also runs `deno check` on the Deno example against Deno's real types.)

interface ImportMeta {
  /** True in the entry module under Deno and Bun. */
  readonly main: boolean;
}

declare namespace Deno {
  interface NetAddr {
    readonly transport: "tcp" | "udp";
    readonly hostname: string;
    readonly port: number;
  }
  interface ServeHandlerInfo {
    readonly remoteAddr: NetAddr;
    readonly completed: Promise<void>;
  }
  interface HttpServer {
    readonly addr: NetAddr;
    shutdown(): Promise<void>;
  }
  interface ServeOptions {
    port?: number;
    hostname?: string;
    onListen?: (addr: NetAddr) => void;
  }
  function serve(options: ServeOptions, handler: (request: Request, info: ServeHandlerInfo) => Response | Promise<Response>): HttpServer;
  type KvKey = readonly (string | number | bigint | boolean | Uint8Array)[];
  interface Kv {
    get(key: KvKey): Promise<{ readonly key: KvKey; readonly value: unknown }>;
    set(key: KvKey, value: unknown): Promise<unknown>;
    close(): void;
  }
  function openKv(path?: string): Promise<Kv>;
  function readTextFile(path: string | URL): Promise<string>;
  const args: readonly string[];
  function upgradeWebSocket(request: Request): { socket: WebSocket; response: Response };
  const env: { get(key: string): string | undefined };
}

declare namespace Bun {
  interface ServerWebSocket<WebSocketData = undefined> {
    readonly data: WebSocketData;
    send(data: string): number;
    close(code?: number, reason?: string): void;
  }
  // Generic, as in Bun's own types (the parameter is the type of each socket's data).
  interface Server<WebSocketData = undefined> {
    readonly pendingWebSockets: number;
    readonly port: number;
    readonly hostname: string;
    upgrade(request: Request): boolean;
    stop(closeActiveConnections?: boolean): Promise<void>;
  }
  interface ServeOptions {
    port?: number;
    hostname?: string;
    fetch(this: Server, request: Request, server: Server): Response | undefined | void | Promise<Response | undefined | void>;
    /** Per path, a handler per method; a method without one falls through to fetch. */
    routes?: Record<string, Partial<Record<"GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS", (request: Request, server: Server) => Response | Promise<Response>>>>;
    websocket?: { message(socket: ServerWebSocket, message: string | Uint8Array): void };
  }
  function serve(options: ServeOptions): Server;
  const env: Record<string, string | undefined>;
}
