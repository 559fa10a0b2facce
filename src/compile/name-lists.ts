import type { CorsProblem } from "../errors.ts";
import { isForbiddenHeaderName, isForbiddenMethod, normalizeMethod } from "../fetch/names.ts";
import { isToken } from "../fetch/tokens.ts";

/** A validated `methods`, `requestHeaders` or `exposeHeaders` option. */
export interface NameList {
  readonly wildcard: boolean;
  /** The names beside the wildcard, deduplicated, in the order given. */
  readonly names: readonly string[];
}

// Forbidden request-header names whose listing usually means something else, and what was meant.
const FORBIDDEN_HEADERS: Readonly<Record<string, string>> = {
  cookie: "cookies are not a header a script sets; remove it and set credentials: true",
  cookie2: "cookies are not a header a script sets; remove it and set credentials: true",
  origin: "the browser sets Origin itself and it needs no permission; remove it",
  host: "the browser sets Host itself; remove it",
  referer: "the browser sets Referer itself; remove it",
  "content-length": "the browser sets Content-Length itself; remove it",
};

type Kind = "methods" | "requestHeaders" | "exposeHeaders";

/** Validates one list option; every problem goes to `problems`. */
export function compileNameList(kind: Kind, value: unknown, problems: CorsProblem[]): NameList {
  const report = (code: string, offending: unknown, message: string) =>
    problems.push({ option: kind, value: offending, code, message });
  if (value === undefined) return { wildcard: false, names: [] };
  if (value === "*") return { wildcard: true, names: [] };
  if (!Array.isArray(value)) {
    report("invalid-type", value, `must be "*" or an array of names, e.g. ${kind}: ["${kind === "methods" ? "PUT" : "x-request-id"}"]`);
    return { wildcard: false, names: [] };
  }
  let wildcard = false;
  const names = new Set<string>();
  for (const entry of value as unknown[]) {
    if (entry === "*") {
      wildcard = true;
      continue;
    }
    if (typeof entry !== "string" || !isToken(entry)) {
      const shown = typeof entry === "string" ? `"${entry}"` : String(entry);
      report(`invalid-${kind === "methods" ? "method" : "header"}`, entry, `${shown} is not a valid ${kind === "methods" ? "method" : "header name"} (an HTTP token: letters, digits and !#$%&'*+-.^_\`|~)`);
      continue;
    }
    const name = kind === "methods" ? normalizeMethod(entry) : entry.toLowerCase();
    const problem = kind === "methods" ? methodProblem(name) : kind === "requestHeaders" ? requestHeaderProblem(name) : exposeHeaderProblem(name);
    if (problem !== undefined) report(problem[0], entry, `"${entry}": ${problem[1]}`);
    else names.add(name);
  }
  return { wildcard, names: [...names] };
}

function methodProblem(method: string): [string, string] | undefined {
  if (isForbiddenMethod(method)) {
    return ["forbidden-method", "browsers never send this method (a forbidden method); remove it"];
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
