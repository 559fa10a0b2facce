// Serves the demo page (this folder) on a loopback port, with what the page cannot learn by itself:
// the API's address and CORS policy (/config.json), and what each of its calls sent and received
// (/exchanges?call=<id>), both read from the example Worker's demo routes.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";

const HTML = "text/html; charset=utf-8";
const SCRIPT = "text/javascript; charset=utf-8";
const FILES = {
  "/": ["index.html", HTML],
  "/index.html": ["index.html", HTML],
  "/demo.js": ["demo.js", SCRIPT],
  "/explain.js": ["explain.js", SCRIPT],
  "/form-post.html": ["form-post.html", HTML],
  "/form-post.js": ["form-post.js", SCRIPT],
};

/** Starts the demo page server; resolves with it once listening, rejects if the port is taken. */
export function startDemoServer({ port, api }) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/config.json") {
      send(response, 200, "application/json", JSON.stringify({ api, policy: await readJson(`${api}/demo/policy`) }));
      return;
    }
    if (url.pathname === "/exchanges") {
      const call = encodeURIComponent(url.searchParams.get("call") ?? "");
      send(response, 200, "application/json", JSON.stringify((await readJson(`${api}/demo/exchanges?call=${call}`)) ?? []));
      return;
    }
    if (url.pathname === "/favicon.ico") {
      // The pages name an empty icon; a browser that asks anyway gets no 404 in its Console.
      response.writeHead(204).end();
      return;
    }
    const file = FILES[url.pathname];
    if (file === undefined || (request.method !== "GET" && request.method !== "HEAD")) {
      send(response, 404, "text/plain; charset=utf-8", "Not found");
      return;
    }
    const body = await readFile(new URL(file[0], import.meta.url));
    send(response, 200, file[1], request.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

function send(response, status, type, body) {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

/** The Worker's JSON answer, or null while it is not up (the page then says it could not read it). */
async function readJson(url) {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return await answer.json();
  } catch {
    return null;
  }
}
