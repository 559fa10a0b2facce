// The Fetch Standard's rules on method and header names, shared by the policy's validation and the
// browser-side checker so both read the standard the same way.

const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/** https://fetch.spec.whatwg.org/#concept-method-normalize: these six are uppercased, others kept as written. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** `GET`, `HEAD` or `POST`, byte for byte (https://fetch.spec.whatwg.org/#cors-safelisted-method). */
export function isSafelistedMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "POST";
}

/** https://fetch.spec.whatwg.org/#forbidden-method */
export function isForbiddenMethod(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === "CONNECT" || upper === "TRACE" || upper === "TRACK";
}

const FORBIDDEN_HEADER_NAMES = new Set([
  "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
  "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive",
  "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
]);

/**
 * A lowercase name a script can never set, whatever the value
 * (https://fetch.spec.whatwg.org/#forbidden-request-header, without the method-override rule).
 */
export function isForbiddenHeaderName(lowercaseName: string): boolean {
  return FORBIDDEN_HEADER_NAMES.has(lowercaseName) || lowercaseName.startsWith("proxy-") || lowercaseName.startsWith("sec-");
}
