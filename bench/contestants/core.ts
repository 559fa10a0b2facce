/** fetch-cors itself: the synchronous core, and `withCors` around the same handler. */
import type { Contestant } from "./contestant.ts";
import { CORE_OPTIONS } from "../fixtures.ts";
import { addCorsHeaders, corsPolicy, preflight, withCors } from "../../src/index.ts";

const policy = corsPolicy(CORE_OPTIONS);

export const coreContestants: readonly Contestant[] = [
  {
    id: "fetch-cors core",
    group: "fetch-cors",
    prepare: (scenario) => {
      if (scenario.kind === "preflight") return (request) => preflight(request, policy);
      const handler = scenario.handler;
      return (request) => addCorsHeaders(request, handler(), policy);
    },
  },
  {
    id: "fetch-cors withCors",
    group: "fetch-cors",
    prepare: (scenario) => withCors(scenario.handler, policy),
  },
];
