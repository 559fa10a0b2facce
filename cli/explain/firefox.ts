// Firefox's console messages: "Cross-Origin Request Blocked: The Same Origin Policy disallows
// reading the remote resource at …. (Reason: …)", some with ". Status code: N." — the texts of its
// security.properties (CORS*), checked against real Firefox by the browser suite. Firefox never
// names the origin, nor the method it refused.
import { recognised, statusRoot, type MessageCode, type Recognised } from "./recognised.ts";

const Q = "[‘’'\"`]";
const HEAD = new RegExp(`Cross-Origin Request (Blocked|Warning): The Same Origin Policy (?:disallows|will disallow) reading the remote resource at ${Q}?(\\S+?)${Q}?(?: soon)?\\. \\(Reason: (.*?)\\)(?:\\. Status code: (\\S+?))?\\.?(?:\\s*\\[Learn More\\])?\\s*$`);

type Facts = Partial<Omit<Recognised, "browser" | "form" | "code">>;
type Reason = readonly [RegExp, (match: RegExpExecArray, status: number | null) => { code: MessageCode | null; facts?: Facts }];

const quoted = (name: string) => `${Q}${name}${Q}`;
const ALLOW_ORIGIN = quoted("Access-Control-Allow-Origin");

const REASONS: readonly Reason[] = [
  // Firefox checks the origin before the status, so a 404/405 without headers reads "missing":
  // the status, when it is not 2xx, is the root cause.
  [new RegExp(`^CORS header ${ALLOW_ORIGIN} missing$`), (_, status) => (status !== null && (status < 200 || status > 299)
    ? { code: statusRoot(status), facts: { codes: [statusRoot(status), "missing-allow-origin"] } }
    : { code: "missing-allow-origin" })],
  [new RegExp(`^CORS header ${ALLOW_ORIGIN} does not match ${Q}(.*)${Q}$`), (m) => {
    const value = m[1] ?? "";
    // Two fields arrive joined: "a, a" is the multiple-values case.
    return { code: value.includes(",") ? "multiple-allow-origin" : "origin-mismatch", facts: { value } };
  }],
  [new RegExp(`^Multiple CORS header ${ALLOW_ORIGIN} not allowed$`), () => ({ code: "multiple-allow-origin" })],
  [new RegExp(`^Credential is not supported if the CORS header ${ALLOW_ORIGIN} is ${Q}\\*${Q}$`), () => ({ code: "wildcard-with-credentials", facts: { credentials: true, value: "*" } })],
  [new RegExp(`^expected ${Q}true${Q} in CORS header ${quoted("Access-Control-Allow-Credentials")}$`), () => ({ code: "missing-allow-credentials", facts: { credentials: true } })],
  [new RegExp(`^Did not find method in CORS header ${quoted("Access-Control-Allow-Methods")}$`), () => ({ code: "method-not-allowed", facts: { preflight: true } })],
  [new RegExp(`^missing token ${Q}(.*)${Q} in CORS header ${quoted("Access-Control-Allow-Methods")} from CORS preflight channel$`), (m) => ({ code: "method-not-allowed", facts: { preflight: true, method: m[1] ?? null } })],
  [new RegExp(`^header ${Q}(.*)${Q} is not allowed according to header ${quoted("Access-Control-Allow-Headers")} from CORS preflight response$`), (m) => ({ code: "header-not-allowed", facts: { preflight: true, header: (m[1] ?? "").toLowerCase() } })],
  [new RegExp(`^missing token ${Q}(.*)${Q} in CORS header ${quoted("Access-Control-Allow-Headers")} from CORS preflight channel$`), (m) => ({ code: "header-not-allowed", facts: { preflight: true, header: (m[1] ?? "").toLowerCase() } })],
  [new RegExp(`^invalid token ${Q}(.*)${Q} in CORS header ${quoted("Access-Control-Allow-Methods")}$`), (m) => ({ code: "invalid-allow-methods", facts: { preflight: true, value: m[1] ?? null } })],
  [new RegExp(`^invalid token ${Q}(.*)${Q} in CORS header ${quoted("Access-Control-Allow-Headers")}$`), (m) => ({ code: "invalid-allow-headers", facts: { preflight: true, value: m[1] ?? null } })],
  [/^CORS preflight (?:response|channel) did not succeed$/, (_, status) => {
    const code = status === null ? "preflight-status" : statusRoot(status);
    return { code, facts: { preflight: true } };
  }],
  [/^CORS request external redirect not allowed$/, () => ({ code: "preflight-redirect", facts: { preflight: true } })],
  // With no status this is a network failure: nothing answered, or the redirect was refused.
  [/^CORS request did not succeed$/, () => ({ code: "unreachable", facts: { network: "CORS request did not succeed" } })],
  [/^CORS request not HTTP$/i, () => ({ code: "not-http" })],
  [/^CORS disabled$/, () => ({ code: "cors-disabled" })],
  [new RegExp(`^CORS header ${quoted("Origin")} cannot be added$`), () => ({ code: "origin-not-sent" })],
  [/Authorization. header is not covered/, () => ({ code: "header-not-allowed", facts: { header: "authorization", preflight: true } })],
];

/** A Firefox console line, or null when it is not one of Firefox's CORS messages. */
export function firefoxLine(line: string): Recognised | null {
  const head = HEAD.exec(line);
  if (head === null) return null;
  const [, kind = "", url = "", reason = "", rawStatus] = head;
  const status = rawStatus === undefined || !/^\d+$/.test(rawStatus) ? null : Number(rawStatus);
  const facts: Facts = { url, status };
  for (const [pattern, build] of REASONS) {
    const match = pattern.exec(reason);
    if (match === null) continue;
    const { code, facts: more = {} } = build(match, status);
    return recognised("Firefox", kind === "Warning" ? "Warning" : "Reason", code, { ...facts, ...more });
  }
  return null;
}
