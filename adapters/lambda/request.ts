import { isRecord, type EventFormat } from "./events.ts";

/**
 * Builds the `Request` the core decides on: method, URL and every header of the event, merged from
 * the single- and multi-value forms (names in any case). It carries no body: CORS never reads one,
 * and the handler gets the original event anyway. Never throws, whatever the event holds.
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
  const host = headers.get("host") || (typeof context["domainName"] === "string" ? context["domainName"] : "") || "localhost";
  const target = pathOf(format === "http" ? event["rawPath"] : event["path"]) + queryOf(event, format);
  return buildRequest([`${proto}://${host}${target}`, `${proto}://localhost${target}`], typeof method === "string" ? method : "GET", headers);
}

function buildRequest(urls: readonly string[], method: string, headers: Headers): Request {
  // A host header that is not a host, or a method Fetch refuses (TRACE, an invalid token) fails the
  // constructor. The CORS answer to anything but OPTIONS does not depend on the method, so GET stands in.
  for (const url of urls) {
    for (const candidate of [method, "GET"]) {
      try {
        return new Request(url, { method: candidate, headers });
      } catch {
        // try the next, safer, candidate
      }
    }
  }
  return new Request("https://localhost/", { headers });
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

function pathOf(path: unknown): string {
  if (typeof path !== "string" || path === "") return "/";
  return path.startsWith("/") ? path : `/${path}`;
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
