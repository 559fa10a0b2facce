import { COMPILED, type BrandedPolicy, type CompiledPolicy } from "../compiled.ts";
import { CorsConfigError, type CorsProblem } from "../errors.ts";
import { compileNameList, type NameList } from "./name-lists.ts";
import { compileOriginList } from "./origin-patterns.ts";
import type { OriginMatcher } from "../origin-matcher.ts";
import type { CorsOptions, CorsPolicy, NormalisedOptions } from "../types.ts";

const KNOWN_OPTIONS = new Set([
  "origins", "methods", "requestHeaders", "exposeHeaders", "credentials", "maxAge",
  "privateNetwork", "preflightStatus", "allowInsecureOrigins", "debug", "onReject",
]);
// The names other CORS libraries use, so a ported config says what to write here.
const ALIASES: Readonly<Record<string, string>> = {
  origin: "origins", allowedOrigins: "origins", allowOrigins: "origins", allowMethods: "methods",
  allowedMethods: "methods", allowHeaders: "requestHeaders", allowedHeaders: "requestHeaders",
  headers: "requestHeaders", exposedHeaders: "exposeHeaders", allowCredentials: "credentials",
  maxAgeSeconds: "maxAge",
};
const MAX_AGE_LIMIT = 86400;

/**
 * Validates and compiles CORS options once. The result is frozen and safe to share across
 * requests and isolates. Throws {@link CorsConfigError} listing every problem, each with the fix.
 *
 * @example
 * const policy = corsPolicy({
 *   origins: ["https://app.example.com", "https://*.example.com", "http://localhost:*"],
 *   methods: ["PUT", "DELETE", "PATCH"],
 *   requestHeaders: ["content-type", "authorization"],
 *   credentials: true,
 *   maxAge: 7200,
 * });
 */
export function corsPolicy(options: CorsOptions): CorsPolicy {
  const problems: CorsProblem[] = [];
  const report = (option: string, value: unknown, code: string, message: string) =>
    problems.push({ option, value, code, message });

  if (options === null || typeof options !== "object") {
    throw new CorsConfigError([{ option: "options", value: options, code: "invalid-type", message: `expected an object such as { origins: ["https://app.example.com"] }` }]);
  }
  for (const key of Object.keys(options)) {
    if (KNOWN_OPTIONS.has(key)) continue;
    const meant = ALIASES[key];
    report(key, (options as unknown as Record<string, unknown>)[key], "unknown-option", meant ? `unknown option; write ${meant} instead` : `unknown option; known: ${[...KNOWN_OPTIONS].join(", ")}`);
  }

  const credentials = flag(options, "credentials", report);
  const allowInsecureOrigins = flag(options, "allowInsecureOrigins", report);
  const privateNetwork = flag(options, "privateNetwork", report);
  const debug = flag(options, "debug", report);

  const { matcher, normalised: origins } = compileOrigins(options.origins, credentials, allowInsecureOrigins, problems);
  const methods = compileNameList("methods", options.methods, problems);
  const requestHeaders = compileNameList("requestHeaders", options.requestHeaders, problems);
  const exposeHeaders = compileNameList("exposeHeaders", options.exposeHeaders, problems);
  if (credentials && origins === "*") {
    report("origins", "*", "wildcard-with-credentials", `"*" cannot be used with credentials: true (browsers refuse it); list the origins, e.g. origins: ["https://app.example.com"]`);
  }
  if (credentials && exposeHeaders.wildcard) {
    report("exposeHeaders", "*", "wildcard-with-credentials", `"*" means the literal header name "*" when credentials are on; list the headers, e.g. exposeHeaders: ["x-request-id"]`);
  }

  const maxAge = options.maxAge;
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0 && maxAge <= MAX_AGE_LIMIT)) {
    report("maxAge", maxAge, "invalid-max-age", `${String(maxAge)} is not whole seconds from 0 to ${MAX_AGE_LIMIT}; e.g. maxAge: 7200 (Chrome caps at 7200)`);
  }
  const preflightStatus = options.preflightStatus ?? 204;
  if (preflightStatus !== 200 && preflightStatus !== 204) {
    report("preflightStatus", preflightStatus, "invalid-preflight-status", `${String(preflightStatus)} is not allowed; write 204 (the default) or 200`);
  }
  if (options.onReject !== undefined && typeof options.onReject !== "function") {
    report("onReject", options.onReject, "invalid-type", "must be a function (rejection, request) => void");
  }
  if (problems.length > 0) throw new CorsConfigError(problems);

  const compiled: CompiledPolicy = Object.freeze({
    origins: Object.freeze(matcher),
    credentials,
    methods: new Set(methods.names),
    anyMethod: methods.wildcard,
    allowMethods: allowList(methods, credentials, "GET, HEAD, POST"),
    // The reason for a refused method names every method that would pass, safelisted ones included.
    methodList: listText({ wildcard: methods.wildcard, names: [...new Set(["GET", "HEAD", "POST", ...methods.names])] }, ""),
    headers: new Set(requestHeaders.names),
    anyHeader: requestHeaders.wildcard,
    allowHeaders: allowList(requestHeaders, credentials, ""),
    headerList: listText(requestHeaders, "none"),
    exposeHeaders: exposeHeaders.wildcard || exposeHeaders.names.length > 0 ? listText(exposeHeaders, "") : undefined,
    maxAge: maxAge === undefined ? undefined : String(maxAge),
    privateNetwork,
    preflightStatus,
    preflightVary: `${origins === "*" ? "" : "Origin, "}Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network`,
    varyOrigin: origins !== "*",
    debug,
    onReject: options.onReject,
    allowedHeaderLists: new Map(),
  });
  const normalisedOptions: NormalisedOptions = Object.freeze({
    origins: typeof origins === "object" ? Object.freeze(origins) : origins,
    methods: frozenList(methods),
    requestHeaders: frozenList(requestHeaders),
    exposeHeaders: frozenList(exposeHeaders),
    credentials,
    maxAge,
    privateNetwork,
    preflightStatus,
    allowInsecureOrigins,
    debug,
  });
  const policy: BrandedPolicy = Object.freeze({ options: normalisedOptions, [COMPILED]: compiled });
  return policy;
}

function compileOrigins(
  value: unknown,
  credentials: boolean,
  allowInsecure: boolean,
  problems: CorsProblem[],
): { matcher: OriginMatcher; normalised: NormalisedOptions["origins"] } {
  const none = { any: false, exact: new Set<string>(), subdomains: new Set<string>(), anyPortHosts: new Set<string>(), shortestParent: Infinity, longestParent: 0, predicate: undefined };
  if (value === "*") return { matcher: { ...none, any: true }, normalised: "*" };
  if (typeof value === "function") {
    const predicate = value as (origin: string, request: Request) => boolean;
    return { matcher: { ...none, predicate }, normalised: predicate };
  }
  if (Array.isArray(value)) {
    const { matcher, canonical } = compileOriginList(value, credentials, allowInsecure, problems);
    return { matcher, normalised: canonical };
  }
  problems.push({
    option: "origins",
    value,
    code: value === undefined ? "required" : "invalid-type",
    message: `${value === undefined ? "is required" : "must be \"*\", a list or a function"}; e.g. origins: ["https://app.example.com"]`,
  });
  return { matcher: none, normalised: [] };
}

function flag(options: CorsOptions, name: keyof CorsOptions, report: (o: string, v: unknown, c: string, m: string) => void): boolean {
  const value = options[name];
  if (value === undefined) return false;
  if (typeof value !== "boolean") report(name, value, "invalid-type", `${JSON.stringify(value)} is not a boolean; write ${name}: true or false`);
  return value === true;
}

/** The header value to answer: the list as configured, or `undefined` where the request is echoed. */
function allowList(list: NameList, credentials: boolean, empty: string): string | undefined {
  if (list.wildcard && credentials) return undefined;
  return listText(list, empty);
}

function listText(list: NameList, empty: string): string {
  const names = list.wildcard ? ["*", ...list.names] : list.names;
  return names.length === 0 ? empty : names.join(", ");
}

function frozenList(list: NameList): "*" | readonly string[] {
  if (list.wildcard && list.names.length === 0) return "*";
  return Object.freeze(list.wildcard ? ["*", ...list.names] : [...list.names]);
}
