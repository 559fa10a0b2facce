// The Request the Lambda adapter builds for the core must never make a request look safer than it is:
// a method a Request cannot carry stays unsafe, and the URL's path is always the event's.
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { withCors, withCorsStreaming, type LambdaResponseStream } from "../../../adapters/lambda.ts";
import { UNREPRESENTABLE_METHOD } from "../../../adapters/lambda/request.ts";
import { corsPolicy, corsRoutes, type CorsOptions } from "../../../src/index.ts";
import {
  CONTEXT, EVENT_TYPES, corsOf, deleteHeader, fixture, fixturePolicy, recordingHandler, setHeader, type AnyResult,
} from "./helpers.ts";

const ALLOWED = "https://app.example.com";
const EVIL = "https://evil.example";
const OK = { statusCode: 200, body: "ok" };

function setMethod(event: Record<string, any>, method: string | undefined): void {
  if (event.requestContext?.http) {
    if (method === undefined) delete event.requestContext.http.method;
    else event.requestContext.http.method = method;
  } else if (method === undefined) {
    delete event.httpMethod;
  } else {
    event.httpMethod = method;
  }
}

function setPath(event: Record<string, any>, path: string): void {
  if (event.requestContext?.http) event.rawPath = path;
  else event.path = path;
}

/** A cross-site request from an origin the policy does not allow, as a browser sends it. */
function crossSite(event: Record<string, any>, origin = EVIL, site: string | undefined = "cross-site") {
  setHeader(event, "origin", origin);
  deleteHeader(event, "sec-fetch-site");
  if (site !== undefined) setHeader(event, "sec-fetch-site", site);
  return event;
}

/** Runs an event and records the Request the core saw (through an origins predicate) and the handler's calls. */
async function run(event: unknown, options: Partial<CorsOptions> = {}) {
  let request: Request | undefined;
  const policy = fixturePolicy({
    origins: (origin, req) => {
      request = req;
      return origin === ALLOWED;
    },
    ...options,
  });
  const { handler, calls } = recordingHandler(OK);
  const result: AnyResult = await withCors(handler, policy)(event, CONTEXT);
  return { result, calls, request };
}

// --- streaming: a fake of the runtime's awslambda global, as in streaming.test.ts ---

interface Sent { metadata: Record<string, any> | undefined; chunks: string[] }
let sentByRuntime: Sent | undefined;
beforeEach(() => {
  (globalThis as any).awslambda = {
    HttpResponseStream: class {
      static from(stream: LambdaResponseStream, metadata: Record<string, unknown>) {
        sentByRuntime!.metadata = metadata;
        return stream;
      }
    },
  };
});
afterEach(() => {
  delete (globalThis as any).awslambda;
});

async function runStreaming(event: unknown, options: CorsOptions) {
  const sent: Sent = { metadata: undefined, chunks: [] };
  sentByRuntime = sent;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (chunk.length > 0) sent.chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const received: Request[] = [];
  const handler = async (request: Request) => {
    received.push(request);
    return new Response("streamed");
  };
  await withCorsStreaming(handler, corsPolicy(options))(event, stream, CONTEXT);
  return { sent, received };
}

const STREAMED = [
  { type: "Function URL", actual: "function-url-actual" },
  { type: "HTTP API (payload 2.0)", actual: "http-api-actual" },
  { type: "REST API (payload 1.0)", actual: "rest-actual" },
] as const;

const UNREPRESENTABLE = [
  { label: "TRACE", method: "TRACE" },
  { label: "CONNECT", method: "CONNECT" },
  { label: "TRACK", method: "TRACK" },
  { label: "lowercase trace", method: "trace" },
  { label: "an invalid token (PO ST)", method: "PO ST" },
  { label: "an empty method", method: "" },
  { label: "OPTIONS followed by CRLF", method: "OPTIONS\r\n" },
  { label: "a method holding a path (GET /admin)", method: "GET /admin" },
  { label: "a non-ASCII method", method: "PØST" },
  { label: "no method at all", method: undefined },
];

describe("§6 a method a Request cannot carry is unsafe: refused from a disallowed origin, never taken for GET or a preflight", () => {
  test("the review's repro: a cross-site HTTP API TRACE from a disallowed origin is refused like a POST, the handler is not called", async () => {
    const policy = corsPolicy({ origins: ["https://a.com"], credentials: true });
    for (const method of ["TRACE", "POST"]) {
      const { handler, calls } = recordingHandler(OK);
      const event = { version: "2.0", rawPath: "/x", headers: { origin: "https://evil.com", "sec-fetch-site": "cross-site" }, requestContext: { http: { method } } };
      const result: AnyResult = await withCors(handler, policy)(event, CONTEXT);
      expect(result.statusCode, method).toBe(403);
      expect(calls, method).toHaveLength(0);
    }
  });

  for (const { type, actual, preflight } of EVENT_TYPES) {
    test.each(UNREPRESENTABLE)(`${type}: $label from a disallowed cross-site origin gets a 403 and the handler is not called`, async ({ method }) => {
      // A REST event without httpMethod is not an HTTP event at all (it goes to the handler untouched).
      if (method === undefined && actual === "rest-actual") return;
      for (const name of [actual, preflight]) {
        const event = crossSite(fixture(name));
        setMethod(event, method);
        const { result, calls } = await run(event);
        expect(result.statusCode).toBe(403);
        expect(calls).toHaveLength(0);
        expect(corsOf(result)["access-control-allow-origin"]).toBeUndefined();
        expect(corsOf(result)["vary"]).toBe("Origin, Sec-Fetch-Site");
      }
    });

    test(`${type}: TRACE from a disallowed origin without Sec-Fetch-Site (older browsers) gets a 403 and the handler is not called`, async () => {
      const event = crossSite(fixture(actual), EVIL, undefined);
      setMethod(event, "TRACE");
      const { result, calls } = await run(event);
      expect(result.statusCode).toBe(403);
      expect(calls).toHaveLength(0);
    });

    test(`${type}: TRACE and "PO ST" from an allowed origin reach the handler once, whose answer gets the CORS headers`, async () => {
      for (const method of ["TRACE", "PO ST"]) {
        const event = crossSite(fixture(actual), ALLOWED);
        setMethod(event, method);
        const { result, calls, request } = await run(event);
        expect(calls).toHaveLength(1);
        expect(calls[0]!.event).toBe(event); // the handler gets the original event, real method included
        expect(result.statusCode).toBe(200);
        expect(corsOf(result)["access-control-allow-origin"]).toBe(ALLOWED);
        expect(request?.method).toBe(UNREPRESENTABLE_METHOD);
      }
    });

    test(`${type}: a same-origin TRACE reaches the handler once (same-origin requests are not the guard's concern)`, async () => {
      const event = crossSite(fixture(actual), EVIL, "same-origin");
      setMethod(event, "TRACE");
      const { result, calls } = await run(event);
      expect(calls).toHaveLength(1);
      expect(result.statusCode).toBe(200);
    });

    test(`${type}: "OPTIONS\\r\\n" with Access-Control-Request-Method is not answered as a preflight, even from an allowed origin`, async () => {
      const event = fixture(preflight);
      setMethod(event, "OPTIONS\r\n");
      const { result, calls } = await run(event);
      expect(calls).toHaveLength(1);
      expect(result.statusCode).toBe(200);
      expect(corsOf(result)["access-control-allow-methods"]).toBeUndefined();
    });
  }

  test("an unsafe placeholder, not GET, stands in for the method (a token Fetch accepts, none of GET, HEAD, OPTIONS)", () => {
    expect(new Request("https://x/", { method: UNREPRESENTABLE_METHOD }).method).toBe(UNREPRESENTABLE_METHOD);
    expect(["GET", "HEAD", "OPTIONS"]).not.toContain(UNREPRESENTABLE_METHOD.toUpperCase());
  });

  for (const { type, actual } of STREAMED) {
    test(`streaming, ${type}: TRACE and "PO ST" from a disallowed origin stream a 403 and the handler is not called`, async () => {
      for (const method of ["TRACE", "PO ST"]) {
        const event = crossSite(fixture(actual));
        setMethod(event, method);
        const { sent, received } = await runStreaming(event, { origins: [ALLOWED], credentials: true });
        expect(sent.metadata?.["statusCode"]).toBe(403);
        expect(received).toHaveLength(0);
      }
    });

    test(`streaming, ${type}: TRACE from an allowed origin reaches the handler once, with the placeholder method and the body`, async () => {
      const event = crossSite(fixture(actual), ALLOWED);
      setMethod(event, "TRACE");
      event.body = "payload";
      event.isBase64Encoded = false;
      const { sent, received } = await runStreaming(event, { origins: [ALLOWED], credentials: true });
      expect(received).toHaveLength(1);
      expect(received[0]!.method).toBe(UNREPRESENTABLE_METHOD);
      expect(await received[0]!.text()).toBe("payload");
      expect(sent.metadata?.["statusCode"]).toBe(200);
      expect(sent.metadata?.["headers"]["access-control-allow-origin"]).toBe(ALLOWED);
    });
  }
});

// (Surrounding whitespace is not among them: the Headers class trims it, leaving a valid host.)
const BAD_HOSTS = [
  "x/hook?", "x/hook#", "x/hook", "x?", "x#", "user@x", "x\\hook", "x hook", "x\thook", "x:99999", "x:8o", "a, b", "[::1", "x/", "",
];

describe("§6 the URL's path is always the event's: a Host that is not a host[:port] is not used", () => {
  for (const { type, actual } of EVENT_TYPES) {
    test.each(BAD_HOSTS)(`${type}: Host %j leaves the path as the event gives it and falls back to the domain name or a placeholder host`, async (host) => {
      const event = fixture(actual);
      setHeader(event, "host", host);
      setPath(event, "/y");
      const { request } = await run(event);
      const url = new URL(request!.url);
      expect(url.pathname).toBe("/y");
      expect(url.host).toBe(event.requestContext?.domainName ?? "localhost");
    });

    test(`${type}: Host "x/hook?" does not make a cross-site POST to /y look like the exempt path /hook (403, handler not called)`, async () => {
      const event = crossSite(fixture(actual));
      setMethod(event, "POST");
      setHeader(event, "host", "x/hook?");
      setPath(event, "/y");
      const { result, calls } = await run(event, { crossOriginProtection: { exemptPaths: ["/hook"] } });
      expect(result.statusCode).toBe(403);
      expect(calls).toHaveLength(0);
    });

    test(`${type}: the exempt path itself, with a hostile Host, still goes on to the handler once`, async () => {
      const event = crossSite(fixture(actual));
      setMethod(event, "POST");
      setHeader(event, "host", "x/hook?");
      setPath(event, "/hook");
      const { result, calls } = await run(event, { crossOriginProtection: { exemptPaths: ["/hook"] } });
      expect(result.statusCode).toBe(200);
      expect(calls).toHaveLength(1);
    });

    test(`${type}: corsRoutes chooses by the event's path, not by a path smuggled in the Host`, async () => {
      const routes = corsRoutes([
        ["/hook", { origins: "*" }],
        ["/y", { origins: [ALLOWED], credentials: true }],
      ]);
      const event = crossSite(fixture(actual));
      setMethod(event, "POST");
      setHeader(event, "host", "x/hook?");
      setPath(event, "/y");
      const { handler, calls } = recordingHandler(OK);
      const result: AnyResult = await withCors(handler, routes)(event, CONTEXT);
      expect(result.statusCode).toBe(403);
      expect(calls).toHaveLength(0);
      expect(corsOf(result)["access-control-allow-origin"]).toBeUndefined();
    });

    test.each(["api.example.com", "api.example.com:8443", "127.0.0.1:3000", "[::1]:8080", "my_host.internal"])(
      `${type}: a valid Host %j is kept`,
      async (host) => {
        const event = fixture(actual);
        setHeader(event, "host", host);
        setPath(event, "/y");
        const { request } = await run(event);
        const url = new URL(request!.url);
        expect(url.host).toBe(host);
        expect(url.pathname).toBe("/y");
      },
    );
  }

  test("a domainName that is not a host is not used either", async () => {
    const event = fixture("http-api-actual");
    deleteHeader(event, "host");
    event.requestContext.domainName = "x/hook?";
    event.rawPath = "/y";
    const { request } = await run(event);
    expect(request!.url).toBe("https://localhost/y?tag=a&tag=b&note=caf%C3%A9");
  });

  const decodedPaths = [
    { label: "a ?", path: "/hook?x" },
    { label: "a #", path: "/hook#x" },
    { label: "a backslash", path: "/hook\\x" },
    { label: "a newline, which the URL parser would drop", path: "/ho\nok" },
    { label: "a trailing NUL, which the URL parser would drop", path: "/hook\u0000" },
    { label: "a trailing space", path: "/hook " },
  ];
  for (const { type, actual } of EVENT_TYPES.filter((t) => !t.actual.startsWith("http") && !t.actual.startsWith("function"))) {
    test.each(decodedPaths)(`${type}: a decoded path holding $label stays one path, not the exempt /hook (403, handler not called)`, async ({ path }) => {
      const event = crossSite(fixture(actual));
      setMethod(event, "POST");
      setPath(event, path);
      const { result, calls, request } = await run(event, { crossOriginProtection: { exemptPaths: ["/hook", "/hook/x", "/hoook"] } });
      expect(result.statusCode).toBe(403);
      expect(calls).toHaveLength(0);
      expect(new URL(request!.url).pathname).not.toMatch(/^\/(hook|hook\/x|hoook)$/);
    });
  }

  for (const { type, actual } of STREAMED) {
    test(`streaming, ${type}: Host "x/hook?" does not exempt a cross-site POST to /y (403, handler not called)`, async () => {
      const event = crossSite(fixture(actual));
      setMethod(event, "POST");
      setHeader(event, "host", "x/hook?");
      setPath(event, "/y");
      const options = { origins: [ALLOWED], credentials: true, crossOriginProtection: { exemptPaths: ["/hook"] } };
      const { sent, received } = await runStreaming(event, options);
      expect(sent.metadata?.["statusCode"]).toBe(403);
      expect(received).toHaveLength(0);
    });

    test(`streaming, ${type}: the handler's request has the event's path and a usable host`, async () => {
      const event = crossSite(fixture(actual), ALLOWED);
      setHeader(event, "host", "x/hook?");
      setPath(event, "/y");
      const { received } = await runStreaming(event, { origins: [ALLOWED], credentials: true });
      expect(received).toHaveLength(1);
      const url = new URL(received[0]!.url);
      expect(url.pathname).toBe("/y");
      expect(url.host).toBe(event.requestContext.domainName);
    });
  }
});
