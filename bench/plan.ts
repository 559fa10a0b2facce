/**
 * Every scenario × contestant pair to measure, as ready-to-call operations. Uses Web APIs only, so the
 * same plan runs in Node (suite.ts) and inside workerd (workerd/worker.ts).
 */
import { scenarios, type Scenario } from "./fixtures.ts";
import type { Contestant, Operation } from "./contestants/contestant.ts";
import { floorContestants } from "./contestants/floor.ts";
import { honoContestants } from "./contestants/hono.ts";
import { ittyContestants } from "./contestants/itty.ts";
import { runtimeContestants } from "./contestants/runtime.ts";

export interface Entry {
  key: string;
  scenario: Scenario;
  contestant: Contestant;
  request: Request;
  op: Operation;
  async: boolean;
}

/** What the report needs to know of each contestant. */
export interface ContestantInfo {
  id: string;
  group: Contestant["group"];
  family?: string;
  floor?: string;
}

async function loadContestants(): Promise<Contestant[]> {
  const list: Contestant[] = [...floorContestants];
  try {
    const { coreContestants } = await import("./contestants/core.ts");
    list.push(...coreContestants);
  } catch (error) {
    console.error(`fetch-cors core is not available: ${String(error)}`);
  }
  list.push(...(await honoContestants()), ...ittyContestants, ...runtimeContestants);
  return list;
}

/** Rotating the order between processes keeps any order effect from favouring one contestant. */
export function rotated<T>(items: readonly T[], by: number): T[] {
  const n = by % items.length;
  return [...items.slice(n), ...items.slice(0, n)];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Builds every operation and calls it once (which also tells whether it is async). */
export async function plan(filter: RegExp, rotate: number): Promise<{ entries: Entry[]; contestants: ContestantInfo[] }> {
  const contestants = await loadContestants();
  const entries: Entry[] = [];
  for (const scenario of scenarios) {
    const taking =
      scenario.runtimeOnly === true ? runtimeContestants
      : scenario.hostile === true ? contestants.filter((c) => c.group === "fetch-cors")
      : contestants;
    for (const contestant of rotated(taking, rotate)) {
      const key = `${scenario.id} | ${contestant.id}`;
      if (!filter.test(key)) continue;
      const op = contestant.prepare(scenario);
      if (op === undefined) continue;
      const request = scenario.request();
      const first = op(request);
      entries.push({ key, scenario, contestant, request, op, async: first instanceof Promise });
      await first;
    }
  }
  const info = contestants.map(({ id, group, family, floor }) => ({
    id, group, ...(family === undefined ? {} : { family }), ...(floor === undefined ? {} : { floor }),
  }));
  return { entries, contestants: info };
}

/** What each contestant answered, so the report can show they did comparable work. */
export async function describe(entry: Entry): Promise<{ status: number | null; headers: string[] }> {
  const response = await entry.op(entry.request);
  if (response == null) return { status: null, headers: [] };
  const headers = [...response.headers]
    .filter(([name]) => name.startsWith("access-control-") || name === "vary" || name === "cors-rejected")
    .map(([name, value]) => `${name}: ${value}`);
  return { status: response.status, headers };
}
