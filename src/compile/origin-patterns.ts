import type { CorsProblem } from "../errors.ts";
import { isLoopbackHost, type OriginSets } from "../origin-matcher.ts";
import { ownEntries } from "./name-lists.ts";
import { PUBLIC_SUFFIXES } from "./public-suffixes.ts";
import { table } from "./read-options.ts";

type Report = (code: string, value: unknown, message: string) => void;

const DEFAULT_PORTS = table({ http: "80", https: "443", ws: "80", wss: "443" });
const SCHEME = /^[a-z][a-z0-9+.-]*$/;
// No DNS name is longer; a browser never sends such a host.
const MAX_HOST = 253;

/**
 * Validates and canonicalises an `origins` list into the sets the matcher reads.
 * Every problem is reported; a bad entry is left out and the others still compile.
 */
export function compileOriginList(
  list: readonly unknown[],
  credentials: boolean,
  allowInsecure: boolean,
  problems: CorsProblem[],
): { sets: OriginSets; canonical: string[] } {
  const exact = new Set<string>();
  const subdomains = new Set<string>();
  const anyPortHosts = new Set<string>();
  const canonical: string[] = [];
  let shortestParent = Infinity;
  let longestParent = 0;

  for (const entry of ownEntries(list)) {
    const report: Report = (code, value, message) => problems.push({ option: "origins", value, code, message });
    if (typeof entry !== "string") {
      report("invalid-origin", entry, `${describe(entry)} is not a string; write origins as "https://host[:port]"`);
      continue;
    }
    const origin = parseConfigOrigin(entry, credentials, allowInsecure, report);
    if (origin === undefined) continue;
    canonical.push(origin.text);
    if (origin.domain === undefined) {
      if (origin.port === "*") anyPortHosts.add(`${origin.scheme}://${origin.host}`);
      else exact.add(origin.text);
    } else {
      subdomains.add(`${origin.scheme}://${origin.domain}${origin.port === "" ? "" : ":" + origin.port}`);
      shortestParent = Math.min(shortestParent, origin.domain.length);
      longestParent = Math.max(longestParent, origin.domain.length);
    }
  }
  if (list.length === 0) {
    problems.push({
      option: "origins",
      value: list,
      code: "no-origins",
      message: `the list is empty, so no origin could ever be allowed; list at least one origin, or use a predicate`,
    });
  }
  return {
    sets: { exact, subdomains, anyPortHosts, shortestParent, longestParent },
    canonical: [...new Set(canonical)],
  };
}

interface ConfigOrigin {
  scheme: string;
  /** Canonical host; for a subdomain pattern, `*.` followed by `domain`. */
  host: string;
  /** Set for subdomain patterns: the parent domain under which any subdomain matches. */
  domain: string | undefined;
  /** `""` (default port), digits, or `*`. */
  port: string;
  text: string;
}

function parseConfigOrigin(entry: string, credentials: boolean, allowInsecure: boolean, report: Report): ConfigOrigin | undefined {
  if (entry === "*") {
    report("wildcard-in-list", entry, `"*" inside a list is not a wildcard; write origins: "*" to allow every origin`);
    return undefined;
  }
  if (entry === "null") {
    if (credentials) {
      report(
        "null-with-credentials",
        entry,
        `"null" with credentials: true would trust every sandboxed iframe and file: page at once; remove "null" or set credentials: false`,
      );
      return undefined;
    }
    return { scheme: "null", host: "", domain: undefined, port: "", text: "null" };
  }
  const separator = entry.indexOf("://");
  if (separator <= 0) {
    // "https:example.com" and "https:/example.com" name a scheme but lack its "//".
    const written = /^(https?):\/?(?!\/)/i.exec(entry);
    const scheme = written?.[1]?.toLowerCase() ?? "https";
    const bare = (written === null ? entry : entry.slice(written[0].length)).replace(/^[/:]+/, "");
    const problem = written === null ? "has no scheme" : `lacks the "//" after "${written[1]}:"`;
    report("missing-scheme", entry, `"${entry}" ${problem}; write "${scheme}://${bare}"`);
    return undefined;
  }
  const scheme = entry.slice(0, separator).toLowerCase();
  if (!SCHEME.test(scheme)) {
    report("invalid-origin", entry, `"${entry}" does not start with a valid scheme; write "https://host[:port]"`);
    return undefined;
  }
  const rest = entry.slice(separator + 3);
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === "/" || c === "?" || c === "#") {
      end = i;
      break;
    }
  }
  let authority = rest.slice(0, end);
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0;
  if (userinfo) authority = authority.slice(at + 1);

  let hostText: string;
  let portText: string | undefined;
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    hostText = close < 0 ? authority : authority.slice(0, close + 1);
    const after = close < 0 ? "" : authority.slice(close + 1);
    if (after !== "") portText = after.startsWith(":") ? after.slice(1) : after;
  } else {
    const colon = authority.lastIndexOf(":");
    hostText = colon < 0 ? authority : authority.slice(0, colon);
    if (colon >= 0) portText = authority.slice(colon + 1);
  }

  let domainPart: string | undefined;
  if (hostText.startsWith("*.")) domainPart = hostText.slice(2);
  if ((domainPart ?? hostText).includes("*")) {
    report(
      "wildcard-position",
      entry,
      `"${entry}": "*" may only stand for whole leftmost labels, as in "${scheme}://*.example.com", or for the port, as in "http://localhost:*"`,
    );
    return undefined;
  }
  if ((domainPart ?? hostText).endsWith(".")) {
    const fixed = entry.slice(0, separator + 3) + rest.slice(0, end).replace(/\.(?=:|$)/, "");
    report("trailing-dot", entry, `"${entry}": browsers never send a host ending with a dot; write "${fixed}"`);
    return undefined;
  }

  let port = "";
  if (portText !== undefined && portText !== "*") {
    if (!/^[0-9]{1,5}$/.test(portText) || portText.startsWith("0") || Number(portText) > 65535) {
      report("invalid-port", entry, `"${entry}" has port "${portText}"; a port is 1 to 65535 without leading zeros`);
      return undefined;
    }
    port = portText === DEFAULT_PORTS[scheme] ? "" : portText;
  } else if (portText === "*") {
    port = "*";
  }

  if (domainPart !== undefined && isIpAddress(domainPart)) {
    report("wildcard-position", entry, `"${entry}": an IP address has no subdomains; list the address itself, as in "${scheme}://${domainPart}"`);
    return undefined;
  }
  const host = canonicalHost(scheme, domainPart === undefined ? hostText : `x.${domainPart}`);
  if (host === undefined || hostText === "" || domainPart === "") {
    report("invalid-origin", entry, `"${entry}" has no valid host; write "${scheme}://host[:port]"`);
    return undefined;
  }
  const domain = domainPart === undefined ? undefined : host.slice(2);
  if (host.length > MAX_HOST) {
    report("host-too-long", entry, `"${entry.slice(0, 80)}…" has a host of ${host.length} characters; no DNS name is longer than ${MAX_HOST}, so no browser could send it`);
    return undefined;
  }
  const canonicalHostText = domain === undefined ? host : `*.${domain}`;
  const text = `${scheme}://${canonicalHostText}${port === "" ? "" : ":" + port}`;

  const extra = rest.slice(end);
  if (userinfo || extra !== "") {
    const what = userinfo ? "userinfo" : extra === "/" ? "trailing-slash" : extra[0] === "/" ? "path" : extra[0] === "?" ? "query" : "fragment";
    report(`origin-has-${what}`, entry, `"${entry}" has ${what === "userinfo" ? "user information" : `a ${what.replace("-", " ")}`}, but an origin is only scheme://host[:port]; write "${text}"`);
    return undefined;
  }
  if (domain !== undefined && (!domain.includes(".") ? domain !== "localhost" : PUBLIC_SUFFIXES.has(domain))) {
    report(
      "public-suffix",
      entry,
      `"${entry}" would allow every site under the public suffix "${domain}", including other people's; list your own domain, as in "${scheme}://*.your-site.${domain}"`,
    );
    return undefined;
  }
  if (credentials && !allowInsecure && (scheme === "http" || scheme === "ws") && !isLoopbackHost(domain ?? host)) {
    report(
      "insecure-origin",
      entry,
      `"${entry}" is plain http: with credentials: true, a network attacker can forge it; write "https://${text.slice(scheme.length + 3)}", or set allowInsecureOrigins: true if you accept that risk`,
    );
    return undefined;
  }
  return { scheme, host, domain, port, text };
}

/** Lowercase, punycode and normalised IP forms, the way a browser serialises the host. */
function canonicalHost(scheme: string, host: string): string | undefined {
  try {
    const url = new URL(`${scheme}://${host}`);
    if (url.hostname === "" || url.pathname.length > 1 || url.username !== "" || url.port !== "") {
      return scheme in DEFAULT_PORTS ? undefined : /^[a-z0-9._~-]+$/i.test(host) ? host.toLowerCase() : undefined;
    }
    return scheme in DEFAULT_PORTS ? url.hostname : url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function isIpAddress(host: string): boolean {
  return host.startsWith("[") || /^[0-9.]+$/.test(host);
}

function describe(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}
