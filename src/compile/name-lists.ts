import type { CorsProblem } from "../errors.ts";
import { isForbiddenHeaderName, isForbiddenMethod, normalizeMethod } from "../fetch/names.ts";
import { isToken } from "../fetch/tokens.ts";
import { table } from "./read-options.ts";

/** A validated `methods`, `requestHeaders` or `exposeHeaders` option. */
export interface NameList {
  readonly wildcard: boolean;
  /** The names beside the wildcard, deduplicated, in the order given. */
  readonly names: readonly string[];
}

export type ListOption = "methods" | "requestHeaders" | "exposeHeaders";

/**
 * What an absent option means: what a JSON API called from its own pages needs. `authorization` is
 * never a default: the Fetch Standard treats it as a credential a server opts into by name.
 */
const DEFAULTS: Readonly<Record<ListOption, NameList>> = {
  methods: { wildcard: false, names: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] },
  requestHeaders: { wildcard: false, names: ["content-type"] },
  exposeHeaders: { wildcard: false, names: [] },
};

// Forbidden request-header names whose listing usually means something else, and what was meant.
const FORBIDDEN_HEADERS = table({
  cookie: "cookies are not a header a script sets; remove it and set credentials: true",
  cookie2: "cookies are not a header a script sets; remove it and set credentials: true",
  origin: "the browser sets Origin itself and it needs no permission; remove it",
  host: "the browser sets Host itself; remove it",
  referer: "the browser sets Referer itself; remove it",
  "content-length": "the browser sets Content-Length itself; remove it",
});

type Report = (code: string, value: unknown, message: string) => void;

/** Validates one list option; every problem goes to `problems`. */
export function compileNameList(option: ListOption, value: unknown, problems: CorsProblem[]): NameList {
  const report: Report = (code, offending, message) => problems.push({ option, value: offending, code, message });
  if (value === undefined) return DEFAULTS[option];
  if (value === "*") return { wildcard: true, names: [] };
  if (!Array.isArray(value)) {
    report("invalid-type", value, `must be "*" or an array of names, e.g. ${option}: ["${option === "methods" ? "PUT" : "x-request-id"}"]`);
    return { wildcard: false, names: [] };
  }
  const entries = ownEntries(value);
  const given = new Set(entries.filter((entry): entry is string => typeof entry === "string"));
  let wildcard = false;
  const names = new Set<string>();
  for (const entry of entries) {
    if (entry === "*") {
      wildcard = true;
      continue;
    }
    if (typeof entry !== "string" || !isToken(entry)) {
      const shown = typeof entry === "string" ? `"${entry}"` : String(entry);
      const what = option === "methods" ? "method" : "header name";
      report(`invalid-${option === "methods" ? "method" : "header"}`, entry, `${shown} is not a valid ${what} (an HTTP token: letters, digits and !#$%&'*+-.^_\`|~)`);
      continue;
    }
    const name = option === "methods" ? normalizeMethod(entry) : entry.toLowerCase();
    const problem = option === "methods" ? methodProblem(name, given) : option === "requestHeaders" ? requestHeaderProblem(name) : exposeHeaderProblem(name);
    if (problem !== undefined) report(problem[0], entry, `"${entry}": ${problem[1]}`);
    else names.add(name);
  }
  return { wildcard, names: [...names] };
}

/** The elements of an array, holes read as `undefined` rather than from a polluted prototype. */
export function ownEntries(list: readonly unknown[]): unknown[] {
  const entries: unknown[] = [];
  for (let i = 0; i < list.length; i++) entries.push(Object.hasOwn(list, i) ? list[i] : undefined);
  return entries;
}

function methodProblem(method: string, given: ReadonlySet<string>): [string, string] | undefined {
  if (isForbiddenMethod(method)) {
    return ["forbidden-method", "browsers never send this method (a forbidden method); remove it"];
  }
  // Fetch uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT: fetch(url, { method: "patch" })
  // sends "patch", which a server expecting PATCH refuses. Listing the lowercase form alone is
  // almost always that mistake; listing both says it is deliberate.
  const upper = method.toUpperCase();
  if (method !== upper && !given.has(upper)) {
    return ["method-case", `methods are case-sensitive and browsers send custom methods exactly as the page writes them; write "${upper}" (and method: "${upper}" in fetch()), or list both "${upper}" and "${method}" to accept both`];
  }
  return undefined;
}

function requestHeaderProblem(name: string): [string, string] | undefined {
  const reason = FORBIDDEN_HEADERS[name];
  if (reason !== undefined) return ["forbidden-header", reason];
  if (name.startsWith("access-control-")) {
    return ["forbidden-header", "Access-Control-* headers are the CORS protocol's own, not something a request carries; remove it"];
  }
  if (isForbiddenHeaderName(name)) {
    return ["forbidden-header", "only the browser sets this header (a forbidden request-header name), so allowing it has no effect; remove it"];
  }
  return undefined;
}

function exposeHeaderProblem(name: string): [string, string] | undefined {
  if (name === "set-cookie" || name === "set-cookie2") {
    return ["expose-set-cookie", "browsers never let scripts read Set-Cookie; remove it (cookies need credentials: true)"];
  }
  return undefined;
}
