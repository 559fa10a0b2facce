// Sends one HTTP request the way a browser's network layer would for CORS: no redirect is
// followed (the caller decides, per the Fetch Standard), and failures become a browser-like error.

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
}

/** Why no response came back, the way Chrome names it. */
export interface NetworkFailure {
  /** e.g. `net::ERR_CONNECTION_REFUSED`. */
  readonly chromeError: string;
  readonly detail: string;
}

export type Exchange =
  | { readonly request: SentRequest; readonly response: Response; readonly received: ReceivedResponse }
  | { readonly request: SentRequest; readonly failure: NetworkFailure };

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

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

function describeFailure(error: unknown, timeoutMs: number): NetworkFailure {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { chromeError: "net::ERR_TIMED_OUT", detail: `no response within ${timeoutMs / 1000} s` };
  }
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

/** Sends one request without following redirects; the body of the response is discarded. */
export async function exchange(fetchImpl: FetchLike, request: SentRequest, timeoutMs: number): Promise<Exchange> {
  const blocked = badPort(request.url);
  if (blocked !== null) return { request, failure: blocked };
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Only the status and headers matter; release the connection.
    await response.body?.cancel().catch(() => undefined);
    return { request, response, received: { status: response.status, statusText: response.statusText, headers: headerRecord(response.headers) } };
  } catch (error) {
    return { request, failure: describeFailure(error, timeoutMs) };
  }
}
