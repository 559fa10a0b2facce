import { addCorsHeaders } from "./actual.ts";
import { compiledOf } from "./compiled-access.ts";
import { preflight } from "./preflight.ts";
import type { CorsPolicy, WithCorsOptions } from "./types.ts";

/**
 * Wraps any fetch handler: preflights are answered without calling it, every other response gets
 * the CORS headers. A thrown error (or a missing Response) becomes a 500 that still carries the
 * CORS headers, so the browser shows the real failure rather than a CORS error; the error goes to
 * `options.onError` (default `console.error`) and nothing of it reaches the client.
 *
 * @example
 * export default { fetch: withCors((request) => Response.json({ ok: true }), policy) };
 */
export function withCors<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  policy: CorsPolicy,
  options: WithCorsOptions = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  // A wrong argument is a bug to report now, at startup, not a failure on every request.
  if (typeof handler !== "function") throw new TypeError(`withCors expects a handler function, got ${String(handler)}`);
  compiledOf(policy);
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  return async (request, ...rest) => {
    const answer = preflight(request, policy);
    if (answer !== null) return answer;
    let response: Response;
    try {
      response = await handler(request, ...rest);
      if (!isResponse(response)) throw new TypeError(`CORS handler returned ${String(response)} instead of a Response`);
    } catch (error) {
      try {
        onError(error, request);
      } catch {
        // A failing logger must not hide the response.
      }
      response = internalServerError();
    }
    return addCorsHeaders(request, response, policy);
  };
}

/** A 500 that leaks nothing about the error. */
export function internalServerError(): Response {
  return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function isResponse(value: unknown): value is Response {
  return value instanceof Response || (typeof value === "object" && value !== null && "headers" in value && typeof (value as Response).status === "number");
}
