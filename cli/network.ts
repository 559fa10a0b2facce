// Sends one HTTP request the way a browser's network layer would for CORS: no redirect is
// followed (the caller decides, per the Fetch Standard), and failures become a browser-like error.
// One deadline bounds the whole check, every redirect and preflight included.
import type { NetworkFailure } from "./problems.ts";

/** A request as sent, for the report. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A response as received, for the report (lowercase header names, repeated fields joined). */
export interface ReceivedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The start of the body (at most {@link BODY_EXCERPT} characters): error pages name their server. */
  readonly body: string;
}

export type Exchange =
  | { readonly request: SentRequest; readonly response: Response; readonly received: ReceivedResponse }
  | { readonly request: SentRequest; readonly failure: NetworkFailure };

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** When the whole check must be over. */
export interface Deadline {
  readonly at: number;
  readonly seconds: number;
}

export function deadlineIn(ms: number): Deadline {
  return { at: Date.now() + ms, seconds: ms / 1000 };
}

export const BODY_EXCERPT = 1024;
// Reading the excerpt is a courtesy: a body that trickles must not eat the time left for redirects.
const BODY_WAIT_MS = 1000;

const CHROME_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "net::ERR_CONNECTION_REFUSED",
  ECONNRESET: "net::ERR_CONNECTION_RESET",
  ENOTFOUND: "net::ERR_NAME_NOT_RESOLVED",
  EAI_AGAIN: "net::ERR_NAME_NOT_RESOLVED",
  ETIMEDOUT: "net::ERR_CONNECTION_TIMED_OUT",
  UND_ERR_CONNECT_TIMEOUT: "net::ERR_CONNECTION_TIMED_OUT",
  EHOSTUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
  ENETUNREACH: "net::ERR_INTERNET_DISCONNECTED",
  UND_ERR_SOCKET: "net::ERR_EMPTY_RESPONSE",
  UND_ERR_HEADERS_OVERFLOW: "net::ERR_RESPONSE_HEADERS_TOO_BIG",
  HPE_HEADER_OVERFLOW: "net::ERR_RESPONSE_HEADERS_TOO_BIG",
  HPE_INVALID_HEADER_TOKEN: "net::ERR_INVALID_HTTP_RESPONSE",
  HPE_INVALID_CONSTANT: "net::ERR_INVALID_HTTP_RESPONSE",
  HPE_INVALID_STATUS: "net::ERR_INVALID_HTTP_RESPONSE",
  HPE_INVALID_VERSION: "net::ERR_INVALID_HTTP_RESPONSE",
  CERT_HAS_EXPIRED: "net::ERR_CERT_DATE_INVALID",
  DEPTH_ZERO_SELF_SIGNED_CERT: "net::ERR_CERT_AUTHORITY_INVALID",
  SELF_SIGNED_CERT_IN_CHAIN: "net::ERR_CERT_AUTHORITY_INVALID",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "net::ERR_CERT_AUTHORITY_INVALID",
  ERR_TLS_CERT_ALTNAME_INVALID: "net::ERR_CERT_COMMON_NAME_INVALID",
};

// https://fetch.spec.whatwg.org/#bad-port: browsers refuse to connect to these, whatever the server.
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** The failure a browser reports before connecting to a blocked port, or null. */
function badPort(url: string): NetworkFailure | null {
  const { port, protocol } = new URL(url);
  if (port === "" || (protocol !== "http:" && protocol !== "https:") || !BAD_PORTS.has(Number(port))) return null;
  return { chromeError: "net::ERR_UNSAFE_PORT", detail: `browsers never connect to port ${port} (a "bad port" of the Fetch Standard)` };
}

function timedOut(deadline: Deadline): NetworkFailure {
  return { chromeError: "net::ERR_TIMED_OUT", detail: `no response within ${deadline.seconds} s (--timeout bounds the whole check, redirects included)` };
}

function describeFailure(error: unknown, deadline: Deadline): NetworkFailure {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return timedOut(deadline);
  // Node's fetch() throws TypeError("fetch failed") with the socket error as its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String((cause as { code: unknown }).code) : "";
  const message = cause instanceof Error ? cause.message : String(cause);
  return { chromeError: CHROME_ERRORS[code] ?? "net::ERR_FAILED", detail: code !== "" && !message.includes(code) ? `${code}: ${message}` : message };
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of headers) record[name] = name in record ? `${record[name]}, ${value}` : value;
  return record;
}

/** The first bytes of the body, then the connection is released; never waits past the deadline. */
async function bodyExcerpt(response: Response, deadline: Deadline): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, Math.min(BODY_WAIT_MS, deadline.at - Date.now())));
  });
  try {
    while (text.length < BODY_EXCERPT) {
      const chunk = await Promise.race([reader.read(), stop]);
      if (chunk === null || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {
    // A body that fails half-way still leaves what arrived.
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, BODY_EXCERPT);
}

/** Sends one request without following redirects; keeps only the start of the response body. */
export async function exchange(fetchImpl: FetchLike, request: SentRequest, deadline: Deadline): Promise<Exchange> {
  const blocked = badPort(request.url);
  if (blocked !== null) return { request, failure: blocked };
  const left = deadline.at - Date.now();
  if (left <= 0) return { request, failure: timedOut(deadline) };
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      redirect: "manual",
      signal: AbortSignal.timeout(left),
    });
    const received = { status: response.status, statusText: response.statusText, headers: headerRecord(response.headers) };
    return { request, response, received: { ...received, body: await bodyExcerpt(response, deadline) } };
  } catch (error) {
    return { request, failure: describeFailure(error, deadline) };
  }
}
