/**
 * fetch-cors itself: the synchronous core, `withCors` around the same handler, `withCors` with
 * cross-origin protection off, and `withCors` resolving a policy source per request.
 */
import type { Contestant, Operation } from "./contestant.ts";
import { UNGUARDED_SCENARIOS } from "./floor.ts";
import { CORE_OPTIONS, UNGUARDED_OPTIONS, rejectedPreflightRequest, type Scenario } from "../fixtures.ts";
import * as fetchCors from "../../src/index.ts";
import type { CorsOptions, CorsPolicy, CorsPolicySource } from "../../src/index.ts";

const { addCorsHeaders, corsPolicy, guardCrossOrigin, preflight, withCors } = fetchCors;
const policy = corsPolicy(CORE_OPTIONS);
const unguarded = corsPolicy(UNGUARDED_OPTIONS);

/** The synchronous core as an application calls it for this kind of request. */
function core(scenario: Scenario, request?: Request): Operation {
  if (scenario.kind === "preflight") return request === undefined ? (r) => preflight(r, policy) : () => preflight(request, policy);
  const handler = scenario.handler;
  if (scenario.kind === "guarded") return (r) => guardCrossOrigin(r, policy) ?? addCorsHeaders(r, handler(), policy);
  return (r) => addCorsHeaders(r, handler(), policy);
}

// Policy sources (SPEC §7) come from another part of the project; until they exist their rows are left out.
interface Sources {
  corsRoutes(routes: readonly (readonly [string, CorsPolicy | CorsOptions])[]): CorsPolicySource;
  cachedPolicies(options: { key: (request: Request) => string; load: (key: string) => CorsOptions; ttl?: number }): CorsPolicySource;
}
const sources = fetchCors as unknown as Partial<Sources>;

/** A tenant's policy, always found in the cache after the first request (the key is constant, so it costs nothing of its own). */
function cachedSource(): CorsPolicySource | undefined {
  return sources.cachedPolicies?.({ key: () => "tenant-a", load: () => CORE_OPTIONS, ttl: 3600 });
}

/** 50 routes of every pattern form; the benchmark's path matches the last one. */
function routesSource(): CorsPolicySource | undefined {
  if (sources.corsRoutes === undefined) return undefined;
  const routes: [string, CorsPolicy | CorsOptions][] = [];
  for (let i = 0; routes.length < 49; i++) {
    routes.push([`/v${i}/health`, unguarded], [`/v${i}/users/:id/*`, unguarded], [`/v${i}/files/*`, unguarded]);
  }
  routes.length = 49;
  routes.push(["/api/*", policy]);
  return sources.corsRoutes(routes);
}

const SOURCE_SCENARIOS = new Set(["preflight-allowed", "actual-empty"]);

function sourceRow(id: string, make: () => CorsPolicySource | undefined): Contestant {
  let source: CorsPolicySource | undefined | null = null;
  return {
    id,
    group: "fetch-cors",
    floor: "floor, async wrapper",
    prepare: (scenario) => {
      if (!SOURCE_SCENARIOS.has(scenario.id)) return undefined;
      if (source === null) source = make();
      return source === undefined ? undefined : withCors(scenario.handler, source);
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
