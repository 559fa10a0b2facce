// Runs inside the browser page (bundled by page-server.ts). It only reports what the browser let
// the page see; every judgement is made by the test runner.
import type { FormOutcome, FormRequest, ProbeOutcome, ProbeRequest, SocketOutcome, SocketRequest } from "./probe-types.ts";

/** How long the page waits for a form's answer or a WebSocket's, so that no probe hangs the test. */
const WAIT_MS = 10_000;

async function run(request: ProbeRequest): Promise<ProbeOutcome> {
  // No `cache` option: with "no-store" or "reload", Chromium and Firefox also skip their preflight cache.
  const init: RequestInit = { method: request.method, headers: request.headers, credentials: request.credentials };
  if (request.mode !== undefined) init.mode = request.mode;
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

let nextTarget = 0;

/** Posts an HTML form into a hidden iframe, as a page on another site can without any script API. */
function submitForm(request: FormRequest): Promise<FormOutcome> {
  const frame = document.createElement("iframe");
  frame.name = `form-target-${++nextTarget}`;
  document.body.append(frame);
  const form = document.createElement("form");
  form.method = "post";
  form.action = request.url;
  form.enctype = request.enctype;
  form.target = frame.name;
  for (const [name, value] of Object.entries(request.fields)) {
    const input = document.createElement("input");
    Object.assign(input, { type: "hidden", name, value });
    form.append(input);
  }
  document.body.append(form);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ loaded: false, error: `no answer within ${WAIT_MS} ms` }), WAIT_MS);
    // The empty document an iframe starts with also fires "load" (in Chromium while it is appended,
    // in Firefox later): the answer is the first document the page may not look into.
    frame.addEventListener("load", () => {
      if (frame.contentDocument !== null) return;
      clearTimeout(timer);
      form.remove();
      resolve({ loaded: true });
    });
    form.submit();
  });
}

/** Opens a WebSocket, sends one message and reports the first reply, or how the socket closed. */
function openWebSocket(request: SocketRequest): Promise<SocketOutcome> {
  const socket = new WebSocket(request.url);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.close();
      resolve({ opened: false, closeCode: -1 });
    }, WAIT_MS);
    socket.addEventListener("open", () => socket.send(request.message));
    socket.addEventListener("message", (event) => {
      clearTimeout(timer);
      resolve({ opened: true, reply: String(event.data) });
      socket.close(1000, "done");
    });
    // A refused handshake closes the socket without ever opening it (code 1006).
    socket.addEventListener("close", (event) => {
      clearTimeout(timer);
      resolve({ opened: false, closeCode: event.code });
    });
  });
}

(globalThis as unknown as { corsProbe: unknown }).corsProbe = { run, runSandboxed, submitForm, openWebSocket };
