/** The compiled form of the `origins` option: everything matching needs, precomputed. */
export interface OriginMatcher {
  /** `origins: "*"`. */
  readonly any: boolean;
  /** Canonical exact origins (and `"null"` when listed): one Set lookup. */
  readonly exact: ReadonlySet<string>;
  /** Subdomain patterns keyed `scheme://parent-domain[:port|:*]`. */
  readonly subdomains: ReadonlySet<string>;
  /** Port wildcards keyed `scheme://host`. */
  readonly anyPortHosts: ReadonlySet<string>;
  /** Length bounds of the parent domains in `subdomains`, so a hostile host is not sliced needlessly. */
  readonly shortestParent: number;
  readonly longestParent: number;
  readonly predicate: ((origin: string, request: Request) => boolean) | undefined;
}

// A DNS name has at most 253 characters; a longer host cannot be a page's origin.
const MAX_HOST = 253;

/**
 * Whether `origin` (the request's `Origin`, compared byte for byte) is allowed.
 * Exact origins cost one Set lookup. Patterns are found from the origin's own labels, so the cost
 * does not grow with the number of patterns. A malformed origin never matches a pattern or a predicate.
 */
export function isOriginAllowed(matcher: OriginMatcher, origin: string, request: Request): boolean {
  if (matcher.any) return true;
  if (matcher.exact.has(origin)) return true;
  const hasPatterns = matcher.subdomains.size > 0 || matcher.anyPortHosts.size > 0;
  if (!hasPatterns && matcher.predicate === undefined) return false;
  const hostStart = schemeEnd(origin);
  const hostEnd = hostStart < 0 ? -1 : hostEndOf(origin, hostStart);
  if (hostEnd < 0 || !isPortSuffix(origin, hostEnd)) return origin === "null" && callPredicate(matcher, origin, request);
  if (hasPatterns && matchesPattern(matcher, origin, hostStart, hostEnd)) return true;
  return callPredicate(matcher, origin, request);
}

function callPredicate(matcher: OriginMatcher, origin: string, request: Request): boolean {
  if (matcher.predicate === undefined) return false;
  try {
    // Only a real `true` allows: a truthy Promise from an async predicate must not open the door.
    return matcher.predicate(origin, request) === true;
  } catch {
    return false;
  }
}

function matchesPattern(matcher: OriginMatcher, origin: string, hostStart: number, hostEnd: number): boolean {
  const explicitPort = hostEnd < origin.length;
  if (explicitPort && matcher.anyPortHosts.has(origin.slice(0, hostEnd))) return true;
  if (matcher.subdomains.size === 0 || origin.charCodeAt(hostStart) === 91 /* [ */) return false;
  // Sliced only once a candidate parent has a plausible length: most unknown origins never get there.
  let prefix: string | undefined;
  let port = "";
  // Each dot after the first label starts a candidate parent domain: a.b.example.com tries
  // b.example.com, then example.com, then com.
  for (let i = hostStart + 1; i < hostEnd; i++) {
    if (origin.charCodeAt(i) !== 46 /* . */) continue;
    const length = hostEnd - i - 1;
    if (length > matcher.longestParent) continue;
    if (length < matcher.shortestParent) break;
    if (prefix === undefined) {
      prefix = origin.slice(0, hostStart);
      port = origin.slice(hostEnd);
    }
    const parent = origin.slice(i + 1, hostEnd);
    if (matcher.subdomains.has(prefix + parent + port)) return true;
    if (explicitPort && matcher.subdomains.has(prefix + parent + ":*")) return true;
  }
  return false;
}

/** Index just after `scheme://` for a lowercase scheme, or -1. */
function schemeEnd(origin: string): number {
  const first = origin.charCodeAt(0);
  if (!(first >= 97 && first <= 122)) return -1;
  for (let i = 1; i < origin.length; i++) {
    const c = origin.charCodeAt(i);
    if (c === 58 /* : */) return origin.startsWith("//", i + 1) ? i + 3 : -1;
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return -1;
  }
  return -1;
}

/** Index just after a well-formed lowercase host (DNS name, IPv4 or bracketed IPv6), or -1. */
function hostEndOf(origin: string, start: number): number {
  if (origin.charCodeAt(start) === 91 /* [ */) {
    for (let i = start + 1; i < origin.length && i - start <= 48; i++) {
      const c = origin.charCodeAt(i);
      if (c === 93 /* ] */) return i > start + 2 ? i + 1 : -1;
      if (!((c >= 48 && c <= 58) || (c >= 97 && c <= 102) || c === 46)) return -1;
    }
    return -1;
  }
  let labelStart = start;
  let i = start;
  for (; i < origin.length; i++) {
    const c = origin.charCodeAt(i);
    if (c === 46 /* . */) {
      if (i === labelStart) return -1;
      labelStart = i + 1;
    } else if (c === 58 /* : */) {
      break;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) {
      return -1;
    }
  }
  if (i === labelStart || i - start > MAX_HOST) return -1;
  return i;
}

/** True when what follows the host is nothing or `:port` (1 to 65535, no leading zero). */
function isPortSuffix(origin: string, hostEnd: number): boolean {
  if (hostEnd === origin.length) return true;
  const length = origin.length - hostEnd - 1;
  if (origin.charCodeAt(hostEnd) !== 58 || length < 1 || length > 5 || origin.charCodeAt(hostEnd + 1) === 48) return false;
  let port = 0;
  for (let i = hostEnd + 1; i < origin.length; i++) {
    const c = origin.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    port = port * 10 + c - 48;
  }
  return port <= 65535;
}
