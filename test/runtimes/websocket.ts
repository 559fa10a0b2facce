import WebSocket from "ws";
import { ALLOWED_ORIGIN } from "./fixture.ts";

/** How a handshake ended: upgraded (with the first reply to one message), or answered over HTTP. */
export type Handshake =
  | { readonly upgraded: true; readonly status: 101; readonly reply: string }
  | { readonly upgraded: false; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string };

/** Bounds every handshake and reply, so that a runtime that never answers fails the test instead of hanging it. */
const TIMEOUT_MS = 5_000;

/**
 * A real WebSocket handshake with the `ws` client, sending `Origin: origin` (none when null, as a
 * client that is not a browser does). Once upgraded, sends `message` and waits for the first reply.
 */
export function webSocketHandshake(url: string, { origin, message = "ping" }: { origin: string | null; message?: string }): Promise<Handshake> {
  const socket = new WebSocket(url, { ...(origin === null ? {} : { origin }), handshakeTimeout: TIMEOUT_MS });
  return new Promise<Handshake>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no reply from ${url} within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    const settle = (handshake: Handshake) => {
      clearTimeout(timer);
      resolve(handshake);
    };
    socket.once("unexpected-response", (_request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = String(value);
        settle({ upgraded: false, status: response.statusCode ?? 0, headers, body });
        socket.terminate();
      });
    });
    socket.once("open", () => socket.send(message));
    socket.once("message", (data) => {
      settle({ upgraded: true, status: 101, reply: String(data) });
      socket.close(1000, "done");
    });
    // `on`, not `once`: ending a refused handshake may report a second error, after the answer.
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Opens a WebSocket from the allowed origin, sends one message and returns the first reply. */
export async function webSocketExchange(url: string, message: string): Promise<{ status: number; reply: string }> {
  const handshake = await webSocketHandshake(url, { origin: ALLOWED_ORIGIN, message });
  if (!handshake.upgraded) throw new Error(`no WebSocket: the handshake answered ${handshake.status} ${handshake.body}`);
  return { status: handshake.status, reply: handshake.reply };
}
