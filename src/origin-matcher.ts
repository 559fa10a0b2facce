import { ignoreRejection } from "./callbacks.ts";

/** The compiled form of an `origins` list: everything matching needs, precomputed. */
export interface OriginSets {
  /** Canonical exact origins (and `"null"` when listed): one Set lookup. */
  readonly exact: ReadonlySet<string>;
  /** Subdomain patterns keyed `scheme://parent-domain[:port|:*]`. */
  readonly subdomains: ReadonlySet<string>;
  /** Port wildcards keyed `scheme://host`. */
  readonly anyPortHosts: ReadonlySet<string>;
  /** Length bounds of the parent domains in `subdomains`, so a hostile host is not sliced needlessly. */
  readonly shortestParent: number;
  readonly longestParent: number;
}

/** The rules a predicate's answer is held to at run time, as a list is held to them at compile time. */
export interface PredicateRules {
  readonly credentials: boolean;
  readonly allowInsecureOrigins: boolean;
}

type Predicate = (origin: string, request: Request) => unknown;

// A DNS name has at most 253 characters; a longer host cannot be a page's origin.
const MAX_HOST = 253;

/**
 * Whether a request's `Origin` (compared byte for byte) is allowed. Exact origins cost one Set
 * lookup; patterns are found from the origin's own labels, so the cost does not grow with the number
 * of patterns. A malformed origin never matches a pattern or a predicate.
 */
export function originMatcher(sets: OriginSets, predicate: Predicate | undefined, rules: PredicateRules): (origin: string, request: Request) => boolean {
  const { exact } = sets;
  const hasPatterns = sets.subdomains.size > 0 || sets.anyPortHosts.size > 0;
  if (!hasPatterns && predicate === undefined) return (origin) => exact.has(origin);
  if (predicate === undefined) return (origin) => exact.has(origin) || matchesWellFormed(sets, origin);
  return (origin, request) => {
    if (exact.has(origin)) return true;
    const hostStart = schemeEnd(origin);
    const hostEnd = hostStart < 0 ? -1 : hostEndOf(origin, hostStart);
    if (hostEnd < 0 || !isPortSuffix(origin, hostEnd)) {
      // "null" is the one origin that is not scheme://host; it never has credentials (SPEC §9).
      return origin === "null" && predicate !== undefined && !rules.credentials && callPredicate(predicate, origin, request);
    }
    if (hasPatterns && matchesPattern(sets, origin, hostStart, hostEnd)) return true;
    if (predicate === undefined || !mayAskPredicate(origin, hostStart, hostEnd, rules)) return false;
    return callPredicate(predicate, origin, request);
  };
}

/** Only a real `true` allows: a Promise from an async predicate must not open the door, nor crash. */
function callPredicate(predicate: Predicate, origin: string, request: Request): boolean {
  try {
    const answer = predicate(origin, request);
    if (answer === true) return true;
    ignoreRejection(answer);
  } catch {
    // A predicate that throws allows nothing.
  }
  return false;
}

/**
 * A predicate only sees what a browser sends: an http(s) origin exactly as `new URL(it).origin`
 * serialises it (no default port, canonical IP forms), and with credentials not a plain-http one on
 * a non-loopback host unless `allowInsecureOrigins` (SPEC §9).
 */
function mayAskPredicate(origin: string, hostStart: number, hostEnd: number, rules: PredicateRules): boolean {
  const secure = hostStart === 8 && origin.startsWith("https://");
  if (!secure && !(hostStart === 7 && origin.startsWith("http://"))) return false;
  const port = origin.slice(hostEnd + 1);
  if (port === (secure ? "443" : "80")) return false;
  if (!secure && rules.credentials && !rules.allowInsecureOrigins && !isLoopbackHost(origin.slice(hostStart, hostEnd))) return false;
  try {
    return new URL(origin).origin === origin;
  } catch {
    return false;
  }
}

/** `localhost`, `*.localhost`, `127.0.0.0/8` and `[::1]`: a network attacker cannot forge these. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(host);
}

/**
 * Whether a pattern allows the origin. The candidates are looked up from where the origin's host
 * seems to start and end, and only an origin that one of them matches is checked for being well
 * formed: most origins a pattern does not allow are then refused without reading all of them. A
 * well-formed origin's host bounds are exactly those found here (its scheme holds no `:`, its host
 * no `:` outside brackets), so the answer is the one a check made first would give.
 */
function matchesWellFormed(sets: OriginSets, origin: string): boolean {
  const hostStart = origin.indexOf("://") + 3;
  if (hostStart < 3 || hostStart >= origin.length) return false;
  let hostEnd: number;
  if (origin.charCodeAt(hostStart) === 91 /* [ */) {
    hostEnd = origin.indexOf("]", hostStart) + 1;
    if (hostEnd === 0) return false;
  } else {
    hostEnd = origin.indexOf(":", hostStart);
    if (hostEnd < 0) hostEnd = origin.length;
  }
  return (
    matchesPattern(sets, origin, hostStart, hostEnd) &&
    schemeEnd(origin) === hostStart && hostEndOf(origin, hostStart) === hostEnd && isPortSuffix(origin, hostEnd)
  );
}

function matchesPattern(sets: OriginSets, origin: string, hostStart: number, hostEnd: number): boolean {
  const explicitPort = hostEnd < origin.length;
  if (explicitPort && sets.anyPortHosts.has(origin.slice(0, hostEnd))) return true;
  if (sets.subdomains.size === 0 || origin.charCodeAt(hostStart) === 91 /* [ */) return false;
  // Sliced only once a candidate parent has a plausible length: most unknown origins never get there.
  let prefix: string | undefined;
  let port = "";
  // Each dot after the first label starts a candidate parent domain: a.b.example.com tries
  // b.example.com, then example.com, then com.
  for (let i = hostStart + 1; i < hostEnd; i++) {
    if (origin.charCodeAt(i) !== 46 /* . */) continue;
    const length = hostEnd - i - 1;
    if (length > sets.longestParent) continue;
    if (length < sets.shortestParent) break;
    if (prefix === undefined) {
      prefix = origin.slice(0, hostStart);
      port = origin.slice(hostEnd);
    }
    const parent = origin.slice(i + 1, hostEnd);
    if (sets.subdomains.has(prefix + parent + port)) return true;
    if (explicitPort && sets.subdomains.has(prefix + parent + ":*")) return true;
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

/** True when what follows the host is nothing or `:port` (1 to 65535, no leading zero, not the default). */
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
  // Browsers serialise an origin without its scheme's default port; one written with it is not an
  // origin a browser sends, so no pattern or predicate may match it.
  if (port === 443) return !origin.startsWith("https:");
  if (port === 80) return !origin.startsWith("http:");
  return port <= 65535;
}
