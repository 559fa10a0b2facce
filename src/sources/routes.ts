import { noCors } from "../compile/no-cors.ts";
import { kind, shown } from "../compile/read-options.ts";
import { CorsConfigError, type CorsProblem } from "../errors.ts";
import { pathOf } from "../request-path.ts";
import type { CorsPolicy, CorsPolicySource, PolicyInput } from "../types.ts";
import { policyChoice, reportingChoice, type PolicyChoice } from "./policy-choice.ts";
import { routeTable, type RouteTable } from "./route-table.ts";

/**
 * One route of {@link corsRoutes}: a path pattern and what answers the requests it matches (a
 * policy, options or a source).
 *
 * @example
 * const api: CorsRoute = ["/api/*", { origins: ["https://app.example.com"], credentials: true }];
 */
export type CorsRoute<Context extends readonly unknown[] = readonly unknown[]> = readonly [pattern: string, policy: PolicyInput<Context>];

/**
 * A policy source that chooses by URL path, so that `/public/*` can be open to every site while
 * `/api/*` is credentialed. The first route whose pattern matches the request's path wins; no match
 * uses `fallback` (default {@link noCors}). One policy answers the preflight, guards the request
 * and decorates the response, so a route's policy can never apply to one and not the other.
 *
 * Patterns are absolute paths:
 * - exact: `"/health"` (and `"/api/"`, with its trailing slash, is another path than `"/api"`);
 * - prefix: `"/api/*"` matches `/api`, `/api/` and everything under `/api/`; `"/*"` matches every path;
 * - `:name` segments match one non-empty segment: `"/users/:id/avatar"`, `"/t/:tenant/*"`;
 * - an empty segment is literal: `"/a//b"` matches that path only, as the URL parser keeps it.
 *
 * A route that an earlier one shadows is allowed and answers only what no earlier route matches
 * (`"/users/me"` after `"/users/:id"` never answers): list the more specific routes first.
 *
 * Matching is case-sensitive, on the pathname as the URL parser gives it: dot segments are already
 * resolved (`/api/../admin` and `/api/%2e%2e/admin` are `/admin`) and nothing is percent-decoded
 * (`/%61pi` is not `/api`). A route's value is a compiled policy, a policy source (asked with the
 * request and the runtime's context), or options, compiled here. Invalid patterns, an empty list or
 * a value that is none of these throw {@link CorsConfigError} now, listing every problem. Matching
 * walks a tree of the patterns' segments: its cost does not grow with the number of routes.
 *
 * @example
 * const routes = corsRoutes([
 *   ["/public/*", { origins: "*" }],
 *   ["/api/*", { origins: ["https://app.example.com"], credentials: true }],
 *   ["/webhooks/:provider", noCors],
 * ]);
 * export default { fetch: withCors(handle, routes) };
 */
export function corsRoutes<Context extends readonly unknown[] = []>(
  routes: readonly CorsRoute<Context>[],
  fallback: PolicyInput<Context> = noCors,
): CorsPolicySource<Context> {
  const problems: CorsProblem[] = [];
  const entries = readRoutes(routes, problems);
  const patterns = new Map<number, unknown>();
  entries.forEach((entry, index) => entry !== undefined && patterns.set(index, entry[0]));
  const table = routeTable(patterns, (index, message) => {
    problems.push({ option: `routes[${index}]`, value: patterns.get(index), code: "invalid-pattern", message });
  });
  const choices = entries.map((entry, index) => entry && policyChoice(entry[1], `routes[${index}] ${shown(entry[0])}`, problems));
  const otherwise = policyChoice(fallback, "fallback", problems);
  if (problems.length > 0 || otherwise === undefined) throw new CorsConfigError(problems);
  return routesSource<Context>(table, choices as PolicyChoice[], otherwise);
}

/**
 * The routes as `[pattern, value]` pairs (`undefined` for an entry that is not a pair); a list that
 * is not one, or is empty, is a problem.
 */
function readRoutes(routes: unknown, problems: CorsProblem[]): (readonly [unknown, unknown] | undefined)[] {
  if (!Array.isArray(routes)) {
    problems.push({ option: "routes", value: routes, code: "invalid-type", message: `${shown(routes)} is ${kind(routes)}; write a list of [pattern, policy] pairs, e.g. [["/api/*", { origins: ["https://app.example.com"] }]]` });
    return [];
  }
  if (routes.length === 0) {
    problems.push({ option: "routes", value: routes, code: "empty-routes", message: "there are no routes; give at least one [pattern, policy] pair, or pass the policy itself instead of corsRoutes()" });
  }
  return routes.map((route: unknown, index) => {
    if (Array.isArray(route) && route.length === 2) return [route[0], route[1]] as const;
    problems.push({ option: `routes[${index}]`, value: route, code: "invalid-route", message: `${shown(route)} is ${kind(route)}${Array.isArray(route) ? ` of ${route.length}` : ""}; write a [pattern, policy] pair, e.g. ["/api/*", apiPolicy]` });
    return undefined;
  });
}

function routesSource<Context extends readonly unknown[]>(table: RouteTable, choices: readonly PolicyChoice[], fallback: PolicyChoice): CorsPolicySource<Context> {
  return Object.freeze({
    resolve(request: Request, ...context: Context): CorsPolicy | Promise<CorsPolicy> {
      const choice = choices[table.find(pathOf(request.url))] ?? fallback;
      return choice.source === undefined ? choice.policy : choice.source.resolve(request, ...context);
    },
    // The routes' own sources report to the wrapper too (a cachedPolicies() behind a route).
    reportingTo(report: (error: unknown, request: Request) => void): CorsPolicySource<Context> {
      return routesSource<Context>(table, choices.map((choice) => reportingChoice(choice, report)), reportingChoice(fallback, report));
    },
  });
}
