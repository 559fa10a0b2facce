import { withCors } from "../adapters/deno.ts";

export const handler = withCors((request, info) => {
  return Response.json({ hello: "from Deno", path: new URL(request.url).pathname, client: info.remoteAddr.hostname });
}, {
  origins: ["https://app.example.com", "http://localhost:5173"],
  requestHeaders: ["content-type", "authorization"],
});

// `deno run --allow-net examples/deno.ts` serves it on http://localhost:8000.
if (import.meta.main) Deno.serve({ port: 8000 }, handler);
