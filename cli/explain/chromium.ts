// Chromium's console messages: "Access to fetch at '…' from origin '…' has been blocked by CORS
// policy: …" (fetch, XMLHttpRequest and other loads), its network-error lines, and the Local
// Network Access and deprecation messages. Texts as Chromium 156 prints them (services/network/
// public/cpp/cors/cors_error_status.cc), checked against real Chromium by the browser suite.
import { recognised, type MessageCode, type Recognised } from "./recognised.ts";

const HEAD = /Access to ([A-Za-z][A-Za-z ]{0,40}?) at '([^']*)'(?: \(redirected from '([^']*)'\))? from origin '([^']*)' has been blocked by CORS policy: (.*)$/;
const PREFLIGHT = "Response to preflight request doesn't pass access control check: ";
// Hints Chromium appends, removed before the reason is matched.
const HINTS = [
  / Have the server send the header with a valid value(?:, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled)?\.$/,
  / If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled\.$/,
  / The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute\.$/,
];

type Facts = Partial<Omit<Recognised, "browser" | "form" | "code">>;
type Reason = readonly [RegExp, (match: RegExpExecArray) => { code: MessageCode; facts?: Facts }];

const REASONS: readonly Reason[] = [
  [/^No 'Access-Control-Allow-Origin' header is present on the requested resource\.$/, () => ({ code: "missing-allow-origin" })],
  [/^The 'Access-Control-Allow-Origin' header has a value '(.*)' that is not equal to the supplied origin\.$/, (m) => ({ code: "origin-mismatch", facts: { value: m[1] ?? null } })],
  [/^The 'Access-Control-Allow-Origin' header contains the invalid value '(.*)'\.$/, (m) => ({ code: "origin-mismatch", facts: { value: m[1] ?? null } })],
  [/^The 'Access-Control-Allow-Origin' header contains multiple values '(.*)', but only one is allowed\.$/, (m) => ({ code: "multiple-allow-origin", facts: { value: m[1] ?? null } })],
  [/^The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '\*' when the request's credentials mode is 'include'\.$/, () => ({ code: "wildcard-with-credentials", facts: { credentials: true, value: "*" } })],
  [/^The value of the 'Access-Control-Allow-Credentials' header in the response is '(.*)' which must be 'true' when the request's credentials mode is 'include'\.$/, (m) => ({ code: "missing-allow-credentials", facts: { credentials: true, value: m[1] ?? null } })],
  [/^It does not have HTTP ok status\.$/, () => ({ code: "preflight-status", facts: { preflight: true } })],
  [/^Redirect is not allowed for a preflight request\.$/, () => ({ code: "preflight-redirect", facts: { preflight: true } })],
  [/^Method (\S+) is not allowed by Access-Control-Allow-Methods in preflight response\.$/, (m) => methodFacts(m[1] ?? "")],
  [/^Request header field (\S+) is not allowed by Access-Control-Allow-Headers in preflight response\.$/, (m) => ({ code: "header-not-allowed", facts: { preflight: true, header: (m[1] ?? "").toLowerCase() } })],
  [/^Cannot parse Access-Control-Allow-Methods response header field in preflight response\.$/, () => ({ code: "invalid-allow-methods", facts: { preflight: true } })],
  [/^Cannot parse Access-Control-Allow-Headers response header field in preflight response\.$/, () => ({ code: "invalid-allow-headers", facts: { preflight: true } })],
  [/^Redirect location '(.*)' (?:contains a username and password, which is disallowed|has a disallowed scheme) for cross-origin requests\.$/, (m) => ({ code: "redirect-refused", facts: { value: m[1] ?? null } })],
  [/^Cross origin requests are only supported for protocol schemes: /, () => ({ code: "not-http" })],
  [/Access-Control-Allow-Private-Network/i, () => ({ code: "local-network-access", facts: { privateNetwork: "allow-header" } })],
  [/not a secure context/i, () => ({ code: "local-network-access", facts: { privateNetwork: "secure-context" } })],
  [/(address space|Local Network Access|Private Network)/i, () => ({ code: "local-network-access", facts: { privateNetwork: "permission" } })],
];

function methodFacts(method: string): { code: MessageCode; facts: Facts } {
  const lowercase = method !== method.toUpperCase();
  return { code: "method-not-allowed", facts: { preflight: true, method, codes: lowercase ? ["method-not-allowed", "method-case"] : ["method-not-allowed"] } };
}

function corsLine(line: string): Recognised | null {
  const head = HEAD.exec(line);
  if (head === null) return null;
  const [, form = "", url = "", redirectedFrom, origin = "", rest = ""] = head;
  let reason = rest.trim();
  const preflight = reason.startsWith(PREFLIGHT);
  if (preflight) reason = reason.slice(PREFLIGHT.length);
  const xhrCredentials = reason.includes("withCredentials attribute");
  for (const hint of HINTS) reason = reason.replace(hint, "");
  const facts: Facts = { url, origin, redirectedFrom: redirectedFrom ?? null, preflight: preflight ? true : null, credentials: xhrCredentials };
  for (const [pattern, build] of REASONS) {
    const match = pattern.exec(reason);
    if (match === null) continue;
    const { code, facts: more = {} } = build(match);
    // A refused scheme after a redirect is the redirect's fault, not the page's.
    const root: MessageCode = code === "not-http" && redirectedFrom !== undefined ? "redirect-refused" : code;
    return recognised("Chromium", form, root, { ...facts, ...more, preflight: facts.preflight ?? more.preflight ?? null, ...(root === code ? {} : { codes: [root] }) });
  }
  return recognised("Chromium", form, null, facts);
}

// DevTools shows "GET http://… net::ERR_FAILED 200 (OK)"; the same entry through the protocol reads
// "Failed to load resource: net::ERR_FAILED".
const NETWORK = /(?:^|\s)(?:(?:([A-Za-z]+) (\S+) )|Failed to load resource: )(net::ERR_[A-Z_]+)(?: (\d{3})\b)?/;
const REDIRECT_ERRORS = new Set(["net::ERR_UNSAFE_REDIRECT", "net::ERR_TOO_MANY_REDIRECTS", "net::ERR_INVALID_REDIRECT"]);

function networkLine(line: string): Recognised | null {
  const match = NETWORK.exec(line);
  if (match === null) return null;
  const [, method, url, error = "", status] = match;
  const facts: Facts = { method: method ?? null, url: url ?? null, status: status === undefined ? null : Number(status), network: error };
  // net::ERR_FAILED is the line Chromium adds under a CORS message; the CORS message names the check.
  if (error === "net::ERR_FAILED") return recognised("Chromium", "network error", null, facts);
  return recognised("Chromium", "network error", REDIRECT_ERRORS.has(error) ? "redirect-refused" : "unreachable", facts);
}

const DEPRECATION = /Authorization will not be covered by the wildcard symbol \(\*\) in CORS Access-Control-Allow-Headers handling/;

/** Chromium writes straight quotes; a message pasted through a word processor or chat app may not have them. */
function straightQuotes(line: string): string {
  return line.replace(/[‘’“”]/g, "'");
}

// Where DevTools says the message came from ("app.js:12", "zone.js:2969", "(index):45"), copied
// after the message's last sentence, maybe with the network line it shows next on the same line.
const SOURCE = /(\.)\s+(?:\(index\)|VM\d+|[^\s'"]+?):\d+(?::\d+)?(?=\s|$)(.*)$/;
const GLUED_NETWORK = /\s+(?=(?:[A-Z]+ \S+ |Failed to load resource: )net::ERR_[A-Z_]+)/;

/** A pasted line as the lines it holds: a CORS message without its source location, and a network line glued after it. */
export function chromiumParts(line: string): string[] {
  const text = straightQuotes(line);
  if (!HEAD.test(text)) return [line];
  const source = SOURCE.exec(text);
  let message = source === null ? text : `${text.slice(0, source.index)}.`;
  const parts = source === null ? [] : [(source[2] ?? "").trim()].filter((part) => part !== "");
  const glued = GLUED_NETWORK.exec(message);
  if (glued !== null) {
    parts.unshift(message.slice(glued.index).trim());
    message = message.slice(0, glued.index);
  }
  return [message, ...parts];
}

/** A Chromium console line, or null when it is not one of Chromium's CORS messages. */
export function chromiumLine(line: string): Recognised | null {
  const cors = corsLine(straightQuotes(line));
  if (cors !== null) return cors;
  if (DEPRECATION.test(line)) return recognised("Chromium", "deprecation", "header-not-allowed", { header: "authorization", preflight: true });
  return networkLine(line);
}
