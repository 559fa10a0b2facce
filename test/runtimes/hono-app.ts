import { Hono, type Context } from "hono";
import { cors, type HonoPolicy } from "../../adapters/hono.ts";
import { SECRET } from "./fixture.ts";

/**
 * The probe routes of app.ts as a Hono app, with what Hono users add around them: an auth
 * middleware after cors, notFound and onError handlers. Used on Node (app.request) and in workerd.
 */
export function probeHonoApp<Bindings extends object>(options: {
  policy: HonoPolicy<Bindings>;
  upstreamUrl: (c: Context<{ Bindings: Bindings }>) => string;
  onError?: (error: Error) => void;
}): Hono<{ Bindings: Bindings }> {
  const app = new Hono<{ Bindings: Bindings }>();
  app.use("*", cors(options.policy));
  app.use("/api/private/*", async (c, next) => {
    if (c.req.header("authorization") !== "Bearer probe") return c.json({ error: "unauthorized" }, 401);
    await next();
  });
  app.get("/api/hello", (c) => c.json({ hello: "world" }, 200, { "x-request-id": "probe-1" }));
  app.options("/api/hello", (c) => c.body(null, 200, { allow: "GET, OPTIONS" }));
  // Straight from fetch(): its headers are immutable, so the middleware has to copy the response.
  app.get("/api/upstream", (c) => fetch(options.upstreamUrl(c)));
  app.get("/api/boom", () => {
    throw new Error(SECRET);
  });
  app.get("/api/private/data", (c) => c.json({ secret: "data" }));
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    options.onError?.(error);
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}
