// A reference for "does this policy allow this origin", written from SPEC §2 (Origins) with the
// URL parser, independently of the core's matcher, so the properties compare two implementations.

/** How the test policies name origins: "*", a list of canonical origins and patterns, or a predicate. */
export type OriginsSpec = "*" | readonly string[] | { readonly predicate: (origin: string) => boolean };

function parse(origin: string): URL | null {
  try {
    return new URL(origin);
  } catch {
    return null;
  }
}

/**
 * A well-formed origin is what a browser on a reachable page sends: "null", or a canonical http(s)
 * serialization whose host is a DNS name (letters, digits, "-", "_"; no empty label, no trailing dot)
 * or an IP address, on a port other than 0. The URL parser alone is more lenient (it keeps "a..b", "*", ":0").
 */
export function isWellFormed(origin: string): boolean {
  if (origin === "null") return true;
  const url = parse(origin);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== origin || url.port === "0") return false;
  return url.hostname.startsWith("[") || url.hostname.split(".").every((label) => /^[a-z0-9_-]+$/.test(label));
}

/** Whether one list entry (a canonical origin, "null", or a pattern) admits `origin`. */
function entryAdmits(entry: string, origin: string): boolean {
  if (entry === origin && !entry.includes("*")) return true;
  if (!isWellFormed(origin) || origin === "null") return false;
  const url = parse(origin) as URL;
  const schemeEnd = entry.indexOf("://");
  const scheme = entry.slice(0, schemeEnd + 1);
  let rest = entry.slice(schemeEnd + 3);
  let port: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon !== -1) {
    port = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (url.protocol !== scheme) return false;
  if (port === "*" ? url.port === "" : url.port !== (port ?? "")) return false;
  if (rest.startsWith("*.")) {
    const parent = rest.slice(2);
    return url.hostname.endsWith(`.${parent}`) && url.hostname.length > parent.length + 1;
  }
  return url.hostname === rest;
}

/** The reference answer: may a page on `origin` read responses under this policy? */
export function oracleAllowsOrigin(origins: OriginsSpec, origin: string): boolean {
  if (origins === "*") return true;
  if (!Array.isArray(origins)) return isWellFormed(origin) && (origins as { predicate: (o: string) => boolean }).predicate(origin);
  return (origins as readonly string[]).some((entry) => entryAdmits(entry, origin));
}

/** The reference answer for a preflight: origin, then method, then every requested header (SPEC §2). */
export function oracleAllowsPreflight(
  options: { origins: OriginsSpec; methods: "*" | readonly string[]; requestHeaders: "*" | readonly string[] },
  request: { origin: string; method: string; unsafeHeaders: readonly string[] },
): boolean {
  if (request.origin === "" || !oracleAllowsOrigin(options.origins, request.origin)) return false;
  const { method } = request;
  const methods = options.methods;
  const methodOk = ["GET", "HEAD", "POST"].includes(method) || methods === "*" || methods.includes(method) || methods.includes("*");
  if (!methodOk) return false;
  const headers = options.requestHeaders;
  return request.unsafeHeaders.every((name) =>
    (headers !== "*" && headers.includes(name)) || (name !== "authorization" && (headers === "*" || headers.includes("*"))));
}
