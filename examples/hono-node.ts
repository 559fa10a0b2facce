import { serve } from "@hono/node-server";
import app from "./hono.ts";

// Serves the app on Node, on http://localhost:3000 (PORT chooses another port).
serve({ fetch: app.fetch, port: Number(process.env["PORT"] ?? 3000) }, (info) => {
  console.log(`listening on http://localhost:${info.port}`);
});
