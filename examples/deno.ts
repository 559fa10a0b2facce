import { corsPolicy } from "../src/index.ts";
import { withCors } from "../adapters/deno.ts";

const policy = corsPolicy({
  origins: ["https://app.example.com", "http://localhost:5173"],
  methods: ["PUT", "DELETE"],
  requestHeaders: ["content-type", "authorization"],
});

export const handler = withCors((request, info) => {
  return Response.json({ hello: "from Deno", path: new URL(request.url).pathname, client: info.remoteAddr.hostname });
}, policy);

// `deno run --allow-net examples/deno.ts` serves it on http://localhost:8000.
if (import.meta.main) Deno.serve({ port: 8000 }, handler);
