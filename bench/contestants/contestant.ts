import type { Scenario } from "../fixtures.ts";

/** One request's worth of work: what a server does between receiving the request and returning. */
export type Operation = (request: Request) => Response | null | undefined | Promise<Response>;

export interface Contestant {
  /** Stable id used in result files, e.g. `hono/cors`. */
  readonly id: string;
  /**
   * Contestants of one family share a group (the floor keeps the faster of its variants);
   * "reference" rows are context, not contestants (e.g. the handler alone, without CORS).
   */
  readonly group: "floor" | "fetch-cors" | "hono" | "itty-router" | "reference";
  /** The operation for this scenario, or undefined when the contestant has no way to run it. */
  prepare(scenario: Scenario): Operation | undefined;
}
