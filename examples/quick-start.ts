// The README's quick start, as code the tests import.
import { addCorsHeaders, corsPolicy, guardCrossOrigin, preflight, withCors } from "../src/index.ts";

// With only origins set, a page on one of them can GET, POST, PUT, PATCH and DELETE with JSON
// bodies. The options are compiled once, here; invalid ones throw CorsConfigError at startup.
export default {
  fetch: withCors(
    (request: Request) => Response.json({ hello: "world", path: new URL(request.url).pathname }),
    { origins: ["https://app.example.com", "http://localhost:5173"] },
  ),
};

// Cookies and a bearer token: list what the pages send beyond the defaults, and compile it once.
export const policy = corsPolicy({
  origins: ["https://app.example.com", "https://*.preview.example.com", "http://localhost:*"],
  requestHeaders: ["content-type", "authorization"],
  exposeHeaders: ["x-request-id"],
  credentials: true,
  maxAge: 7200,
});

async function handle(request: Request): Promise<Response> {
  return Response.json({ path: new URL(request.url).pathname });
}

// The same steps withCors takes, in any handler.
export async function fetchWithCors(request: Request, handler: (request: Request) => Promise<Response> = handle): Promise<Response> {
  return preflight(request, policy) ?? guardCrossOrigin(request, policy) ?? addCorsHeaders(request, await handler(request), policy);
}
