import { eventFormat } from "./events.ts";
import { toRequest } from "./request.ts";

/** The part of the Lambda runtime's response stream (a Node.js Writable) the adapter uses. */
export interface LambdaResponseStream {
  write(chunk: Uint8Array | string): boolean;
  end(): void;
  once(event: "drain", listener: () => void): unknown;
  destroy?(error?: Error): unknown;
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
  // ALB cannot stream; any other shape is no HTTP request at all.
  if (format !== "http" && format !== "rest") {
    throw new TypeError("response streaming answers Lambda Function URL (or API Gateway) events only");
  }
  const record = event as Record<string, unknown>;
  const request = toRequest(record, format);
  const body = record["body"];
  if (typeof body !== "string" || body === "" || request.method === "GET" || request.method === "HEAD") return request;
  return new Request(request, { body: record["isBase64Encoded"] === true ? decodeBase64(body) : body });
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
  // The runtime sends the prelude before the first write, so an empty body still writes once.
  stream.write("");
  if (response.body !== null) {
    const reader = response.body.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        if (!stream.write(next.value)) await new Promise<void>((resolve) => stream.once("drain", resolve));
      }
    } catch (error) {
      // Status and headers are gone already: fail the stream so the client sees a broken response,
      // not a clean end of a truncated body, and let the invocation fail with the error.
      stream.destroy?.(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }
  stream.end();
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    throw new TypeError("the event's body is marked isBase64Encoded but is not base64");
  }
}
