import { eventFormat } from "./events.ts";
import { toRequest } from "./request.ts";

/** The part of the Lambda runtime's response stream (a Node.js Writable) the adapter uses. */
export interface LambdaResponseStream {
  write(chunk: Uint8Array | string): boolean;
  end(): void;
  once(event: "drain" | "close", listener: () => void): unknown;
  off(event: "drain" | "close", listener: () => void): unknown;
}

interface AwsLambdaGlobal {
  HttpResponseStream: { from(stream: LambdaResponseStream, metadata: Record<string, unknown>): LambdaResponseStream };
}

/**
 * The request a streaming handler receives: the event as a `Request` with its body (decoded from
 * base64 when the event says so), since a fetch-style handler reads the body from the request.
 */
export function streamingRequest(event: unknown): Request {
  const format = eventFormat(event);
  // Only Function URLs and API Gateway REST APIs invoke with response streaming; ALB cannot.
  if (format !== "http" && format !== "rest") {
    throw new TypeError("response streaming answers Lambda Function URL and API Gateway REST API events only");
  }
  const record = event as Record<string, unknown>;
  const request = toRequest(record, format);
  const body = record["body"];
  if (typeof body !== "string" || body === "" || request.method === "GET" || request.method === "HEAD") return request;
  const init = { body: record["isBase64Encoded"] === true ? base64Body(body) : body, duplex: "half" };
  // `duplex` (needed for a stream body) is missing from the DOM typings of RequestInit.
  return new Request(request, init as RequestInit);
}

/**
 * Sends a response through the runtime's `awslambda.HttpResponseStream`: status, headers and
 * cookies first (the metadata prelude), then the body chunk by chunk, honouring back-pressure.
 */
export async function sendStreaming(response: Response, responseStream: LambdaResponseStream): Promise<void> {
  const runtime = (globalThis as { awslambda?: Partial<AwsLambdaGlobal> }).awslambda;
  if (typeof runtime?.HttpResponseStream?.from !== "function") {
    throw new TypeError("response streaming needs the Lambda Node.js runtime's awslambda global (wrap with awslambda.streamifyResponse)");
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const metadata = { statusCode: response.status, headers, cookies: response.headers.getSetCookie() };
  const stream = runtime.HttpResponseStream.from(responseStream, metadata);
  // The runtime sends the prelude just before the first write, so an empty body still writes once.
  stream.write("");
  if (response.body !== null) {
    const reader = response.body.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        if (!stream.write(next.value) && !(await drained(stream))) {
          throw new Error("the response stream closed before the body was sent");
        }
      }
    } catch (error) {
      // Status and headers are gone already. The stream is left open on purpose: the invocation
      // fails with the error and the runtime closes the response as failed (its error trailers),
      // never as a clean end of a truncated body.
      reader.cancel(error).catch(() => {});
      throw error;
    }
  }
  stream.end();
}

/** Waits for room in the stream's buffer; `false` when the stream closed instead (it never drains then). */
function drained(stream: LambdaResponseStream): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    function settle(open: boolean): void {
      stream.off("drain", onDrain);
      stream.off("close", onClose);
      resolve(open);
    }
    stream.once("drain", onDrain);
    stream.once("close", onClose);
  });
}

/**
 * The body of an event marked base64-encoded. Text that is not base64 (no AWS integration sends
 * that) errors only when the handler reads the body, so a preflight is still answered and a handler
 * that reads it fails with a message that says why, which becomes a 500 carrying the CORS headers.
 */
function base64Body(text: string): Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    const error = new TypeError("the event's body is marked isBase64Encoded but is not base64");
    return new ReadableStream({ pull: (controller) => controller.error(error) });
  }
}
