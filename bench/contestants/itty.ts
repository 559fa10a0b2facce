/**
 * itty-router v5's `cors()`: `preflight` answers OPTIONS, `corsify` decorates every other
 * response (as the core's `preflight` and `addCorsHeaders` rows do).
 */
import { cors } from "itty-router";
import type { Contestant } from "./contestant.ts";
import { EXPOSE_HEADERS, MAX_AGE, METHODS, REQUEST_HEADERS, originAllowed } from "../fixtures.ts";

const { preflight, corsify } = cors({
  // itty passes null when the request has no Origin, whatever its type says.
  origin: (origin: string | null) => (origin !== null && originAllowed(origin) ? origin : undefined),
  credentials: true,
  allowMethods: METHODS,
  allowHeaders: REQUEST_HEADERS,
  exposeHeaders: EXPOSE_HEADERS,
  maxAge: MAX_AGE,
});

export const ittyContestants: readonly Contestant[] = [
  {
    id: "itty-router cors()",
    group: "itty-router",
    prepare: (scenario) => {
      if (scenario.hostile) return undefined;
      if (scenario.kind === "preflight") return (request) => preflight(request);
      const handler = scenario.handler;
      return (request) => corsify(handler(), request);
    },
  },
];
