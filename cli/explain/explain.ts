// `fetch-cors explain "<message>"`: the browser's console text → the failed check, its cause, the
// fixes, and the `fetch-cors check` command that reproduces it against the live server.
import { needsPreflight } from "../../src/check/index.ts";
import { placeholderValue } from "../check-args.ts";
import { pathPrefix } from "../fix-context.ts";
import { configFixes, fixesFor, type Fix } from "../fixes/index.ts";
import type { ProblemCode } from "../problems.ts";
import { adviceFor } from "./causes.ts";
import { chromiumLine, chromiumParts } from "./chromium.ts";
import { firefoxLine } from "./firefox.ts";
import type { MessageCode, Recognised } from "./recognised.ts";
import { safariLine } from "./safari.ts";
import { unwrap } from "./unwrap.ts";

/** The answer, in the shape `--json` prints (SPEC §8): the facts the message names, and what to do. */
export interface Explanation extends Pick<Recognised, "browser" | "codes" | "url" | "origin" | "method" | "header" | "status"> {
  readonly code: MessageCode;
  /** Null when check cannot reproduce the message: the page or the URL is not http(s). */
  readonly check: string | null;
  readonly cause: string;
  readonly fixes: readonly Fix[];
}

/** Text that is not a CORS message this knows, and what to do instead. */
export interface NotRecognised {
  readonly recognised: false;
  readonly reason: string;
  readonly check: string | null;
}

const MAX_TEXT = 64 * 1024;
const MAX_LINE = 8 * 1024;
// A fix needs an origin to be valid; when the message names none (Firefox), this stands for the page's.
export const PLACEHOLDER_ORIGIN = "https://app.example.com";
const COMMON_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const SERVER_CODES = new Set<MessageCode>([
  "preflight-redirect", "preflight-status", "missing-allow-origin", "multiple-allow-origin", "origin-mismatch",
  "wildcard-with-credentials", "missing-allow-credentials", "invalid-allow-methods", "invalid-allow-headers",
  "method-not-allowed", "header-not-allowed", "unreachable", "redirect-refused",
]);
const SCRIPT_ERRORS = /TypeError: (Failed to fetch|NetworkError when attempting to fetch resource|Load failed)/;

function recogniseLine(line: string): Recognised | null {
  return chromiumLine(line) ?? firefoxLine(line) ?? safariLine(line);
}

/** What pasted lines hold: each split into the lines it glues together, then recognised. */
function recogniseAll(lines: readonly string[]): Recognised[] {
  return lines.flatMap(chromiumParts).map(recogniseLine).filter((line): line is Recognised => line !== null);
}

function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

// What `check` needs to send a preflight when the message says one failed but names neither a
// method nor a header that calls for it: a made-up header name, for the user to replace.
export const PLACEHOLDER_HEADER = "X-YOUR-HEADER";

/** Whether the message says a preflight was sent (or, for Firefox's status forms, names the preflight's status as the root). */
function failedPreflight(message: Recognised): boolean {
  return message.preflight === true || (message.code === "preflight-status" && message.preflight !== false);
}

// What the message does not name, written so that the command pasted as printed is still valid
// shell (and a request check accepts), and plainly something to replace (see `placeholderHint`).
export const PLACEHOLDERS = {
  url: ["https://YOUR-API-URL", "the URL the page fetched"],
  origin: ["https://YOUR-PAGE-ORIGIN", "your page's origin (e.g. https://app.example.com)"],
  method: ["YOUR-METHOD", "the method the page sends (e.g. PUT)"],
  header: [PLACEHOLDER_HEADER, "a header the page sends that needs the preflight (e.g. Authorization, or 'Content-Type: application/json')"],
} as const;
const quoted = (text: string) => `'${text}'`;

/** "Replace … with …" for the placeholders a printed check command holds, or null when it holds none. */
export function placeholderHint(check: string): string | null {
  const used = Object.values(PLACEHOLDERS).filter(([word]) => check.includes(quoted(word)));
  if (used.length === 0) return null;
  return `Replace ${used.map(([word, what]) => `${word} with ${what}`).join(", ")}.`;
}

const isHttp = (url: string) => /^https?:\/\//i.test(url);

/**
 * The `fetch-cors check` command that sends what the page sent, with quoted placeholders for what
 * the message does not name; null when check cannot reproduce it (a file:// page or URL).
 */
export function checkCommand(message: Recognised): string | null {
  const url = message.redirectedFrom ?? message.url;
  if (url !== null && !isHttp(url)) return null;
  const words = ["fetch-cors check", url === null ? quoted(PLACEHOLDERS.url[0]) : shellWord(url)];
  words.push("--origin", message.origin === null ? quoted(PLACEHOLDERS.origin[0]) : shellWord(message.origin));
  const method = message.method;
  if (method !== null && method !== "GET") words.push("-X", shellWord(method));
  else if (message.code === "method-not-allowed" || (method === null && message.header === null && failedPreflight(message))) words.push("-X", quoted(PLACEHOLDERS.method[0]));
  if (message.header !== null) words.push("-H", shellWord(message.header));
  // A preflight failed, so the page's request needed one: the command must make check send it too,
  // or check sends a simple request and answers ALLOWED (or refuses a POST without --send).
  const headers: [string, string][] = message.header === null ? [] : [[message.header, placeholderValue(message.header)]];
  if (method !== null && failedPreflight(message) && !needsPreflight({ method, headers }).preflight) words.push("-H", quoted(PLACEHOLDER_HEADER));
  if (message.credentials) words.push("--credentials");
  return words.join(" ");
}

/** The first line that names a check is the root; lines that only accompany it lend their facts. */
function combine(lines: readonly Recognised[]): Recognised | null {
  const named = lines.filter((line) => line.code !== null);
  // Firefox follows every refused preflight with "CORS request did not succeed"; that line is the root only alone.
  const root = named.find((line) => !(line.browser === "Firefox" && line.code === "unreachable" && named.length > 1)) ?? named[0];
  if (root === undefined) return null;
  const others = lines.filter((line) => line !== root);
  // Chromium's network line is the actual request's (DevTools: "POST … net::ERR_FAILED 200 (OK)"): after a
  // failed preflight its status is not the preflight's, and OPTIONS is the preflight, not the page's method.
  const lends = (line: Recognised, key: "url" | "origin" | "method" | "status"): boolean => {
    if (line[key] === null) return false;
    if (key === "method") return line.method?.toUpperCase() !== "OPTIONS";
    if (key === "status" && line.network !== null && failedPreflight(root)) return line.method?.toUpperCase() === "OPTIONS";
    return true;
  };
  const pick = <K extends "url" | "origin" | "method" | "status">(key: K): Recognised[K] => root[key] ?? others.find((line) => lends(line, key))?.[key] ?? null;
  return { ...root, url: pick("url"), origin: pick("origin"), method: pick("method"), status: pick("status") };
}

function fixes(message: Recognised, fix: string): Fix[] {
  const code = message.code;
  if (code === null || !SERVER_CODES.has(code)) return [{ stack: "any", title: "What to change", text: fix }];
  const method = message.method === null ? [] : [message.method.toUpperCase()];
  const context = {
    code: code as ProblemCode,
    origin: message.origin !== null && message.origin !== "null" ? message.origin : PLACEHOLDER_ORIGIN,
    methods: [...new Set([...COMMON_METHODS, ...method])],
    headers: [...new Set(["content-type", ...(message.header === null || message.header.startsWith("access-control-") ? [] : [message.header])])],
    credentials: message.credentials,
    path: message.url === null ? "/api/" : safePath(message.url),
    sentOrigin: code === "origin-mismatch" ? message.value : null,
    authFirst: code === "preflight-status" && (message.status === 401 || message.status === 403),
    pageMethod: message.codes.includes("method-case") && message.method !== null ? message.method.toUpperCase() : null,
    afterRedirect: message.redirectedFrom !== null && code !== "redirect-refused",
  };
  return configFixes(context) ? fixesFor(fix, context, []) : fixesFor(fix, context, []).slice(0, context.pageMethod === null ? 1 : 2);
}

function safePath(url: string): string {
  try {
    return pathPrefix(url);
  } catch {
    return "/api/";
  }
}

/** Explains a console message (one or several lines, as pasted). */
export function explain(text: string): Explanation | NotRecognised {
  const pasted = text.slice(0, MAX_TEXT).split(/\r?\n/).map((line) => line.slice(0, MAX_LINE).trim()).filter((line) => line !== "");
  let recognisedLines = recogniseAll(pasted);
  let message = combine(recognisedLines);
  // No line names a check on its own: the message may have been wrapped when pasted. Joining is
  // tried only then, so it never changes the answer for lines recognised one by one.
  if ((message === null || message.code === null) && pasted.length > 1) {
    const joined = recogniseAll(unwrap(pasted, (line) => recogniseAll([line])));
    const rejoined = combine(joined);
    if (rejoined !== null && rejoined.code !== null) {
      recognisedLines = joined;
      message = rejoined;
    }
  }
  if (message === null || message.code === null) {
    const companion = recognisedLines[0];
    if (companion !== undefined) {
      return {
        recognised: false,
        reason: `This ${companion.browser} line accompanies a CORS error but does not say which check failed; the line ${companion.browser === "Safari" ? "before" : "above"} it does (paste that one).`,
        check: companion.url === null ? null : checkCommand(companion),
      };
    }
    const script = SCRIPT_ERRORS.exec(text);
    return {
      recognised: false,
      reason: script !== null
        ? `"TypeError: ${script[1]}" is what the page's script sees for any CORS or network failure; the browser's console prints the reason on another line (paste that one).`
        : "This is not a CORS console message of Chromium, Firefox or Safari that fetch-cors knows.",
      check: null,
    };
  }
  const advice = adviceFor(message);
  const code = message.code;
  return {
    browser: message.browser,
    code,
    codes: message.codes.length > 0 ? message.codes : [code],
    url: message.url,
    origin: message.origin,
    method: message.method,
    header: message.header,
    status: message.status,
    check: checkCommand(message),
    cause: advice.cause,
    fixes: fixes(message, advice.fix),
  };
}
