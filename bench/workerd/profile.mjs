// Profiles one benchmark operation inside workerd: the micro-benchmark Worker runs it in batches
// while V8's sampling profiler, reached through Miniflare's inspector on 127.0.0.1, records where
// the time goes. Bounded: a fixed number of seconds, then everything is disposed.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { bundle } from "../lib/build.mjs";
import { startWorkerd } from "../lib/workerd.mjs";
import { sourceOf, summarise } from "../profile.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = 4;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A minimal DevTools protocol client: one request at a time, answers matched by id. */
async function inspector(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  let last = 0;
  const waiting = new Map();
  socket.on("message", (data) => {
    // workerd answers Profiler.enable and .start by echoing the request (no `result`): any message
    // with the id is the answer.
    const message = JSON.parse(String(data));
    const resolve = waiting.get(message.id);
    waiting.delete(message.id);
    resolve?.(message);
  });
  return {
    send(method, params = {}) {
      const id = ++last;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

export async function profileInWorkerd(key, dir, srcDir) {
  const script = await bundle(join(here, "worker.ts"), dir, "worker", srcDir);
  const port = await freePort();
  const { mf } = await startWorkerd(script, { inspectorPort: port });
  try {
    const run = async (n) => {
      const response = await mf.dispatchFetch(`http://bench.local/run?key=${encodeURIComponent(key)}&n=${n}`);
      const text = await response.text();
      if (response.status !== 200) throw new Error(`workerd answered ${response.status}: ${text}`);
    };
    for (let i = 0; i < 20; i++) await run(2000);
    const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    const user = targets.find((t) => t.id.startsWith("core:user"));
    if (user === undefined) throw new Error("no inspector target for the Worker");
    const devtools = await inspector(user.webSocketDebuggerUrl);
    try {
      await devtools.send("Profiler.enable");
      await devtools.send("Profiler.setSamplingInterval", { interval: 100 });
      await devtools.send("Profiler.start");
      let batches = 0;
      for (const until = Date.now() + SECONDS * 1000; Date.now() < until; batches++) await run(2000);
      const { result } = await devtools.send("Profiler.stop");
      console.log(`Profile of ${key} inside workerd: ${batches * 2000} operations in ${SECONDS} s (plus the requests that carry them)\n`);
      const name = basename(script);
      console.log(summarise(result.profile, sourceOf(readFileSync(script, "utf8")), (url) => url.endsWith(name)));
    } finally {
      devtools.close();
    }
  } finally {
    await mf.dispose();
  }
}
