import type { Scenario } from "../fixtures.ts";

/** One request's worth of work: what a server does between receiving the request and returning. */
export type Operation = (request: Request) => Response | null | undefined | Promise<Response>;

export interface Contestant {
  /** Stable id used in result files, e.g. `hono/cors`. */
  readonly id: string;
  /**
   * "floor" rows are the hand-written lower bounds; "reference" rows are context, not contestants
   * (e.g. the handler alone, without CORS).
   */
  readonly group: "floor" | "fetch-cors" | "hono" | "itty-router" | "reference";
  /** For a floor: the floor it is one way of writing (the report keeps the faster way). */
  readonly family?: string;
  /** For a fetch-cors row: the floor family it is held to. */
  readonly floor?: string;
  /**
   * The operation for this scenario, or undefined when the contestant has no way to run it. An
   * operation may answer a request of its own instead of the scenario's (a reference measured beside it).
   */
  prepare(scenario: Scenario): Operation | undefined;
}
