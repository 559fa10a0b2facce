/**
 * What the runtime's own operations cost, measured beside everything else in both runtimes: the
 * prices the floors and fetch-cors pay alike, which explain where time goes (a Request getter or a
 * header read is a call into C++ in workerd; a text body is a ReadableStream in Node).
 */
import type { Contestant, Operation } from "./contestant.ts";
import { ORIGIN_ALLOWED, REQUEST_HEADERS, URL_API, type Scenario } from "../fixtures.ts";

const request = new Request(URL_API, { headers: { origin: ORIGIN_ALLOWED } });
const REFUSAL_TEXT = "Cross-origin request refused";
// As long as the informative refusal's reason for the benchmark policy (it lists the 20 allowed headers).
const LONG_VALUE = `header "x-unlisted" is not allowed (allowed: ${REQUEST_HEADERS.join(", ")})`;

const primitives: readonly [string, Operation][] = [
  ["new Response(null)", () => new Response(null)],
  ["new Response(null) + one append", () => {
    const response = new Response(null);
    response.headers.append("access-control-allow-origin", ORIGIN_ALLOWED);
    return response;
  }],
  ["new Response(null) + one delete of an absent name", () => {
    const response = new Response(null);
    response.headers.delete("access-control-allow-methods");
    return response;
  }],
  ["new Response(null) + one pass over its header names", () => {
    const response = new Response(null);
    for (const name of response.headers.keys()) if (name === "vary") break;
    return response;
  }],
  ["new Response(null) + one append of a 320-character value", () => {
    const response = new Response(null);
    response.headers.append("cors-rejected", LONG_VALUE);
    return response;
  }],
  ["new Response(text body)", () => new Response(REFUSAL_TEXT)],
  ["response.url of a fresh response", () => {
    const response = new Response(null);
    return response.url === "" ? response : null;
  }],
  // The request is reused, so only the getter or the read is paid (the loop returns null).
  ["request.method", () => (request.method === "GET" ? null : undefined)],
  ["request.headers.get(\"upgrade\") (absent)", () => (request.headers.get("upgrade") === null ? null : undefined)],
  ["request.headers.get(\"origin\")", () => (request.headers.get("origin") === null ? undefined : null)],
];

/** The scenario whose only contestants are these rows. */
export const RUNTIME_SCENARIO = "runtime";

export const runtimeContestants: readonly Contestant[] = primitives.map(([id, op]): Contestant => ({
  id: `runtime: ${id}`,
  group: "reference",
  prepare: (scenario: Scenario) => (scenario.id === RUNTIME_SCENARIO ? op : undefined),
}));
