import { corsMiddleware, withCors as withCorsCore, type PolicyInput, type WithCorsOptions } from "../src/index.ts";
import { eventFormat, type HandlerResult, type LambdaHttpResult } from "./lambda/events.ts";
import { toRequest } from "./lambda/request.ts";
import { corsCarrier, mergeCorsHeaders, resultFromResponse, structuredResult } from "./lambda/result.ts";
import { sendStreaming, streamingRequest, type LambdaResponseStream } from "./lambda/streaming.ts";

export type {
  AlbEvent, HttpApiEvent, LambdaHttpEvent, LambdaHttpResult, MultiValueMap, RestApiEvent, SingleValueMap,
} from "./lambda/events.ts";
export type { LambdaResponseStream } from "./lambda/streaming.ts";
export type { CorsPolicy, WithCorsOptions } from "../src/index.ts";

/**
 * Adds CORS to an AWS Lambda HTTP handler `(event, context) => result` for API Gateway REST APIs
 * (payload 1.0), HTTP APIs (payload 2.0), Lambda Function URLs and Application Load Balancers (with
 * or without multi-value headers). The event type is recognised from its shape.
 *
 * - Preflights are answered without calling the handler (allowed: `preflightStatus`, rejected: 403).
 * - Results get the policy's CORS headers, merged case-insensitively in the shape the integration
 *   reads; `Access-Control-*` headers the handler set are replaced, `Vary` is merged. HTTP API bare
 *   results (a string, an object without `statusCode`) become the 200 JSON response API Gateway infers.
 * - A thrown error or malformed result becomes a 500 with the CORS headers; `options.onError`
 *   (default `console.error`) receives the error, the client only "Internal Server Error".
 * - Events that are not HTTP requests (a schedule, a queue, a warm-up ping) go to the handler untouched.
 *
 * @example
 * import { corsPolicy } from "fetch-cors";
 * import { withCors } from "fetch-cors/lambda";
 *
 * const policy = corsPolicy({ origins: ["https://app.example.com"], methods: ["PUT", "DELETE"] });
 *
 * export const handler = withCors(async (event) => ({
 *   statusCode: 200,
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ ok: true }),
 * }), policy);
 */
export function withCors<Event, Result, Context = unknown>(
  handler: (event: Event, context: Context) => Result | Promise<Result>,
  policy: PolicyInput<[event: Event, context: Context]>,
  options?: WithCorsOptions,
): (event: Event, context: Context) => Promise<Result | LambdaHttpResult> {
  if (typeof handler !== "function") throw new TypeError(`withCors expects a handler function, got ${handler === null ? "null" : typeof handler}`);
  const cors = corsMiddleware<[Event, Context]>(policy, options);
  return async (event, context) => {
    const format = eventFormat(event);
    if (format === undefined) return handler(event, context);
    let result: HandlerResult | undefined;
    const response = await cors(toRequest(event as Record<string, unknown>, format), async () => {
      result = structuredResult(format, await handler(event, context));
      return corsCarrier(result);
    }, event, context);
    // No result means the core answered alone: a preflight, a refusal, or a 500 or 503 after a failure.
    if (result === undefined) return resultFromResponse(response, format);
    return mergeCorsHeaders(result, response, format) as Result;
  };
}

/**
 * Adds CORS to a streamed response: Lambda Function URLs with `InvokeMode: RESPONSE_STREAM`, and
 * API Gateway REST API integrations with response transfer mode `STREAM`. The handler is
 * fetch-style: it gets the event as a `Request` (body included) plus the raw event and context, and
 * returns a `Response` whose body may be a stream. Preflights, CORS headers and errors thrown before
 * the response exists are handled exactly as in {@link withCors}; the status, headers and cookies are
 * sent through `awslambda.HttpResponseStream`, then the body as it is produced. A body that fails
 * midway fails the invocation (the headers are already sent). Wrap the result with the runtime's
 * `awslambda.streamifyResponse`. A method a `Request` cannot carry (TRACE, CONNECT, TRACK, a
 * malformed one) arrives as `request.method` `"UNREPRESENTABLE"`, an unsafe method the cross-origin
 * guard refuses from origins the policy does not allow; the event holds the real one.
 *
 * @example
 * export const handler = awslambda.streamifyResponse(
 *   withCorsStreaming(async (request) => new Response(eventStream(), {
 *     headers: { "content-type": "text/event-stream" },
 *   }), policy),
 * );
 */
export function withCorsStreaming<Event = unknown, Context = unknown>(
  handler: (request: Request, event: Event, context: Context) => Response | Promise<Response>,
  policy: PolicyInput<[event: Event, context: Context]>,
  options?: WithCorsOptions,
): (event: Event, responseStream: LambdaResponseStream, context: Context) => Promise<void> {
  const respond = withCorsCore(handler, policy, options);
  return async (event, responseStream, context) => {
    await sendStreaming(await respond(streamingRequest(event), event, context), responseStream);
  };
}
