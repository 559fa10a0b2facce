// The route patterns of corsRoutes(), compiled into a tree of path segments so that a request's
// path is matched by walking its segments once, whatever the number of routes, rather than by
// trying each pattern in turn.

import { shown } from "../compile/read-options.ts";

/** A pattern as parsed: its segments (`undefined` for a `:name` segment) and whether it ends in `/*`. */
interface Pattern {
  readonly segments: readonly (string | undefined)[];
  readonly prefix: boolean;
}

/** The paths reached by one sequence of pattern segments. `NONE` marks an empty slot. */
interface RouteNode {
  readonly literal: Map<string, RouteNode>;
  param: RouteNode | undefined;
  /** The first route that is exactly this sequence. */
  exact: number;
  /** The first route that is this sequence followed by `/*`. */
  prefix: number;
  /** The first route at or below this node: a branch that cannot beat the match found so far is skipped. */
  first: number;
}

const NONE = Number.POSITIVE_INFINITY;
const PARAM_NAME = /^:[A-Za-z_][A-Za-z0-9_]*$/;

/** The routes' patterns, compiled: `find(path)` is the index of the first route matching `path`, or `Infinity`. */
export interface RouteTable {
  find(path: string): number;
}

/**
 * Compiles the patterns (keyed by route index) in order; `problem` hears of each one that is
 * invalid. A route that an earlier one shadows is kept: the first match wins, so it answers only
 * the paths no earlier route matches (possibly none).
 */
export function routeTable(patterns: ReadonlyMap<number, unknown>, problem: (index: number, message: string) => void): RouteTable {
  const root = node();
  patterns.forEach((text, index) => {
    const pattern = parsePattern(text, (message) => problem(index, message));
    if (pattern !== undefined) insert(root, pattern, index);
  });
  return Object.freeze({ find: (path: string) => find(root, path, 1, NONE) });
}

function node(): RouteNode {
  return { literal: new Map(), param: undefined, exact: NONE, prefix: NONE, first: NONE };
}

/**
 * Reads a pattern: absolute, in the form the URL parser gives a pathname (so it can match one at
 * all), `*` only as the whole last segment, `:name` only as a whole segment. An empty segment is a
 * literal one: `/api/` and `/a//b` are paths of their own, as the URL parser keeps them.
 */
function parsePattern(text: unknown, report: (message: string) => void): Pattern | undefined {
  if (typeof text !== "string") {
    report(`${shown(text)} is not a pattern; write a path such as "/health", "/api/*" or "/users/:id"`);
    return undefined;
  }
  if (!text.startsWith("/")) {
    report(`${shown(text)} is not absolute; patterns match the URL's whole path, e.g. ${shown(`/${text}`)}`);
    return undefined;
  }
  // Parsed as a request's URL is (not resolved against a base, where "//a" would be a host).
  const parsed = new URL(`http://host${text}`).pathname;
  if (parsed !== text) {
    report(`${shown(text)} never matches: the URL parser gives that path as ${shown(parsed)} (dot segments resolved, "\\" read as "/", "?" and "#" end the path, other characters percent-encoded); write ${shown(parsed)}`);
    return undefined;
  }
  const parts = text.slice(1).split("/");
  const segments: (string | undefined)[] = [];
  let valid = true;
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (part === "*" && last) return;
    if (part.includes("*")) {
      report(`${shown(text)}: "*" may only be the whole last segment ("/api/*" matches /api and everything under it)`);
      valid = false;
    } else if (part.startsWith(":") && !PARAM_NAME.test(part)) {
      report(part === ":"
        ? `${shown(text)}: a bare ":" names no segment; write a name, e.g. "/users/:id"`
        : `${shown(text)}: ${shown(part)} is not a :name segment; a name is letters, digits and "_", and fills the whole segment`);
      valid = false;
    }
    segments.push(part.startsWith(":") ? undefined : part);
  });
  return valid ? { segments, prefix: parts[parts.length - 1] === "*" } : undefined;
}

function insert(root: RouteNode, pattern: Pattern, index: number): void {
  let at = root;
  at.first = Math.min(at.first, index);
  for (const segment of pattern.segments) {
    let next = segment === undefined ? at.param : at.literal.get(segment);
    if (next === undefined) {
      next = node();
      if (segment === undefined) at.param = next;
      else at.literal.set(segment, next);
    }
    at = next;
    at.first = Math.min(at.first, index);
  }
  if (pattern.prefix) at.prefix = Math.min(at.prefix, index);
  else at.exact = Math.min(at.exact, index);
}

/**
 * The first route matching the rest of `path` from `start` (the index of a segment, just after its
 * `/`; `-1` once every segment is consumed), if it comes before `best`.
 */
function find(at: RouteNode, path: string, start: number, best: number): number {
  if (at.first >= best) return best;
  if (at.prefix < best) best = at.prefix;
  if (start < 0) return at.exact < best ? at.exact : best;
  const slash = path.indexOf("/", start);
  const end = slash < 0 ? path.length : slash;
  const next = slash < 0 ? -1 : slash + 1;
  if (at.literal.size > 0) {
    const child = at.literal.get(path.slice(start, end));
    if (child !== undefined) best = find(child, path, next, best);
  }
  if (at.param !== undefined && end > start) best = find(at.param, path, next, best);
  return best;
}
