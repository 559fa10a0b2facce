/**
 * fetch-cors itself: the synchronous core, `withCors` around the same handler, `withCors` with
 * cross-origin protection off, and `withCors` resolving a policy source per request.
 */
import type { Contestant, Operation } from "./contestant.ts";
import { UNGUARDED_SCENARIOS } from "./floor.ts";
import { CORE_OPTIONS, UNGUARDED_OPTIONS, rejectedPreflightRequest, type Scenario } from "../fixtures.ts";
import {
  addCorsHeaders, cachedPolicies, corsPolicy, corsRoutes, guardCrossOrigin, preflight, withCors,
  type CorsOptions, type CorsPolicy, type CorsPolicySource,
} from "../../src/index.ts";

const policy = corsPolicy(CORE_OPTIONS);
const unguarded = corsPolicy(UNGUARDED_OPTIONS);

/** The synchronous core as an application calls it for this kind of request. */
function core(scenario: Scenario, request?: Request): Operation {
  if (scenario.kind === "preflight") return request === undefined ? (r) => preflight(r, policy) : () => preflight(request, policy);
  const handler = scenario.handler;
  if (scenario.kind === "guarded") return (r) => guardCrossOrigin(r, policy) ?? addCorsHeaders(r, handler(), policy);
  return (r) => addCorsHeaders(r, handler(), policy);
}

/**
 * A tenant's policy, found in the cache after the first request. The key is a constant, so that the
 * row measures the cache, not a key function of the application's.
 */
function cachedSource(): CorsPolicySource {
  return cachedPolicies({ key: () => "tenant-a", load: () => CORE_OPTIONS, ttl: 3600 });
}

/** 50 routes of every pattern form; the benchmark's path matches the last one. */
function routesSource(): CorsPolicySource {
  const routes: [string, CorsPolicy | CorsOptions][] = [];
  for (let i = 0; routes.length < 49; i++) {
    routes.push([`/v${i}/health`, unguarded], [`/v${i}/users/:id/*`, unguarded], [`/v${i}/files/*`, unguarded]);
  }
  routes.length = 49;
  routes.push(["/api/*", policy]);
  return corsRoutes(routes);
}

const SOURCE_SCENARIOS = new Set(["preflight-allowed", "actual-empty"]);

function sourceRow(id: string, make: () => CorsPolicySource): Contestant {
  let source: CorsPolicySource | undefined;
  return {
    id,
    group: "fetch-cors",
    floor: "floor, async wrapper",
    prepare: (scenario) => {
      if (!SOURCE_SCENARIOS.has(scenario.id)) return undefined;
      source ??= make();
      return withCors(scenario.handler, source);
    },
  };
}

export const coreContestants: readonly Contestant[] = [
  {
    id: "fetch-cors core",
    group: "fetch-cors",
    floor: "floor",
    prepare: (scenario) => core(scenario),
  },
  {
    id: "fetch-cors withCors",
    group: "fetch-cors",
    floor: "floor, async wrapper",
    prepare: (scenario) => withCors(scenario.handler, policy),
  },
  {
    id: "withCors, protection off",
    group: "fetch-cors",
    floor: "floor, async wrapper, unguarded",
    prepare: (scenario) => (UNGUARDED_SCENARIOS.has(scenario.id) ? withCors(scenario.handler, unguarded) : undefined),
  },
  // The refused POST is held to a rejected preflight: both are measured in the same rounds.
  {
    id: "core: rejected preflight",
    group: "reference",
    prepare: (scenario) => (scenario.id === "refused-post" ? core({ ...scenario, kind: "preflight" }, rejectedPreflightRequest()) : undefined),
  },
  {
    id: "withCors: rejected preflight",
    group: "reference",
    prepare: (scenario) => {
      if (scenario.id !== "refused-post") return undefined;
      const request = rejectedPreflightRequest();
      const wrapped = withCors(scenario.handler, policy);
      return () => wrapped(request);
    },
  },
  sourceRow("withCors + cachedPolicies (hit)", cachedSource),
  sourceRow("withCors + corsRoutes (50 routes)", routesSource),
];
