import { brandPolicy, isCorsPolicy, type CompiledPolicy } from "../compiled.ts";
import { CorsConfigError, type CorsProblem } from "../errors.ts";
import { isSafelistedMethod } from "../fetch/names.ts";
import { originMatcher } from "../origin-matcher.ts";
import { requestedHeadersCheck } from "../request-headers.ts";
import type { CorsOptions, CorsPolicy, CorsRejection, NormalisedOptions } from "../types.ts";
import { compileProtection } from "./cross-origin-option.ts";
import { compileNameList, type NameList } from "./name-lists.ts";
import { compileOriginList } from "./origin-patterns.ts";
import { kind, readFlag, readOptions, shown, type Report } from "./read-options.ts";

const MAX_AGE_LIMIT = 86400;
const SAFELISTED_METHODS = "GET, HEAD, POST";

/**
 * Validates and compiles CORS options once. The result is frozen and safe to share across
 * requests and isolates; a compiled policy passed again is returned as it is. Throws
 * {@link CorsConfigError} listing every problem, each with the offending value and the fix.
 *
 * @example
 * const policy = corsPolicy({
 *   origins: ["https://app.example.com", "https://*.example.com", "http://localhost:*"],
 *   requestHeaders: ["content-type", "authorization"],
 *   credentials: true,
 *   maxAge: 7200,
 * });
 */
export function corsPolicy(options: CorsOptions | CorsPolicy): CorsPolicy {
  if (isCorsPolicy(options)) return options;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new CorsConfigError([{ option: "options", value: options, code: "invalid-type", message: `${shown(options)} is ${kind(options)}; expected an object such as { origins: ["https://app.example.com"] }` }]);
  }
  const problems: CorsProblem[] = [];
  const report: Report = (option, value, code, message) => problems.push({ option, value, code, message });
  const given = readOptions(options, problems);

  const credentials = readFlag("credentials", given.credentials, report);
  const allowInsecureOrigins = readFlag("allowInsecureOrigins", given.allowInsecureOrigins, report);
  const privateNetwork = readFlag("privateNetwork", given.privateNetwork, report);
  const debug = readFlag("debug", given.debug, report);

  const origins = compileOrigins(given.origins, credentials, allowInsecureOrigins, problems);
  const methods = compileNameList("methods", given.methods, problems);
  const requestHeaders = compileNameList("requestHeaders", given.requestHeaders, problems);
  const exposeHeaders = compileNameList("exposeHeaders", given.exposeHeaders, problems);
  const protection = compileProtection(given.crossOriginProtection, credentials, report);
  if (origins.normalised === "*") {
    if (credentials) report("origins", "*", "wildcard-with-credentials", `"*" cannot be used with credentials: true (browsers refuse it); list the origins, e.g. origins: ["https://app.example.com"]`);
    if (privateNetwork) report("privateNetwork", true, "wildcard-private-network", `with origins: "*" every site on the internet could reach this private-network server; list the origins allowed to`);
    if (protection !== false && given.crossOriginProtection !== undefined) {
      report("crossOriginProtection", given.crossOriginProtection, "wildcard-protection", `origins: "*" trusts every origin, so there is nothing to protect against; list the origins, or turn crossOriginProtection off`);
    }
  }
  if (credentials && exposeHeaders.wildcard) {
    report("exposeHeaders", "*", "wildcard-with-credentials", `"*" means the literal header name "*" when credentials are on; list the headers, e.g. exposeHeaders: ["x-request-id"]`);
  }
  const maxAge = compileMaxAge(given.maxAge, report);
  const preflightStatus = given.preflightStatus ?? 204;
  if (preflightStatus !== 200 && preflightStatus !== 204) {
    report("preflightStatus", preflightStatus, "invalid-preflight-status", `${shown(preflightStatus)} is not allowed; write 204 (the default) or 200`);
  }
  const onReject = given.onReject;
  if (onReject !== undefined && typeof onReject !== "function") {
    report("onReject", onReject, "invalid-type", `${shown(onReject)} is ${kind(onReject)}; write a function (rejection, request) => void`);
  }
  if (problems.length > 0) throw new CorsConfigError(problems);

  const normalised: NormalisedOptions = Object.freeze({
    origins: origins.normalised,
    methods: frozenList(methods),
    requestHeaders: frozenList(requestHeaders),
    exposeHeaders: frozenList(exposeHeaders),
    credentials,
    maxAge,
    privateNetwork,
    preflightStatus: preflightStatus as 200 | 204,
    allowInsecureOrigins,
    debug,
    crossOriginProtection: protection === false ? false : Object.freeze({ exemptPaths: Object.freeze(protection.exemptPaths) }),
  });
  const methodSet = new Set(methods.names);
  const headerSet = new Set(requestHeaders.names);
  const exemptPaths = protection === false ? undefined : new Set(protection.exemptPaths);

  return brandPolicy(normalised, (policy): CompiledPolicy => ({
    policy,
    anyOrigin: origins.normalised === "*",
    allowsOrigin: Object.freeze(origins.allows),
    credentials,
    allowsMethod: Object.freeze((method: string) => isSafelistedMethod(method) || methods.wildcard || methodSet.has(method)),
    allowMethods: methods.wildcard && credentials ? undefined : listText(methods, SAFELISTED_METHODS),
    namedMethods: methods.names.join(", "),
    anyMethod: methods.wildcard,
    // A refused method's reason names every method that would pass, the safelisted ones included.
    methodList: listText({ wildcard: methods.wildcard, names: [...new Set(["GET", "HEAD", "POST", ...methods.names])] }, ""),
    requestedHeaders: Object.freeze(requestedHeadersCheck(headerSet, requestHeaders.wildcard)),
    allowHeaders: requestHeaders.wildcard && credentials ? undefined : listText(requestHeaders, ""),
    namedHeaders: requestHeaders.names.join(", "),
    anyHeader: requestHeaders.wildcard,
    headerList: listText(requestHeaders, "none"),
    exposeHeaders: exposeHeaders.wildcard || exposeHeaders.names.length > 0 ? listText(exposeHeaders, "") : undefined,
    maxAge: maxAge === undefined ? undefined : String(maxAge),
    privateNetwork,
    preflightStatus: preflightStatus as 200 | 204,
    // With privateNetwork off the PNA request header is never read, so no answer varies on it.
    preflightVary: `${origins.normalised === "*" ? "" : "Origin, "}Access-Control-Request-Method, Access-Control-Request-Headers${privateNetwork ? ", Access-Control-Request-Private-Network" : ""}`,
    varyOrigin: origins.normalised !== "*",
    debug,
    onReject: onReject as ((rejection: CorsRejection, request: Request) => unknown) | undefined,
    protection: exemptPaths === undefined ? false : Object.freeze({
      isExempt: exemptPaths.size === 0 ? undefined : Object.freeze((path: string) => exemptPaths.has(path)),
    }),
  }));
}

interface CompiledOrigins {
  readonly allows: (origin: string, request: Request) => boolean;
  readonly normalised: NormalisedOptions["origins"];
}

function compileOrigins(value: unknown, credentials: boolean, allowInsecureOrigins: boolean, problems: CorsProblem[]): CompiledOrigins {
  const rules = { credentials, allowInsecureOrigins };
  const none = { exact: new Set<string>(), subdomains: new Set<string>(), anyPortHosts: new Set<string>(), shortestParent: Infinity, longestParent: 0 };
  if (value === "*") return { allows: () => true, normalised: "*" };
  if (typeof value === "function") {
    const predicate = value as (origin: string, request: Request) => boolean;
    return { allows: originMatcher(none, predicate, rules), normalised: predicate };
  }
  if (Array.isArray(value)) {
    const { sets, canonical } = compileOriginList(value, credentials, allowInsecureOrigins, problems);
    return { allows: originMatcher(sets, undefined, rules), normalised: Object.freeze(canonical) };
  }
  problems.push({
    option: "origins",
    value,
    code: value === undefined ? "required" : "invalid-type",
    message: `${value === undefined ? "is required" : `${shown(value)} is ${kind(value)}; it must be "*", a list or a function`}; e.g. origins: ["https://app.example.com"]`,
  });
  return { allows: () => false, normalised: Object.freeze([]) };
}

function compileMaxAge(value: unknown, report: Report): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number") {
    const hint = typeof value === "string" && /^[0-9]+$/.test(value.trim()) ? `write ${value.trim()}` : "write whole seconds, e.g. maxAge: 7200";
    report("maxAge", value, "invalid-max-age", `${shown(value)} is ${kind(value)}; ${hint}`);
    return undefined;
  }
  if (!(Number.isInteger(value) && value >= 0 && value <= MAX_AGE_LIMIT)) {
    report("maxAge", value, "invalid-max-age", `${String(value)} is not whole seconds from 0 to ${MAX_AGE_LIMIT}; e.g. maxAge: 7200 (Chrome caps at 7200)`);
    return undefined;
  }
  return value;
}

function listText(list: NameList, empty: string): string {
  const names = list.wildcard ? ["*", ...list.names] : list.names;
  return names.length === 0 ? empty : names.join(", ");
}

function frozenList(list: NameList): "*" | readonly string[] {
  if (list.wildcard && list.names.length === 0) return "*";
  return Object.freeze(list.wildcard ? ["*", ...list.names] : [...list.names]);
}
