import { Hono } from "hono";
import { cors } from "../adapters/hono.ts";

const app = new Hono();

// First, for every path: preflights are answered here, for unknown routes too, before any auth.
app.use("*", cors({
  origins: ["https://app.example.com", "http://localhost:5173"],
  requestHeaders: ["content-type", "authorization"],
  credentials: true,
}));

app.use("/api/*", async (c, next) => {
  if (c.req.header("authorization") !== "Bearer demo-token") return c.json({ error: "unauthorized" }, 401);
  await next();
});

app.get("/api/me", (c) => c.json({ user: "demo" }));
app.delete("/api/items/:id", (c) => c.body(null, 204));

// Both answers carry the CORS headers too, so the page can read them instead of a CORS error.
app.notFound((c) => c.json({ error: "not found" }, 404));
app.onError((error, c) => {
  console.error(error);
  return c.json({ error: "internal error" }, 500);
});

// Cloudflare Workers, Bun and `deno serve` take the app as the default export; on Node,
// examples/hono-node.ts serves it with @hono/node-server.
export default app;
