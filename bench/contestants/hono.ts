/**
 * One Hono app shape (same routes, same handlers) three times: with fetch-cors's adapter, with
 * hono/cors configured for the same policy, and without CORS as a reference for what routing costs.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { cors as honoCors } from "hono/cors";
import type { Contestant } from "./contestant.ts";
import {
  CORE_OPTIONS,
  EXPOSE_HEADERS,
  MAX_AGE,
  METHODS,
  PATH_API,
  PATH_EMPTY,
  PATH_REDIRECT,
  REQUEST_HEADERS,
  emptyHandler,
  okHandler,
  originAllowed,
  redirectHandler,
} from "../fixtures.ts";

function app(middleware: MiddlewareHandler | undefined): Hono {
  const hono = new Hono();
  if (middleware !== undefined) hono.use("*", middleware);
  hono.get(PATH_API, () => okHandler());
  hono.get(PATH_EMPTY, () => emptyHandler());
  hono.post(PATH_EMPTY, () => emptyHandler());
  hono.get(PATH_REDIRECT, () => redirectHandler());
  return hono;
}

function contestant(id: string, hono: Hono): Contestant {
  return { id, group: "hono", prepare: (scenario) => (scenario.hostile ? undefined : (request) => hono.fetch(request)) };
}

/** Without CORS a preflight is a 404, so the reference row only covers actual requests. */
function reference(id: string, hono: Hono): Contestant {
  return {
    id,
    group: "reference",
    prepare: (scenario) => (scenario.kind !== "preflight" ? (request) => hono.fetch(request) : undefined),
  };
}

const honoCorsMiddleware = honoCors({
  origin: (origin) => (originAllowed(origin) ? origin : null),
  allowMethods: ["HEAD", ...METHODS],
  allowHeaders: REQUEST_HEADERS,
  exposeHeaders: EXPOSE_HEADERS,
  credentials: true,
  maxAge: MAX_AGE,
});

/** Loads the fetch-cors adapter lazily: the harness still runs while it is being written. */
export async function honoContestants(): Promise<Contestant[]> {
  const list = [
    contestant("hono + hono/cors", app(honoCorsMiddleware)),
    reference("hono, no CORS", app(undefined)),
  ];
  try {
    const [{ cors }, { corsPolicy }] = await Promise.all([
      import("../../adapters/hono.ts"),
      import("../../src/index.ts"),
    ]);
    list.unshift(contestant("hono + fetch-cors/hono", app(cors(corsPolicy(CORE_OPTIONS)))));
  } catch (error) {
    console.error(`fetch-cors/hono is not available: ${String(error)}`);
  }
  return list;
}
