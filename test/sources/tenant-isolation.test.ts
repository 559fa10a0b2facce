// SPEC §7: a policy is only ever used for requests of its own key, under any interleaving of
// concurrent requests and loads. Each tenant's policy allows only that tenant's own origin, so a
// response decided by another tenant's policy shows: it allows an origin it must refuse, or
// refuses the origin it must allow.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cachedPolicies, withCors, type LoadedPolicy } from "../../src/index.ts";
import { deferred, get, manualClock, preflightTo } from "./helpers.ts";

const TENANTS = 4;
// The last host is no tenant: its load gives null (noCors).
const hostOf = (i: number) => `t${i}.example`;
const originOf = (i: number) => `https://app.t${i}.example`;
const known = (i: number) => i < TENANTS - 1;

interface Sent {
  readonly host: number;
  readonly origin: number;
  readonly preflight: boolean;
}

/** What the response to a request must be, whatever happened before it. */
function expectOwnDecision(sent: Sent, response: Response): void {
  const allowOrigin = response.headers.get("access-control-allow-origin");
  const label = `${sent.preflight ? "preflight" : "GET"} to ${hostOf(sent.host)} from ${originOf(sent.origin)}: ${response.status} ${allowOrigin}`;
  if (response.status === 503) {
    // A failed first load: no CORS at all, for anyone.
    expect(allowOrigin, label).toBeNull();
    return;
  }
  const own = sent.origin === sent.host && known(sent.host);
  expect(allowOrigin, label).toBe(own ? originOf(sent.origin) : null);
  if (sent.preflight) expect(response.status, label).toBe(own ? 204 : 403);
}

const command = fc.oneof(
  { weight: 8, arbitrary: fc.record({ type: fc.constant("request" as const), host: fc.nat(TENANTS - 1), origin: fc.nat(TENANTS - 1), preflight: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("invalidate" as const), host: fc.option(fc.nat(TENANTS - 1), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("tick" as const), seconds: fc.constantFrom(0.5, 1) }) },
);

describe("§7 cachedPolicies: a policy only ever answers requests of its own key", () => {
  test("two tenants whose loads finish in the opposite order of their requests", async () => {
    const pending = new Map<string, ReturnType<typeof deferred<LoadedPolicy>>>();
    const cache = cachedPolicies({
      key: (request) => new URL(request.url).hostname,
      load: (host) => {
        const load = deferred<LoadedPolicy>();
        pending.set(host, load);
        return load.promise;
      },
    });
    const fetch = withCors(() => new Response("ok"), cache);
    const sent: Sent[] = [
      { host: 0, origin: 0, preflight: true },
      { host: 1, origin: 0, preflight: true },
      { host: 0, origin: 1, preflight: false },
      { host: 1, origin: 1, preflight: false },
    ];
    const responses = sent.map((s) => fetch(s.preflight ? preflightTo(`https://${hostOf(s.host)}/`, originOf(s.origin)) : get(`https://${hostOf(s.host)}/`, originOf(s.origin))));
    pending.get(hostOf(1))?.resolve({ origins: [originOf(1)] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    pending.get(hostOf(0))?.resolve({ origins: [originOf(0)] });
    const answers = await Promise.all(responses);
    expect(answers.map((r) => [r.status, r.headers.get("access-control-allow-origin")])).toEqual([
      [204, originOf(0)],
      [403, null],
      [200, null],
      [200, originOf(1)],
    ]);
  });

  test("under any interleaving of requests, loads of different latencies, failures, expiry, eviction and invalidation", async () => {
    await fc.assert(fc.asyncProperty(
      fc.scheduler(),
      fc.array(command, { minLength: 1, maxLength: 40 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: TENANTS + 1 }),
      async (s, commands, failures, maxEntries) => {
        const clock = manualClock();
        let calls = 0;
        const cache = cachedPolicies({
          key: (request) => new URL(request.url).hostname,
          // The scheduler decides when each load settles: loads overtake each other at will.
          load: s.scheduleFunction(async (host: string): Promise<LoadedPolicy> => {
            if (failures[calls++ % failures.length]) throw new Error(`load of ${host} failed`);
            const i = Number(host.slice(1, host.indexOf(".")));
            return known(i) ? { origins: [originOf(i)] } : null;
          }),
          ttl: 1,
          maxEntries,
          now: clock.now,
        });
        let handled = 0;
        const fetch = withCors(() => (handled++, new Response("ok")), cache, { onError: () => undefined });
        const answered: Promise<void>[] = [];
        for (const next of commands) {
          // Each command starts when the scheduler says so, between the loads' completions.
          void s.schedule(Promise.resolve(next)).then((c) => {
            if (c.type === "tick") clock.advance(c.seconds);
            else if (c.type === "invalidate") cache.invalidate(c.host === undefined ? undefined : hostOf(c.host));
            else {
              const url = `https://${hostOf(c.host)}/`;
              const request = c.preflight ? preflightTo(url, originOf(c.origin)) : get(url, originOf(c.origin));
              answered.push(fetch(request).then((response) => expectOwnDecision(c, response)));
            }
          });
        }
        await s.waitIdle();
        await Promise.all(answered);
        expect(cache.size).toBeLessThanOrEqual(maxEntries);
        expect(handled).toBeLessThanOrEqual(commands.filter((c) => c.type === "request" && !c.preflight).length);
      },
    ), { numRuns: 300 });
  });
});
