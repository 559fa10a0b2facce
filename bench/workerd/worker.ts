/**
 * The micro-benchmarks inside workerd: the same plan as in Node (plan.ts), each operation called in
 * a loop inside one request, so neither HTTP nor Miniflare's routing is inside the loop. The driver
 * (micro.mjs) reads workerd's CPU time around each request; workerd's own clocks do not serve, since
 * in production they stand still while a request computes.
 *
 * `GET /keys` lists the entries; `GET /run?key=K&n=N` runs entry K N times (`n=0`: the cost of the
 * request alone, which the driver subtracts).
 */
import { plan, type ContestantInfo, type Entry } from "../plan.ts";

type Planned = Promise<{ entries: Map<string, Entry>; contestants: ContestantInfo[] }>;

let planned: Planned | undefined;

function load(filter: string): Planned {
  planned ??= plan(new RegExp(filter), 0).then(({ entries, contestants }) => ({
    entries: new Map(entries.map((entry) => [entry.key, entry])),
    contestants,
  }));
  return planned;
}

async function run(entry: Entry, n: number): Promise<number> {
  const { op, request } = entry;
  let last: Response | null | undefined;
  if (entry.async) for (let i = 0; i < n; i++) last = await op(request);
  else for (let i = 0; i < n; i++) last = op(request) as Response | null | undefined;
  return last?.status ?? 0;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const { entries, contestants } = await load(url.searchParams.get("filter") ?? ".");
    if (url.pathname === "/keys") {
      return Response.json({
        keys: [...entries.values()].map((e) => ({ key: e.key, scenario: e.scenario.id })),
        contestants,
      });
    }
    const entry = entries.get(url.searchParams.get("key") ?? "");
    if (url.pathname !== "/run" || entry === undefined) return new Response("unknown key", { status: 404 });
    const n = Math.max(0, Math.min(Number(url.searchParams.get("n")) || 0, 10_000_000));
    return new Response(String(await run(entry, n)));
  },
};
