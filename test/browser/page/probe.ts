// Runs inside the browser page (bundled by page-server.ts). It only reports what the browser let
// the page see; every judgement is made by the test runner.
import type { ProbeOutcome, ProbeRequest } from "./probe-types.ts";

async function run(request: ProbeRequest): Promise<ProbeOutcome> {
  // No `cache` option: with "no-store" or "reload", Chromium and Firefox also skip their preflight cache.
  const init: RequestInit = { method: request.method, headers: request.headers, credentials: request.credentials };
  if (request.body !== undefined) init.body = request.body;
  try {
    const response = await fetch(request.url, init);
    const body = await response.text();
    const headers: Record<string, string | null> = {};
    for (const name of request.read) headers[name] = response.headers.get(name);
    return { readable: true, status: response.status, body, headers };
  } catch (error) {
    return { readable: false, error: String(error) };
  }
}

let nextFrame = 0;

/** The same fetch from a sandboxed iframe, whose opaque origin the browser sends as `Origin: null`. */
function runSandboxed(request: ProbeRequest): Promise<ProbeOutcome> {
  const frameId = `probe-${++nextFrame}`;
  const frame = document.createElement("iframe");
  frame.sandbox.add("allow-scripts");
  // `<` is escaped so no value can close the inline script.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
  frame.srcdoc =
    `<script src="${location.origin}/probe.js"></script>` +
    `<script>corsProbe.run(${json(request)}).then((outcome) => parent.postMessage({ frameId: ${json(frameId)}, outcome }, "*"));</script>`;
  return new Promise((resolve) => {
    const listen = (event: MessageEvent<{ frameId?: string; outcome?: ProbeOutcome }>) => {
      if (event.data.frameId !== frameId || event.data.outcome === undefined) return;
      window.removeEventListener("message", listen);
      frame.remove();
      resolve(event.data.outcome);
    };
    window.addEventListener("message", listen);
    document.body.append(frame);
  });
}

(globalThis as unknown as { corsProbe: unknown }).corsProbe = { run, runSandboxed };
