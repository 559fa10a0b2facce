// The README's quick start, as code the tests import.
import { addCorsHeaders, corsPolicy, preflight, withCors } from "../src/index.ts";

// Validated and compiled once, at startup; throws CorsConfigError listing every problem.
export const policy = corsPolicy({
  origins: ["https://app.example.com", "https://*.example.com", "http://localhost:*"],
  methods: ["PUT", "DELETE", "PATCH"],
  requestHeaders: ["content-type", "authorization"],
  exposeHeaders: ["x-request-id"],
  credentials: true,
  maxAge: 7200,
});

export default {
  fetch: withCors(async (request: Request) => Response.json({ hello: "world" }), policy),
};

async function handle(request: Request): Promise<Response> {
  return Response.json({ path: new URL(request.url).pathname });
}

/** The same, step by step, in any handler. */
export async function fetchStepByStep(request: Request): Promise<Response> {
  return preflight(request, policy) ?? addCorsHeaders(request, await handle(request), policy);
}
