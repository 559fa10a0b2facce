// Makes a request from the page with fetch() or XMLHttpRequest and collects what the browser then
// prints to the console (Firefox prints after the request has settled, so this waits for it).
import type { BrowserPage } from "./browsers.ts";

export type Api = "fetch" | "XMLHttpRequest";

export interface PageRequest {
  readonly url: string;
  readonly method?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly credentials?: boolean | undefined;
}

export interface Captured {
  /** `readable`, or `blocked: <the error the script saw>`. */
  readonly outcome: string;
  readonly lines: readonly string[];
}

function expression(api: Api, request: PageRequest): string {
  const method = JSON.stringify(request.method ?? "GET");
  const headers = JSON.stringify(request.headers ?? {});
  const url = JSON.stringify(request.url);
  if (api === "fetch") {
    const credentials = JSON.stringify(request.credentials === true ? "include" : "same-origin");
    return `fetch(${url}, { method: ${method}, headers: ${headers}, credentials: ${credentials} }).then((r) => r.text().then(() => "readable"), (e) => "blocked: " + e)`;
  }
  return `new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(${method}, ${url});
    xhr.withCredentials = ${request.credentials === true};
    for (const [name, value] of Object.entries(${headers})) xhr.setRequestHeader(name, value);
    xhr.onload = () => resolve("readable");
    xhr.onerror = () => resolve("blocked: XMLHttpRequest error");
    xhr.send();
  })`;
}

/** Makes the request from the page: `readable`, or `blocked: …` with what the script saw. */
export function send(page: BrowserPage, api: Api, request: PageRequest): Promise<string> {
  return page.evaluate<string>(expression(api, request));
}

const POLL_MS = 100;
const WAIT_MS = 4000;

/** The console lines the request caused: waits until a line has come and no more follow, at most {@link WAIT_MS}. */
export async function capture(page: BrowserPage, api: Api, request: PageRequest): Promise<Captured> {
  const before = page.consoleMessages().length;
  const outcome = await send(page, api, request);
  const deadline = Date.now() + WAIT_MS;
  let count = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = page.consoleMessages().length - before;
    // Two polls without a new line after the first one: the browser has said all it will.
    if ((now > 0 && now === count) || Date.now() > deadline) break;
    count = now;
  }
  return { outcome, lines: page.consoleMessages().slice(before) };
}
