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
