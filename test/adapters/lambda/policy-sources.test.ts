// SPEC §7 through the Lambda adapter: a cachedPolicies source resolved with Lambda's own
// (event, context), keyed by the API's stage or its domain, on the Powertools-validated fixtures
// (each edited event is validated again).
import { describe, expect, test } from "vitest";
import { withCors } from "../../../adapters/lambda.ts";
import { ordersHandler } from "../../../examples/lambda-stages.ts";
import { cachedPolicies, type CorsOptions, type LoadedPolicy } from "../../../src/index.ts";
import { manualClock } from "../../sources/helpers.ts";
import { CONTEXT, EVENT_TYPES, FIXTURE_OPTIONS, corsOf, fixture, recordingHandler, setHeader, type AnyResult, type FixtureName } from "./helpers.ts";
import { SCHEMAS } from "./schemas.ts";

const APP = "https://app.example.com";
const STAGING_APP = "https://staging.app.example.com";
const OK = { statusCode: 200, body: "ok" };

interface ApiEvent {
  requestContext?: { stage?: string; domainName?: string };
}

/** A fixture, edited, and checked again against its Powertools schema (typed loosely, as an event from JSON). */
function event(name: FixtureName, edit: (event: Record<string, any>) => void = () => {}): any {
  const edited = fixture(name);
  edit(edited);
  expect(SCHEMAS[name].safeParse(edited).error?.issues ?? []).toEqual([]);
  return edited;
}

function onStage(stage: string) {
  return (e: Record<string, any>) => {
    e.requestContext.stage = stage;
    e.requestContext.path = e.requestContext.path.replace(/^\/[^/]+/, `/${stage}`);
  };
}

function onDomain(domain: string) {
  return (e: Record<string, any>) => {
    if (e.requestContext?.domainName !== undefined) e.requestContext.domainName = domain;
    setHeader(e, "host", domain);
  };
}

describe("§7 Lambda: examples/lambda-stages.ts, a cachedPolicies source keyed by the REST API's stage", () => {
  const STAGES: Record<string, { origins: string[] }> = { prod: { origins: [APP] }, staging: { origins: [STAGING_APP] } };

  function stages(store: (stage: string) => Promise<unknown> = async (stage) => STAGES[stage] ?? null) {
    const loads: string[] = [];
    const handler = ordersHandler(async (stage) => (loads.push(stage), store(stage)));
    return { handler, loads };
  }

  test("each stage answers with its own origins, preflight and result alike", async () => {
    const { handler } = stages();
    const prodPreflight: AnyResult = await handler(event("rest-preflight"), CONTEXT);
    expect([prodPreflight.statusCode, corsOf(prodPreflight)["access-control-allow-origin"]]).toEqual([204, APP]);
    const prod: AnyResult = await handler(event("rest-actual"), CONTEXT);
    expect([prod.body, corsOf(prod)["access-control-allow-origin"]]).toEqual(['{"stage":"prod"}', APP]);
    const stagingPreflight: AnyResult = await handler(event("rest-preflight", onStage("staging")), CONTEXT);
    expect(stagingPreflight.statusCode).toBe(403);
    // The fixture is a credentialed PUT: staging's policy guards it too, refusing prod's app (§6).
    const staging: AnyResult = await handler(event("rest-actual", onStage("staging")), CONTEXT);
    expect([staging.statusCode, corsOf(staging)["access-control-allow-origin"]]).toEqual([403, undefined]);
    const fromStagingApp = event("rest-actual", (e) => (onStage("staging")(e), setHeader(e, "origin", STAGING_APP)));
    expect(corsOf(await handler(fromStagingApp, CONTEXT) as AnyResult)["access-control-allow-origin"]).toBe(STAGING_APP);
  });

  test("the store is read once per stage", async () => {
    const { handler, loads } = stages();
    for (let i = 0; i < 5; i++) {
      await handler(event("rest-actual"), CONTEXT);
      await handler(event("rest-actual", onStage("staging")), CONTEXT);
    }
    expect(loads).toEqual(["prod", "staging"]);
  });

  test("an unknown stage gets no CORS headers (null is noCors)", async () => {
    const { handler } = stages();
    const result: AnyResult = await handler(event("rest-actual", onStage("dev")), CONTEXT);
    expect([result.statusCode, corsOf(result)]).toEqual([200, {}]);
  });

  test("a store that fails: the stage's first request is a 503 without CORS headers", async () => {
    const { handler } = stages(() => Promise.reject(new Error("DynamoDB throttled")));
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (error: unknown) => logged.push(error);
    try {
      const result: AnyResult = await handler(event("rest-preflight"), CONTEXT);
      expect([result.statusCode, corsOf(result)]).toEqual([503, {}]);
    } finally {
      console.error = original;
    }
    expect(logged.map(String)).toEqual(["Error: DynamoDB throttled"]);
  });
});

describe("§7 Lambda: the source gets Lambda's own event and context", () => {
  test("key and load see the event and context the handler sees", async () => {
    const seen: unknown[][] = [];
    const source = cachedPolicies({
      key: (_request, e: ApiEvent, context: unknown) => (seen.push(["key", e.requestContext?.stage, context]), e.requestContext?.stage ?? ""),
      load: async (stage, e: ApiEvent, context: unknown) => (seen.push(["load", stage, e.requestContext?.stage, context]), FIXTURE_OPTIONS),
    });
    await withCors(async () => OK, source)(event("rest-actual"), CONTEXT);
    expect(seen).toEqual([["key", "prod", CONTEXT], ["load", "prod", "prod", CONTEXT]]);
  });

  test("a failed reload keeps the previous policy, and reports to onError", async () => {
    const clock = manualClock();
    let fail = false;
    const errors: unknown[] = [];
    const source = cachedPolicies({
      key: (_request, e: ApiEvent) => e.requestContext?.stage ?? "",
      load: async () => {
        if (fail) throw new Error("DynamoDB throttled");
        return FIXTURE_OPTIONS;
      },
      ttl: 60,
      now: clock.now,
    });
    const wrapped = withCors(async () => OK, source, { onError: (error) => errors.push(error) });
    await wrapped(event("rest-actual"), CONTEXT);
    fail = true;
    clock.advance(60);
    const result: AnyResult = await wrapped(event("rest-actual"), CONTEXT);
    expect(corsOf(result)["access-control-allow-origin"]).toBe(APP);
    expect(errors.map(String)).toEqual(["Error: DynamoDB throttled"]);
  });
});

describe("§7 Lambda: a cachedPolicies source keyed by the API's domain, for every event type", () => {
  const domainOf = (request: Request, e: ApiEvent) => e.requestContext?.domainName ?? new URL(request.url).hostname;

  for (const { type, preflight, actual } of EVENT_TYPES) {
    test(`${type}: the domain's tenant is allowed, another domain's is not`, async () => {
      const known = domainOf(new Request(`https://${fixture(actual).headers?.host ?? "api.example.com"}/`), fixture(actual));
      const tenants: Record<string, CorsOptions> = { [known]: FIXTURE_OPTIONS };
      const source = cachedPolicies({ key: domainOf, load: async (domain): Promise<LoadedPolicy> => tenants[domain] ?? null });
      const wrapped = withCors(async () => OK, source);
      const allowed: AnyResult = await wrapped(event(preflight), CONTEXT);
      expect([allowed.statusCode, corsOf(allowed)["access-control-allow-origin"]]).toEqual([204, APP]);
      expect(corsOf(await wrapped(event(actual), CONTEXT) as AnyResult)["access-control-allow-origin"]).toBe(APP);
      const other: AnyResult = await wrapped(event(preflight, onDomain("other.example.com")), CONTEXT);
      expect([other.statusCode, corsOf(other)["access-control-allow-origin"]]).toEqual([403, undefined]);
      expect(corsOf(await wrapped(event(actual, onDomain("other.example.com")), CONTEXT) as AnyResult)).toEqual({});
    });

    test(`${type}: a failing first load is a 503 in the event's result shape, without CORS headers or the handler`, async () => {
      const errors: unknown[] = [];
      const { handler, calls } = recordingHandler(OK);
      const source = cachedPolicies({ key: domainOf, load: () => Promise.reject(new Error("config service down")) });
      const wrapped = withCors(handler, source, { onError: (error) => errors.push(error) });
      for (const name of [preflight, actual]) {
        const result: AnyResult = await wrapped(event(name), CONTEXT);
        expect(result.statusCode).toBe(503);
        expect(corsOf(result)).toEqual({});
      }
      expect(calls).toHaveLength(0);
      expect(errors.map(String)).toEqual(["Error: config service down", "Error: config service down"]);
    });
  }
});
