/**
 * The floor: the least a correct answer costs, written by hand for the one benchmark policy. It does
 * what SPEC requires and nothing more, so that each ratio against it is overhead, not required work:
 *
 * - a preflight: it is recognised (OPTIONS with Origin and Access-Control-Request-Method), the origin
 *   is looked up, the method checked, and Access-Control-Request-Headers split, trimmed, lowercased
 *   and each name looked up in a Set (bounded at 4096 characters and 64 names); the answer carries
 *   the same headers as fetch-cors's, a refusal from an allowed origin included (with its one-line
 *   reason);
 * - an actual response: no stale `Access-Control-*` header may survive (SPEC §3 makes the policy the
 *   single source of them), and `Vary: Origin` is merged into any existing `Vary`; a response with
 *   immutable headers is copied;
 * - behind an async wrapper (what `withCors` is compared with): the handler is awaited and its
 *   failure caught, and cross-origin protection (on, as the policy's credentials make it) reads the
 *   `Upgrade` header, then for an unsafe method `Sec-Fetch-Site` and the Origin.
 *
 * The floor knows which scenario it answers (e.g. that a response is immutable); fetch-cors has to
 * find out. Each floor is written two ways and the report keeps the faster one in each runtime, so no
 * contestant is measured against a handicapped floor:
 * - "a": headers appended after construction; on an actual response, `set` for the headers given and
 *   `delete` for the others, as fetch-cors does;
 * - "b": headers passed to the constructor; on an actual response, one pass over the header names
 *   finds stale `Access-Control-*` headers and `Vary` (a fresh response has none, so the CORS headers
 *   are appended), and an immutable one is copied with its filtered header list.
 */
import type { Contestant, Operation } from "./contestant.ts";
import {
  EXPOSE_HEADERS, MAX_AGE, METHODS, REQUEST_HEADERS, originAllowed, type Scenario,
} from "../fixtures.ts";

type Variant = "a" | "b";

const ACAO = "access-control-allow-origin";
const ACAC = "access-control-allow-credentials";
const ACAM = "access-control-allow-methods";
const ACAH = "access-control-allow-headers";
const ACMA = "access-control-max-age";
const ACEH = "access-control-expose-headers";
const ACAPN = "access-control-allow-private-network";

const PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST", ...METHODS]);
const ALLOWED_HEADERS = new Set(REQUEST_HEADERS);
const METHOD_LIST = METHODS.join(", ");
const HEADER_LIST = REQUEST_HEADERS.join(", ");
const EXPOSE_LIST = EXPOSE_HEADERS.join(", ");
const MAX_AGE_TEXT = String(MAX_AGE);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

// ——— preflight ———

function preflight(request: Request, variant: Variant): Response | null {
  if (request.method !== "OPTIONS") return null;
  const headers = request.headers;
  const origin = headers.get("origin");
  if (origin === null) return null;
  const method = headers.get("access-control-request-method");
  if (method === null) return null;
  if (origin === "" || !originAllowed(origin)) return rejected(variant);
  if (!ALLOWED_METHODS.has(method)) return TOKEN.test(method) ? refusal(origin, `method "${method}" is not allowed`, variant) : rejected(variant);
  const requested = headers.get("access-control-request-headers");
  let count = 0;
  if (requested !== null && requested !== "") {
    if (requested.length > 4096) return refusal(origin, "Access-Control-Request-Headers is too large", variant);
    for (const part of requested.split(",")) {
      const name = part.trim().toLowerCase();
      if (name === "") continue;
      if (++count > 64) return refusal(origin, "Access-Control-Request-Headers is too large", variant);
      if (!ALLOWED_HEADERS.has(name)) {
        return TOKEN.test(name) ? refusal(origin, `header "${name}" is not allowed (allowed: ${HEADER_LIST})`, variant) : rejected(variant);
      }
    }
  }
  if (variant === "b") {
    const pairs: [string, string][] = [[ACAO, origin], [ACAC, "true"], [ACAM, METHOD_LIST]];
    if (count > 0) pairs.push([ACAH, HEADER_LIST]);
    pairs.push([ACMA, MAX_AGE_TEXT], ["vary", PREFLIGHT_VARY]);
    return new Response(null, { status: 204, headers: pairs });
  }
  const response = new Response(null, { status: 204 });
  const out = response.headers;
  out.append(ACAO, origin);
  out.append(ACAC, "true");
  out.append(ACAM, METHOD_LIST);
  if (count > 0) out.append(ACAH, HEADER_LIST);
  out.append(ACMA, MAX_AGE_TEXT);
  out.append("vary", PREFLIGHT_VARY);
  return response;
}

function rejected(variant: Variant): Response {
  if (variant === "b") return new Response(null, { status: 403, headers: [["vary", PREFLIGHT_VARY]] });
  const response = new Response(null, { status: 403 });
  response.headers.append("vary", PREFLIGHT_VARY);
  return response;
}

/** A refusal for an allowed origin: its origin and the policy's own lists, and the reason. */
function refusal(origin: string, reason: string, variant: Variant): Response {
  const pairs: [string, string][] = [
    [ACAO, origin], [ACAC, "true"], [ACAM, METHOD_LIST], [ACAH, HEADER_LIST], ["vary", PREFLIGHT_VARY], ["cors-rejected", reason],
  ];
  if (variant === "b") return new Response(null, { status: 204, headers: pairs });
  const response = new Response(null, { status: 204 });
  for (const [name, value] of pairs) response.headers.append(name, value);
  return response;
}

// ——— cross-origin protection (SPEC §6) ———

function guard(request: Request, variant: Variant): Response | null {
  const method = request.method;
  const headers = request.headers;
  const upgrade = headers.get("upgrade");
  if (upgrade !== null && upgrade.toLowerCase().includes("websocket")) {
    const origin = headers.get("origin");
    return origin === null || origin === "" || origin === ownOrigin(request.url) || originAllowed(origin) ? null : refused(variant);
  }
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return null;
  const origin = headers.get("origin");
  if (site !== null) return origin !== null && origin !== "" && originAllowed(origin) ? null : refused(variant);
  return origin === null || origin === "" || origin === ownOrigin(request.url) || originAllowed(origin) ? null : refused(variant);
}

function ownOrigin(url: string): string {
  return new URL(url).origin;
}

const REFUSED_TYPE = "text/plain; charset=utf-8";
const REFUSED_VARY = "Origin, Sec-Fetch-Site";

function refused(variant: Variant): Response {
  if (variant === "b") {
    return new Response(null, { status: 403, headers: [["content-type", REFUSED_TYPE], ["vary", REFUSED_VARY]] });
  }
  const response = new Response(null, { status: 403 });
  response.headers.set("content-type", REFUSED_TYPE);
  response.headers.append("vary", REFUSED_VARY);
  return response;
}

// ——— actual responses ———

/** `Origin` merged into an existing `Vary` (none of the scenarios' responses has one). */
function mergedVary(vary: string | null): string | undefined {
  if (vary === null || vary.trim() === "") return "Origin";
  return /(^|,)\s*(\*|origin)\s*(,|$)/i.test(vary) ? undefined : `${vary}, Origin`;
}

function decorateBySet(headers: Headers, allowed: string | undefined): void {
  if (allowed !== undefined) {
    headers.set(ACAO, allowed);
    headers.set(ACAC, "true");
    headers.set(ACEH, EXPOSE_LIST);
  } else {
    headers.delete(ACAO);
    headers.delete(ACAC);
    headers.delete(ACEH);
  }
  headers.delete(ACAM);
  headers.delete(ACAH);
  headers.delete(ACMA);
  headers.delete(ACAPN);
  const vary = mergedVary(headers.get("vary"));
  if (vary !== undefined) headers.set("vary", vary);
}

function decorateByScan(headers: Headers, allowed: string | undefined): void {
  let stale = false;
  let hasVary = false;
  for (const name of headers.keys()) {
    if (name.startsWith("access-control-")) stale = true;
    else if (name === "vary") hasVary = true;
  }
  if (stale) return decorateBySet(headers, allowed);
  if (allowed !== undefined) {
    headers.append(ACAO, allowed);
    headers.append(ACAC, "true");
    headers.append(ACEH, EXPOSE_LIST);
  }
  const vary = hasVary ? mergedVary(headers.get("vary")) : "Origin";
  if (vary !== undefined) headers.set("vary", vary);
}

function copyWithHeaders(response: Response, allowed: string | undefined): Response {
  const pairs: [string, string][] = [];
  let vary: string | null = null;
  for (const pair of response.headers) {
    const name = pair[0];
    if (name === "vary") vary = pair[1];
    else if (!name.startsWith("access-control-")) pairs.push(pair);
  }
  if (allowed !== undefined) pairs.push([ACAO, allowed], [ACAC, "true"], [ACEH, EXPOSE_LIST]);
  pairs.push(["vary", mergedVary(vary) ?? (vary as string)]);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: pairs });
}

function allowedOrigin(request: Request): string | undefined {
  const origin = request.headers.get("origin");
  return origin !== null && origin !== "" && originAllowed(origin) ? origin : undefined;
}

/** Gives the handler's response its CORS headers: in place, or on a copy when its headers are immutable. */
function decorator(scenario: Scenario, variant: Variant): (request: Request, response: Response) => Response {
  if (scenario.id === "actual-immutable") {
    return variant === "b"
      ? (request, response) => copyWithHeaders(response, allowedOrigin(request))
      : (request, response) => {
        const copy = new Response(response.body, response);
        decorateBySet(copy.headers, allowedOrigin(request));
        return copy;
      };
  }
  const decorate = variant === "b" ? decorateByScan : decorateBySet;
  return (request, response) => {
    // A protocol switch carries the handshake's headers, not CORS ones.
    if (response.status !== 101) decorate(response.headers, allowedOrigin(request));
    return response;
  };
}

function serverError(): Response {
  return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
}

// ——— the contestants ———

/** What the synchronous core does for this scenario, by hand: `preflight`, `guardCrossOrigin`, `addCorsHeaders`. */
function syncFloor(scenario: Scenario, variant: Variant): Operation {
  if (scenario.kind === "preflight") return (request) => preflight(request, variant);
  const decorate = decorator(scenario, variant);
  const handler = scenario.handler;
  if (scenario.kind === "guarded") return (request) => guard(request, variant) ?? decorate(request, handler());
  return (request) => decorate(request, handler());
}

/** What `withCors` does, by hand: an async wrapper around any handler, with or without the guard. */
function wrappedFloor(scenario: Scenario, variant: Variant, guarded: boolean): Operation {
  const decorate = decorator(scenario, variant);
  const handler = scenario.handler as (request: Request) => Response | Promise<Response>;
  return async (request) => {
    const early = preflight(request, variant) ?? (guarded ? guard(request, variant) : null);
    if (early !== null) return early;
    let response: unknown;
    try {
      response = await handler(request);
      if (!(response instanceof Response)) throw new TypeError("not a Response");
    } catch {
      response = serverError();
    }
    return decorate(request, response as Response);
  };
}

/** The scenarios where the unguarded floor is needed: those measuring protection off. */
export const UNGUARDED_SCENARIOS = new Set(["actual-empty", "same-origin-post"]);

const variants: readonly Variant[] = ["a", "b"];

export const floorContestants: readonly Contestant[] = [
  {
    id: "handler only, no CORS",
    group: "reference",
    prepare: (scenario) => (scenario.kind === "preflight" ? undefined : scenario.handler),
  },
  ...variants.map((variant): Contestant => ({
    id: `floor (${variant})`,
    group: "floor",
    family: "floor",
    prepare: (scenario) => syncFloor(scenario, variant),
  })),
  ...variants.map((variant): Contestant => ({
    id: `floor, async wrapper (${variant})`,
    group: "floor",
    family: "floor, async wrapper",
    prepare: (scenario) => (scenario.hostile ? undefined : wrappedFloor(scenario, variant, true)),
  })),
  ...variants.map((variant): Contestant => ({
    id: `floor, async wrapper, unguarded (${variant})`,
    group: "floor",
    family: "floor, async wrapper, unguarded",
    prepare: (scenario) => (UNGUARDED_SCENARIOS.has(scenario.id) ? wrappedFloor(scenario, variant, false) : undefined),
  })),
];
