import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { withCorsStreaming, type LambdaResponseStream } from "../../../adapters/lambda.ts";
import { CONTEXT, PREFLIGHT_VARY, fixture, fixturePolicy, setHeader } from "./helpers.ts";

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

  test("a body that fails midway fails the invocation and never ends the stream cleanly", async () => {
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
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent.chunks).toEqual(["partial"]);
    // Left open for the runtime, which ends a failed invocation's response with its error trailers.
    expect(sent.ended).toBe(false);
    expect(sent.destroyed).toBeUndefined();
  });

  test("a stream that closes while the body waits for room ends the invocation instead of hanging", async () => {
    // The connection is gone: the stream never drains, it closes.
    const sent: Sent = { metadata: undefined, chunks: [], ended: false, destroyed: undefined };
    sentByRuntime = sent;
    const stream = new Writable({ highWaterMark: 1, write: () => {} });
    let cancelled: unknown;
    let produced = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        produced++;
        controller.enqueue(new TextEncoder().encode("data: tick\n\n"));
        if (produced === 1) setTimeout(() => stream.destroy(), 5);
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const streaming = withCorsStreaming(() => new Response(endless), fixturePolicy());
    await expect(streaming(fixture("function-url-actual"), stream, CONTEXT)).rejects.toThrow(/closed before the body was sent/);
    expect(String(cancelled)).toMatch(/closed before the body was sent/);
    expect(produced).toBeLessThan(10);
  });

  test("waiting for room repeatedly leaves no listeners behind", async () => {
    const { stream, sent } = responseStream(1);
    sentByRuntime = sent;
    const before = { drain: stream.listenerCount("drain"), close: stream.listenerCount("close") };
    const parts = Array.from({ length: 20 }, (_, i) => `chunk ${i}\n`);
    await withCorsStreaming(() => new Response(chunked(parts, 0)), fixturePolicy())(fixture("function-url-actual"), stream, CONTEXT);
    expect(sent.chunks.join("")).toBe(parts.join(""));
    expect({ drain: stream.listenerCount("drain"), close: stream.listenerCount("close") }).toEqual(before);
  });

  test("without the runtime's awslambda global, the error says what is missing", async () => {
    delete (globalThis as any).awslambda;
    const { stream } = responseStream();
    const streaming = withCorsStreaming(() => new Response("x"), fixturePolicy());
    await expect(streaming(fixture("function-url-actual"), stream, CONTEXT)).rejects.toThrow(/awslambda global/);
  });

  test.each(["alb-actual", "alb-multi-actual"] as const)("%s: ALB cannot stream, and the error says which events can", async (name) => {
    const { stream } = responseStream();
    const streaming = withCorsStreaming(() => new Response("x"), fixturePolicy());
    await expect(streaming(fixture(name), stream, CONTEXT)).rejects.toThrow(/Function URL and API Gateway REST API events only/);
  });

  test("an event that is no HTTP request cannot be streamed either", async () => {
    const { stream } = responseStream();
    const streaming = withCorsStreaming(() => new Response("x"), fixturePolicy());
    await expect(streaming({ Records: [] }, stream, CONTEXT)).rejects.toThrow(TypeError);
  });
});

describe("§4 API Gateway REST APIs with response transfer mode STREAM get the same CORS answers", () => {
  test("a preflight is answered in the prelude without calling the handler", async () => {
    let called = false;
    const sent = await run(() => { called = true; return new Response("x"); }, fixture("rest-preflight"));
    expect(called).toBe(false);
    expect(sent.metadata?.["statusCode"]).toBe(204);
    expect(sent.metadata?.["headers"]).toEqual({
      "access-control-allow-origin": "https://app.example.com",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "PUT, DELETE",
      "access-control-allow-headers": "content-type, authorization",
      "access-control-max-age": "600",
      vary: PREFLIGHT_VARY,
    });
    expect(sent.ended).toBe(true);
  });

  test("a rejected preflight is a 403 in the prelude", async () => {
    const event = fixture("rest-preflight");
    setHeader(event, "origin", "https://evil.example");
    const sent = await run(() => new Response("x"), event);
    expect(sent.metadata).toEqual({ statusCode: 403, headers: { vary: PREFLIGHT_VARY }, cookies: [] });
  });

  test("an actual request streams its body after a prelude carrying the CORS headers", async () => {
    let received: string | undefined;
    const handler = async (request: Request) => {
      received = `${request.method} ${request.url} ${await request.text()}`;
      return new Response(chunked(["a", "b"]), { headers: { "content-type": "text/plain", "set-cookie": "s=1" } });
    };
    const sent = await run(handler, fixture("rest-actual"));
    expect(received).toBe('PUT https://k3x9q2w7ab.execute-api.eu-west-3.amazonaws.com/orders/42?dryRun=true&tag=a&tag=b {"quantity":3}');
    expect(sent.metadata).toEqual({
      statusCode: 200,
      headers: {
        "content-type": "text/plain",
        "access-control-allow-origin": "https://app.example.com",
        "access-control-allow-credentials": "true",
        "access-control-expose-headers": "x-request-id",
        vary: "Origin",
      },
      cookies: ["s=1"],
    });
    expect(sent.chunks).toEqual(["a", "b"]);
  });
});

describe("§4 a streamed event whose body is not the base64 it claims to be never crashes", () => {
  function badBody() {
    const event = fixture("function-url-actual");
    event.requestContext.http.method = "POST";
    event.body = "%%% not base64 %%%";
    event.isBase64Encoded = true;
    return event;
  }

  test("a handler that reads the body fails with a message that says why: a 500 with CORS headers", async () => {
    const errors: unknown[] = [];
    const sent = await run(async (request) => new Response(await request.text()), badBody(), { onError: (e: unknown) => errors.push(e) });
    expect(sent.metadata?.["statusCode"]).toBe(500);
    expect(sent.metadata?.["headers"]["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(String(errors[0])).toMatch(/marked isBase64Encoded but is not base64/);
  });

  test("a handler that does not read the body answers as usual", async () => {
    const sent = await run(() => new Response("fine"), badBody());
    expect(sent.metadata?.["statusCode"]).toBe(200);
    expect(sent.chunks).toEqual(["fine"]);
  });
});
