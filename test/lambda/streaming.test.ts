import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { withCorsStreaming, type LambdaResponseStream } from "../../adapters/lambda.ts";
import { CONTEXT, PREFLIGHT_VARY, fixture, fixturePolicy } from "./helpers.ts";

/** What the fake runtime saw: the metadata prelude and every body chunk. */
interface Sent {
  metadata: Record<string, any> | undefined;
  chunks: string[];
  ended: boolean;
  destroyed: Error | undefined;
}

/** A Writable like the runtime's response stream; a tiny highWaterMark forces back-pressure. */
function responseStream(highWaterMark = 16): { stream: Writable; sent: Sent } {
  const sent: Sent = { metadata: undefined, chunks: [], ended: false, destroyed: undefined };
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      if (chunk.length > 0) sent.chunks.push(chunk.toString("utf8"));
      setTimeout(done, 1);
    },
    final(done) {
      sent.ended = true;
      done();
    },
    destroy(error, done) {
      sent.destroyed = error ?? undefined;
      done(null);
    },
  });
  return { stream, sent };
}

let sentByRuntime: Sent | undefined;
beforeEach(() => {
  // The Lambda Node.js runtime's global, as the adapter uses it.
  (globalThis as any).awslambda = {
    streamifyResponse: (handler: unknown) => handler,
    HttpResponseStream: class {
      // Like the runtime, the prelude goes out just before the first write, and only then.
      static from(stream: LambdaResponseStream, metadata: Record<string, unknown>) {
        const write = stream.write.bind(stream);
        let first = true;
        stream.write = (chunk) => {
          if (first) sentByRuntime!.metadata = metadata;
          first = false;
          return write(chunk);
        };
        return stream;
      }
    },
  };
});
afterEach(() => {
  delete (globalThis as any).awslambda;
});

async function run(handler: Parameters<typeof withCorsStreaming>[0], event: unknown, options = {}, highWaterMark?: number) {
  const { stream, sent } = responseStream(highWaterMark);
  sentByRuntime = sent;
  const streaming = (globalThis as any).awslambda.streamifyResponse(withCorsStreaming(handler, fixturePolicy(), options));
  await streaming(event, stream, CONTEXT);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return sent;
}

function chunked(parts: string[], delayMs = 2): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (index < parts.length) controller.enqueue(encoder.encode(parts[index++]));
      else controller.close();
    },
  });
}

describe("§4 streamed responses (Function URLs, RESPONSE_STREAM) get CORS like buffered ones", () => {
  test("a preflight is answered in the prelude without calling the handler", async () => {
    let called = false;
    const sent = await run(() => { called = true; return new Response("x"); }, fixture("function-url-preflight"));
    expect(called).toBe(false);
    expect(sent.metadata).toMatchObject({ statusCode: 204, cookies: [] });
    expect(sent.metadata?.["headers"]).toMatchObject({ "access-control-allow-origin": "https://app.example.com", vary: PREFLIGHT_VARY });
    expect(sent.chunks).toEqual([]);
    expect(sent.ended).toBe(true);
  });

  test("a streamed body arrives chunk by chunk after a prelude carrying the CORS headers and cookies", async () => {
    const handler = () => {
      const response = new Response(chunked(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]), { headers: { "content-type": "text/event-stream" } });
      response.headers.append("set-cookie", "a=1; Secure");
      response.headers.append("set-cookie", "b=2; Secure");
      response.headers.set("Access-Control-Allow-Origin", "*");
      return response;
    };
    const sent = await run(handler, fixture("function-url-actual"), {}, 1);
    expect(sent.metadata).toEqual({
      statusCode: 200,
      headers: {
        "content-type": "text/event-stream",
        "access-control-allow-origin": "https://app.example.com",
        "access-control-allow-credentials": "true",
        "access-control-expose-headers": "x-request-id",
        vary: "Origin",
      },
      cookies: ["a=1; Secure", "b=2; Secure"],
    });
    expect(sent.chunks).toEqual(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
    expect(sent.ended).toBe(true);
  });

  test("the handler gets the request with its body, decoded from base64", async () => {
    let received: { method: string; url: string; bytes: number[] } | undefined;
    const event = fixture("http-api-actual");
    const handler = async (request: Request) => {
      received = { method: request.method, url: request.url, bytes: [...new Uint8Array(await request.arrayBuffer())].slice(0, 4) };
      return new Response(null, { status: 204 });
    };
    await run(handler, event);
    expect(received).toEqual({ method: "POST", url: "https://p8m2r4t6vz.execute-api.eu-west-3.amazonaws.com/orders?tag=a&tag=b&note=caf%C3%A9", bytes: [0, 1, 2, 3] });
  });

  test("a throwing handler streams a 500 with CORS headers and onError gets the error", async () => {
    const errors: unknown[] = [];
    const sent = await run(() => { throw new Error("secret"); }, fixture("function-url-actual"), { onError: (e: unknown) => errors.push(e) });
    expect(sent.metadata?.["statusCode"]).toBe(500);
    expect(sent.metadata?.["headers"]["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(sent.chunks.join("")).toBe("Internal Server Error");
    expect(String(errors[0])).toContain("secret");
  });

  test("a body that fails midway fails the stream (no clean end) and the invocation", async () => {
    const { stream, sent } = responseStream();
    sentByRuntime = sent;
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("partial"));
      },
      pull(controller) {
        controller.error(new Error("upstream closed"));
      },
    });
    const streaming = withCorsStreaming(() => new Response(failing), fixturePolicy());
    await expect(streaming(fixture("function-url-actual"), stream, CONTEXT)).rejects.toThrow("upstream closed");
    expect(sent.destroyed?.message).toBe("upstream closed");
    expect(sent.ended).toBe(false);
  });

  test("without the runtime's awslambda global, the error says what is missing", async () => {
    delete (globalThis as any).awslambda;
    const { stream } = responseStream();
    const streaming = withCorsStreaming(() => new Response("x"), fixturePolicy());
    await expect(streaming(fixture("function-url-actual"), stream, CONTEXT)).rejects.toThrow(/awslambda global/);
  });

  test("an ALB event cannot be streamed, and the error says so", async () => {
    const { stream } = responseStream();
    const streaming = withCorsStreaming(() => new Response("x"), fixturePolicy());
    await expect(streaming(fixture("alb-actual"), stream, CONTEXT)).rejects.toThrow(/Function URL/);
  });
});
