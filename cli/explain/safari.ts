// Safari's (WebKit's) console messages, from WebKit's CrossOriginAccessControl and preflight
// checker: a reason line, often "Status code: N" after it, and "Fetch API cannot load … due to
// access control checks." as the summary. No Safari runs on this project's Linux machines, so these
// forms come from WebKit's source texts rather than from a captured console.
import { recognised, statusRoot, type MessageCode, type Recognised } from "./recognised.ts";

type Facts = Partial<Omit<Recognised, "browser" | "form" | "code">>;
type Reason = readonly [RegExp, (match: RegExpExecArray, status: number | null) => { code: MessageCode | null; facts?: Facts }];

const STATUS = /\s*Status code: (\d{3})\b/;

const REASONS: readonly Reason[] = [
  // WebKit says this when the header is missing and when it differs.
  [/Origin (\S+) is not allowed by Access-Control-Allow-Origin\./, (m) => ({ code: "missing-allow-origin", facts: { origin: m[1] ?? null, codes: ["missing-allow-origin", "origin-mismatch"] } })],
  [/Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true\./, () => ({ code: "wildcard-with-credentials", facts: { credentials: true, value: "*" } })],
  [/Access-Control-Allow-Origin cannot contain more than one origin\./, () => ({ code: "multiple-allow-origin" })],
  [/Credentials flag is true, but Access-Control-Allow-Credentials is not "true"\./, () => ({ code: "missing-allow-credentials", facts: { credentials: true } })],
  [/Method (\S+) is not allowed by Access-Control-Allow-Methods\.(?! in preflight)/, (m) => {
    const method = m[1] ?? "";
    return { code: "method-not-allowed", facts: { preflight: true, method, codes: method === method.toUpperCase() ? ["method-not-allowed"] : ["method-not-allowed", "method-case"] } };
  }],
  [/Request header field (\S+) is not allowed by Access-Control-Allow-Headers\.(?! in preflight)/, (m) => ({ code: "header-not-allowed", facts: { preflight: true, header: (m[1] ?? "").toLowerCase() } })],
  [/Header Access-Control-Allow-Methods has an invalid value/, () => ({ code: "invalid-allow-methods", facts: { preflight: true } })],
  [/Header Access-Control-Allow-Headers has an invalid value/, () => ({ code: "invalid-allow-headers", facts: { preflight: true } })],
  [/Preflight response is not successful\./, (_, status) => ({ code: status === null ? "preflight-status" : statusRoot(status), facts: { preflight: true } })],
  [/(Could not connect to the server|A server with the specified hostname could not be found|The network connection was lost|The request timed out)\./, (m) => ({ code: "unreachable", facts: { network: m[1] ?? null } })],
  // The summary lines name the URL but not the check: the reason is on the line before.
  [/(Fetch API|XMLHttpRequest) cannot load (\S+?)\.? due to access control checks\./, (m) => ({ code: null, facts: { url: m[2] ?? null } })],
];

const REDIRECTION = /Cross-origin redirection to (\S+) denied by Cross-Origin Resource Sharing policy: (.*)$/;

/** A Safari console line, or null when it is not one of WebKit's CORS messages. */
export function safariLine(line: string): Recognised | null {
  const redirection = REDIRECTION.exec(line);
  const text = redirection === null ? line : (redirection[2] ?? "");
  const statusMatch = STATUS.exec(text);
  const status = statusMatch === null ? null : Number(statusMatch[1]);
  for (const [pattern, build] of REASONS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const { code, facts = {} } = build(match, status);
    const redirect = redirection === null ? {} : { url: redirection[1] ?? null };
    return recognised("Safari", redirection === null ? "reason" : "redirection", code, { status, ...facts, ...redirect });
  }
  return null;
}
