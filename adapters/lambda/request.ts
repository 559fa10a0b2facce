import { isRecord, type EventFormat } from "./events.ts";

/**
 * Builds the `Request` the core decides on: method, URL and every header of the event, merged from
 * the single- and multi-value forms (names in any case). It carries no body: CORS never reads one,
 * and the handler gets the original event anyway. Never throws, whatever the event holds, and never
 * makes a request look safer than it is: a method Fetch refuses becomes {@link UNREPRESENTABLE_METHOD}
 * (unsafe), and the URL's path is the event's, whatever its Host header holds.
 */
export function toRequest(event: Record<string, unknown>, format: EventFormat): Request {
  const headers = new Headers();
  if (format === "http") {
    appendSingle(headers, event["headers"], false);
    // Payload 2.0 moves the Cookie header to `cookies`; put it back so predicates see the request whole.
    const cookies = event["cookies"];
    if (Array.isArray(cookies) && cookies.length > 0 && !headers.has("cookie")) safeAppend(headers, "cookie", cookies.join("; "));
  } else {
    // REST events carry both maps (the single one holds each header's last value); ALB carries one.
    appendMulti(headers, event["multiValueHeaders"]);
    appendSingle(headers, event["headers"], true);
  }
  const context = isRecord(event["requestContext"]) ? event["requestContext"] : {};
  const method = format === "http" ? (isRecord(context["http"]) ? context["http"]["method"] : undefined) : event["httpMethod"];
  const proto = forwardedProto(headers.get("x-forwarded-proto"));
  const target = pathOf(format === "http" ? event["rawPath"] : event["path"]) + queryOf(event, format);
  // The URL's host is only ever a host: a Host header such as "x/hook?" would otherwise move the
  // path the guard's exemptPaths and corsRoutes read into the query. The path comes from the
  // event's path fields alone.
  const urls: string[] = [];
  for (const host of [headers.get("host"), context["domainName"]]) if (isHost(host)) urls.push(`${proto}://${host}${target}`);
  urls.push(`${proto}://localhost${target}`);
  return buildRequest(urls, typeof method === "string" ? method : UNREPRESENTABLE_METHOD, headers);
}

/**
 * Stands in for a method a `Request` cannot carry: a forbidden one (CONNECT, TRACE, TRACK, any
 * case), one that is not an HTTP token ("PO ST", "", "OPTIONS\r\n"), or none at all.
 *
 * Such a request is treated as an unsafe one, never as a safe method or a preflight: it is not
 * GET, HEAD or OPTIONS, so §6's guard refuses it from an origin the policy does not allow (as it
 * would refuse a POST), while an allowed origin's request still reaches the handler and gets the
 * CORS headers. The handler is called rather than the request answered without it because the
 * method's meaning is the application's to decide (it gets the original event, real method
 * included; a streaming handler sees this placeholder as `request.method`). Substituting GET, as
 * this adapter once did, let a cross-site TRACE or "PO ST" through the guard to the handler.
 */
export const UNREPRESENTABLE_METHOD = "UNREPRESENTABLE";


/**
 * Whether a value can stand as a URL's host[:port]: a DNS-style name or an IPv4 address, or a
 * bracketed IPv6 address, optionally with a port. Anything holding a "/", "?", "#", "@", "\\",
 * whitespace or any other character would change how the URL parses (or is not a host at all), so
 * it is not used; the URL constructor then rejects what still is no host (a port over 65535, an
 * IPv4 address out of range).
 */
function isHost(value: unknown): value is string {
  return typeof value === "string" && value.length <= 1024 && /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{0,5})?$/.test(value);
}

function buildRequest(urls: readonly string[], method: string, headers: Headers): Request {
  // The constructor applies Fetch's own method rules (https://fetch.spec.whatwg.org/#concept-method:
  // a token, not CONNECT, TRACE or TRACK): a method it refuses is tried again as the unsafe
  // placeholder. A host the parser still refuses fails it too: the next URL (the API's domain name,
  // then a placeholder host) is tried, always with the same path.
  for (const url of urls) {
    for (const candidate of [method, UNREPRESENTABLE_METHOD]) {
      try {
        return new Request(url, { method: candidate, headers });
      } catch {
        // try the placeholder method, then the next host
      }
    }
  }
  // Not reached (the placeholder host with any path parses); kept so the adapter never throws.
  return new Request("https://localhost/", { method: UNREPRESENTABLE_METHOD, headers });
}

function appendMulti(headers: Headers, map: unknown): void {
  if (!isRecord(map)) return;
  for (const name in map) {
    const values = map[name];
    if (Array.isArray(values)) {
      for (const value of values) if (isScalar(value)) safeAppend(headers, name, String(value));
    } else if (isScalar(values)) {
      safeAppend(headers, name, String(values));
    }
  }
}

function appendSingle(headers: Headers, map: unknown, onlyMissing: boolean): void {
  if (!isRecord(map)) return;
  for (const name in map) {
    const value = map[name];
    if (!isScalar(value)) continue;
    if (onlyMissing) {
      try {
        if (headers.has(name)) continue;
      } catch {
        continue; // not a header name at all
      }
    }
    safeAppend(headers, name, String(value));
  }
}

/**
 * Appends a header the Fetch API may refuse. A value it cannot hold (a control character, a
 * character beyond Latin-1) is kept in percent-encoded form rather than dropped, so the header still
 * counts as present: an unreadable Origin then fails to match instead of disappearing, and an
 * OPTIONS carrying it is still answered as a (rejected) preflight. An invalid name is skipped.
 */
function safeAppend(headers: Headers, name: string, value: string): void {
  try {
    headers.append(name, value);
  } catch {
    try {
      headers.append(name, encodeURIComponent(value));
    } catch {
      // an invalid header name, or a lone surrogate: nothing usable to keep
    }
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function forwardedProto(value: string | null): string {
  return value !== null && value.toLowerCase() === "http" ? "http" : "https";
}

/**
 * The event's path as the URL's path. The characters the URL parser would drop or reinterpret (C0
 * controls, space and DEL, which it strips; `?` and `#`, which would end the path; `\\`, which it
 * reads as `/`) are percent-encoded, so the path the guard and `corsRoutes` see is the event's
 * (REST API and ALB events carry it decoded: "/a%3Fb" arrives as "/a?b").
 */
function pathOf(path: unknown): string {
  if (typeof path !== "string" || path === "") return "/";
  const absolute = path.startsWith("/") ? path : `/${path}`;
  return absolute.replace(REINTERPRETED, percentEncode);
}

const REINTERPRETED = /[\u0000-\u0020\u007f?#\\]/g;

function percentEncode(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}

function queryOf(event: Record<string, unknown>, format: EventFormat): string {
  if (format === "http") {
    const raw = event["rawQueryString"];
    return typeof raw === "string" && raw !== "" ? `?${raw}` : "";
  }
  // API Gateway decodes query values (so they are encoded again); ALB passes them as received.
  const encode = format === "rest" ? safeEncode : (part: string) => part;
  const parts: string[] = [];
  const multi = event["multiValueQueryStringParameters"];
  const single = event["queryStringParameters"];
  if (isRecord(multi)) {
    for (const name in multi) {
      const values = multi[name];
      if (Array.isArray(values)) for (const value of values) if (isScalar(value)) parts.push(`${encode(name)}=${encode(String(value))}`);
    }
  } else if (isRecord(single)) {
    for (const name in single) {
      const value = single[name];
      if (isScalar(value)) parts.push(`${encode(name)}=${encode(String(value))}`);
    }
  }
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

function safeEncode(part: string): string {
  try {
    return encodeURIComponent(part);
  } catch {
    return ""; // a lone surrogate cannot be encoded; the query never decides CORS
  }
}
