/**
 * The floor: what any Fetch-API server must at least spend to answer with the same headers,
 * written by hand for this one policy. It looks the origin up and returns precomputed headers;
 * it does not validate the requested method or headers, so it is a strict lower bound.
 *
 * Each job is written two ways, "init" (headers given to the constructor; `set` on a mutable
 * response) and "append" (`append` after construction); the report keeps whichever is faster
 * on the machine at hand, so no contestant is measured against a handicapped floor.
 */
import type { Contestant, Operation } from "./contestant.ts";
import {
  EXPOSE_HEADERS,
  MAX_AGE,
  METHODS,
  REQUEST_HEADERS,
  originAllowed,
  type Scenario,
} from "../fixtures.ts";

const VARY_PREFLIGHT =
  "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";

const CREDENTIALS: [string, string] = ["access-control-allow-credentials", "true"];
const ALLOW_METHODS: [string, string] = ["access-control-allow-methods", METHODS.join(", ")];
const ALLOW_HEADERS: [string, string] = ["access-control-allow-headers", REQUEST_HEADERS.join(", ")];
const MAX_AGE_PAIR: [string, string] = ["access-control-max-age", String(MAX_AGE)];
const VARY_PREFLIGHT_PAIR: [string, string] = ["vary", VARY_PREFLIGHT];
const EXPOSE: [string, string] = ["access-control-expose-headers", EXPOSE_HEADERS.join(", ")];
const REJECTED_HEADERS: [string, string][] = [VARY_PREFLIGHT_PAIR];

function isPreflight(request: Request): string | null {
  if (request.method !== "OPTIONS") return null;
  const headers = request.headers;
  const origin = headers.get("origin");
  if (origin === null || headers.get("access-control-request-method") === null) return null;
  return origin;
}

function preflightViaConstructor(request: Request): Response | null {
  const origin = isPreflight(request);
  if (origin === null) return null;
  if (!originAllowed(origin)) return new Response(null, { status: 403, headers: REJECTED_HEADERS });
  return new Response(null, {
    status: 204,
    headers: [
      ["access-control-allow-origin", origin],
      CREDENTIALS,
      ALLOW_METHODS,
      ALLOW_HEADERS,
      MAX_AGE_PAIR,
      VARY_PREFLIGHT_PAIR,
    ],
  });
}

function preflightViaAppend(request: Request): Response | null {
  const origin = isPreflight(request);
  if (origin === null) return null;
  if (!originAllowed(origin)) {
    const rejected = new Response(null, { status: 403 });
    rejected.headers.append("vary", VARY_PREFLIGHT);
    return rejected;
  }
  const response = new Response(null, { status: 204 });
  const headers = response.headers;
  headers.append("access-control-allow-origin", origin);
  headers.append(CREDENTIALS[0], CREDENTIALS[1]);
  headers.append(ALLOW_METHODS[0], ALLOW_METHODS[1]);
  headers.append(ALLOW_HEADERS[0], ALLOW_HEADERS[1]);
  headers.append(MAX_AGE_PAIR[0], MAX_AGE_PAIR[1]);
  headers.append("vary", VARY_PREFLIGHT);
  return response;
}

function decorate(headers: Headers, origin: string | null): void {
  if (origin !== null && originAllowed(origin)) {
    headers.append("access-control-allow-origin", origin);
    headers.append(CREDENTIALS[0], CREDENTIALS[1]);
    headers.append(EXPOSE[0], EXPOSE[1]);
  }
  headers.append("vary", "Origin");
}

function decorateBySet(headers: Headers, origin: string | null): void {
  if (origin !== null && originAllowed(origin)) {
    headers.set("access-control-allow-origin", origin);
    headers.set(CREDENTIALS[0], CREDENTIALS[1]);
    headers.set(EXPOSE[0], EXPOSE[1]);
  }
  headers.set("vary", "Origin");
}

/** An immutable response must be copied before its headers can change. */
function copyThenAppend(response: Response, origin: string | null): Response {
  const copy = new Response(response.body, response);
  decorate(copy.headers, origin);
  return copy;
}

function copyWithHeaders(response: Response, origin: string | null): Response {
  const pairs: [string, string][] = [...response.headers];
  if (origin !== null && originAllowed(origin)) {
    pairs.push(["access-control-allow-origin", origin], CREDENTIALS, EXPOSE);
  }
  pairs.push(["vary", "Origin"]);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: pairs,
  });
}

function actual(
  scenario: Scenario,
  mutable: (headers: Headers, origin: string | null) => void,
  immutable: (response: Response, origin: string | null) => Response,
): Operation {
  const handler = scenario.handler;
  if (scenario.id === "actual-immutable") {
    return (request) => immutable(handler(), request.headers.get("origin"));
  }
  return (request) => {
    const response = handler();
    mutable(response.headers, request.headers.get("origin"));
    return response;
  };
}

export const floorContestants: readonly Contestant[] = [
  {
    id: "handler only, no CORS",
    group: "reference",
    prepare: (scenario) => (scenario.kind === "actual" ? scenario.handler : undefined),
  },
  {
    id: "floor (init)",
    group: "floor",
    prepare: (scenario) =>
      scenario.kind === "preflight" ? preflightViaConstructor : actual(scenario, decorateBySet, copyWithHeaders),
  },
  {
    id: "floor (append)",
    group: "floor",
    prepare: (scenario) =>
      scenario.kind === "preflight" ? preflightViaAppend : actual(scenario, decorate, copyThenAppend),
  },
];
