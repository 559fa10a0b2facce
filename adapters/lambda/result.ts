import { isRecord, type EventFormat, type HandlerResult, type LambdaHttpResult } from "./events.ts";

const FORMAT_NAMES: Readonly<Record<EventFormat, string>> = {
  rest: "an API Gateway REST (payload 1.0) handler",
  http: "an HTTP API / Function URL handler",
  alb: "an ALB handler",
  "alb-multi": "an ALB handler",
};

/**
 * Turns what the handler returned into a structured result. Payload 2.0 bare results
 * become the response API Gateway infers: status 200, `content-type: application/json`, a string
 * as the body as-is, anything else as JSON. Throws a TypeError naming the mistake for a result
 * API Gateway or ALB would refuse with a bare 502 (no CORS headers, so the browser would only
 * report a CORS error); the caller turns it into a 500 that carries them.
 */
export function structuredResult(format: EventFormat, value: unknown): HandlerResult {
  if (isRecord(value) && (format !== "http" || "statusCode" in value)) {
    if (format !== "http" && typeof value["statusCode"] !== "number" && !(format === "rest" && isStatusText(value["statusCode"]))) {
      throw new TypeError(`${FORMAT_NAMES[format]} returned a result without a numeric statusCode`);
    }
    return value;
  }
  if (value === undefined || value === null) {
    throw new TypeError(`${FORMAT_NAMES[format]} returned ${String(value)}; return a result such as { statusCode: 204 }`);
  }
  if (format !== "http") throw new TypeError(`${FORMAT_NAMES[format]} returned ${describe(value)} instead of a result object with a statusCode`);
  const body = typeof value === "string" ? value : JSON.stringify(value);
  if (typeof body !== "string") throw new TypeError(`${FORMAT_NAMES[format]} returned ${describe(value)}, which has no JSON form`);
  return { statusCode: 200, headers: { "content-type": "application/json" }, body, isBase64Encoded: false };
}

/**
 * API Gateway's REST proxy integration also takes the status as a string of three digits (AWS's own
 * microservice blueprint returns `statusCode: "200"`), so such a result is passed on as written.
 */
function isStatusText(status: unknown): boolean {
  return typeof status === "string" && /^[1-5][0-9]{2}$/.test(status);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" || type === "undefined" ? `a ${type}` : `a ${type} value`;
}

/** `Vary` and `Access-Control-*` are the core's to decide: it merges the one and replaces the others. */
function isCorsOwned(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === "vary" || lower.startsWith("access-control-");
}

/**
 * A bodiless stand-in carrying the result's CORS-owned headers, for the core to decorate. Like API
 * Gateway, a name-value pair given in both `multiValueHeaders` and `headers` counts once.
 */
export function corsCarrier(result: HandlerResult): Response {
  const response = new Response(null);
  const headers = response.headers;
  const seen = new Set<string>();
  if (isRecord(result.multiValueHeaders)) {
    const multi = result.multiValueHeaders;
    for (const name in multi) {
      const values = multi[name];
      if (!isCorsOwned(name) || !Array.isArray(values)) continue;
      for (const value of values) if (append(headers, name, value)) seen.add(`${name.toLowerCase()}:${String(value)}`);
    }
  }
  if (isRecord(result.headers)) {
    const single = result.headers;
    for (const name in single) {
      const value = single[name];
      if (isCorsOwned(name) && !seen.has(`${name.toLowerCase()}:${String(value)}`)) append(headers, name, value);
    }
  }
  return response;
}

/**
 * Writes the decorated carrier's headers into a copy of the result: each CORS header once, in the
 * one field the event's integration reads (`multiValueHeaders` for multi-value ALB, `headers`
 * otherwise), and removed from the other. Every other header, `cookies`, the body and its encoding
 * are untouched; the handler's own objects are never mutated, so a shared constant result stays clean.
 * A multi-value ALB rejects an answer in `headers`, so there the handler's `headers` are moved into
 * `multiValueHeaders` (lossless; the reverse, for single-value ALB, is not, and is left to the handler).
 */
export function mergeCorsHeaders(result: HandlerResult, carrier: Response, format: EventFormat): HandlerResult {
  const merged: HandlerResult = { ...result };
  const single = isRecord(result.headers) ? withoutOwned(result.headers) : undefined;
  const multi = isRecord(result.multiValueHeaders) ? withoutOwned(result.multiValueHeaders) : undefined;
  if (format === "alb-multi") {
    const target: Record<string, unknown> = multi ?? {};
    if (single !== undefined) foldInto(target, single);
    carrier.headers.forEach((value, name) => {
      target[name] = [value];
    });
    delete merged.headers;
    if (multi !== undefined || Object.keys(target).length > 0) merged.multiValueHeaders = target;
  } else {
    const target = single ?? {};
    carrier.headers.forEach((value, name) => {
      target[name] = value;
    });
    if (multi !== undefined) merged.multiValueHeaders = multi;
    if (single !== undefined || Object.keys(target).length > 0) merged.headers = target;
  }
  return merged;
}

/** Adds single values to a multi-value map, case-insensitively, without repeating a value already listed. */
function foldInto(multi: Record<string, unknown>, single: Record<string, unknown>): void {
  const keys = new Map<string, string>();
  for (const name in multi) keys.set(name.toLowerCase(), name);
  for (const name in single) {
    const value = single[name];
    const key = keys.get(name.toLowerCase());
    const list = key === undefined ? undefined : multi[key];
    if (Array.isArray(list)) {
      if (!list.includes(value)) multi[key!] = [...list, value];
    } else {
      multi[name] = [value];
      keys.set(name.toLowerCase(), name);
    }
  }
}

/** Converts a response the core made (a preflight answer, a 500) into the event's result shape. */
export async function resultFromResponse(response: Response, format: EventFormat): Promise<LambdaHttpResult> {
  const result: LambdaHttpResult = { statusCode: response.status, body: await response.text(), isBase64Encoded: false };
  if (format === "alb" || format === "alb-multi") result.statusDescription = statusDescription(response);
  if (format === "alb-multi") {
    const multiValueHeaders: Record<string, string[]> = {};
    response.headers.forEach((value, name) => {
      multiValueHeaders[name] = [value];
    });
    result.multiValueHeaders = multiValueHeaders;
  } else {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    result.headers = headers;
  }
  return result;
}

// ALB shows statusDescription as the status line's reason; the core answers only with these.
const REASONS: Readonly<Record<number, string>> = {
  200: "OK", 204: "No Content", 403: "Forbidden", 500: "Internal Server Error", 503: "Service Unavailable",
};

function statusDescription(response: Response): string {
  const reason = response.statusText || REASONS[response.status];
  return reason === undefined ? String(response.status) : `${response.status} ${reason}`;
}

function withoutOwned<T>(map: Record<string, T>): Record<string, T> {
  const copy: Record<string, T> = {};
  for (const name in map) if (!isCorsOwned(name)) copy[name] = map[name] as T;
  return copy;
}

function append(headers: Headers, name: string, value: unknown): boolean {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return false;
  try {
    headers.append(name, String(value));
    return true;
  } catch {
    // A value no HTTP message can carry is dropped: the core replaces these headers anyway.
    return false;
  }
}
