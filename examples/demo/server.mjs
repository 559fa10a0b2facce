// Serves the demo page (this folder) and its config, the API's address, on a loopback port.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";

const FILES = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/index.html": ["index.html", "text/html; charset=utf-8"],
  "/demo.js": ["demo.js", "text/javascript; charset=utf-8"],
};

/** Starts the demo page server; resolves with it once listening, rejects if the port is taken. */
export function startDemoServer({ port, api }) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/config.json") {
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify({ api }));
      return;
    }
    const file = FILES[path];
    if (file === undefined || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("Not found");
      return;
    }
    const body = await readFile(new URL(file[0], import.meta.url));
    response.writeHead(200, { "content-type": file[1], "cache-control": "no-store" });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
