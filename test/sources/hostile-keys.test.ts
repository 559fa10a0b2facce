// A key taken from request data (the Host header) is chosen by whoever sends the request. It can
// neither grow memory without bound nor multiply store reads.
import { describe, expect, test } from "vitest";
import { cachedPolicies, noCors, withCors, type LoadedPolicy } from "../../src/index.ts";
import { deferred, get } from "./helpers.ts";

const byHost = (request: Request) => new URL(request.url).hostname;

describe("§7 hostile keys: memory stays bounded by maxEntries", () => {
  test("100,000 distinct hostnames keep at most maxEntries policies, the oldest evicted", async () => {
    const loads = new Map<string, number>();
    const cache = cachedPolicies({ key: byHost, load: async (host) => (loads.set(host, (loads.get(host) ?? 0) + 1), null), maxEntries: 1000 });
    for (let batch = 0; batch < 100; batch++) {
      const waiting: Promise<unknown>[] = [];
      for (let i = batch * 1000; i < (batch + 1) * 1000; i++) waiting.push(Promise.resolve(cache.resolve(get(`https://h${i}.attacker.example/`))));
      await Promise.all(waiting);
      expect(cache.size).toBeLessThanOrEqual(1000);
    }
    expect(loads.size).toBe(100_000);
    expect(cache.size).toBe(1000);
    // The last thousand are kept; the first hostname was evicted long ago and loads again.
    expect(cache.resolve(get("https://h99999.attacker.example/"))).toBe(noCors);
    expect(loads.get("h99999.attacker.example")).toBe(1);
    await cache.resolve(get("https://h0.attacker.example/"));
    expect(loads.get("h0.attacker.example")).toBe(2);
  });

  test("a tenant in steady use stays cached through a flood of hostile hostnames", async () => {
    let tenantLoads = 0;
    const cache = cachedPolicies({
      key: byHost,
      load: async (host) => (host === "shop.example" ? (tenantLoads++, { origins: ["https://shop.example"] }) : null),
      maxEntries: 100,
    });
    for (let i = 0; i < 20_000; i++) {
      await cache.resolve(get(`https://h${i}.attacker.example/`));
      // Used at least once in every 100 distinct keys: never the least recently used.
      if (i % 50 === 0) await cache.resolve(get("https://shop.example/"));
    }
    expect(tenantLoads).toBe(1);
  });
});

describe("§7 hostile keys: store reads stay bounded", () => {
  test("1,000 concurrent requests for one cold hostname cause one load", async () => {
    const slow = deferred<LoadedPolicy>();
    let loads = 0;
    const fetch = withCors(() => new Response("ok"), cachedPolicies({ key: byHost, load: () => (loads++, slow.promise) }));
    const responses = Array.from({ length: 1000 }, () => fetch(get("https://cold.attacker.example/", "https://evil.example")));
    slow.resolve(null);
    for (const response of await Promise.all(responses)) expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(loads).toBe(1);
  });

  test("an unknown tenant's null is cached: repeated requests read the store once", async () => {
    let loads = 0;
    const fetch = withCors(() => new Response("ok"), cachedPolicies({ key: byHost, load: async () => (loads++, null) }));
    for (let i = 0; i < 100; i++) await fetch(get("https://unknown.example/", "https://evil.example"));
    expect(loads).toBe(1);
  });
});
