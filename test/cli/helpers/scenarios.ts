// Servers that reproduce the CORS failures people meet in practice, and a healthy one built with fetch-cors.
import type http from "node:http";
import { corsPolicy, withCors } from "../../../src/index.ts";
import { fetchBridge, type NodeHandler } from "./loopback.ts";

export const ORIGIN = "https://app.example.com";

type Res = http.ServerResponse;

function preflightHeaders(response: Res, extra: Readonly<Record<string, string | string[]>> = {}): void {
  response.setHeader("access-control-allow-origin", ORIGIN);
  response.setHeader("vary", "Origin");
  for (const [name, value] of Object.entries(extra)) response.setHeader(name, value);
}

function json(response: Res, status = 200): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json");
  response.end('{"ok":true}');
}

/** A router without an OPTIONS route: 405 with Allow, or 404. The GET itself carries CORS headers. */
export const noOptionsHandler = (status: 404 | 405): NodeHandler => (request, response) => {
  if (request.method === "OPTIONS") {
    response.statusCode = status;
    if (status === 405) response.setHeader("allow", "GET, POST");
    response.end(status === 405 ? "Method Not Allowed" : "Not Found");
    return;
  }
  preflightHeaders(response);
  json(response);
};

/**
 * Authentication in front of CORS: the preflight (which carries no credentials) is refused.
 * With `corsFirst`, CORS headers are set before auth runs, so only the status is wrong.
 */
export const authBeforeCors = (status: 401 | 403, corsFirst: boolean): NodeHandler => (request, response) => {
  if (corsFirst) preflightHeaders(response, { "access-control-allow-methods": "GET, PUT", "access-control-allow-headers": "authorization" });
  if (request.headers.authorization === undefined) {
    response.statusCode = status;
    response.setHeader("www-authenticate", 'Bearer realm="api"');
    response.end("Unauthorized");
    return;
  }
  json(response);
};

/** A preflight answer that allows the origin but lists only `methods` and `headers`. */
export const partialPreflight = (methods: string, headers: string): NodeHandler => (request, response) => {
  preflightHeaders(response);
  if (request.method === "OPTIONS") {
    response.setHeader("access-control-allow-methods", methods);
    response.setHeader("access-control-allow-headers", headers);
    response.statusCode = 204;
    response.end();
    return;
  }
  json(response);
};

/** `Access-Control-Allow-Origin: *` together with `Access-Control-Allow-Credentials: true`. */
export const wildcardWithCredentials: NodeHandler = (request, response) => {
  response.setHeader("access-control-allow-origin", "*");
  response.setHeader("access-control-allow-credentials", "true");
  if (request.method === "OPTIONS") {
    response.setHeader("access-control-allow-methods", "GET, PUT");
    response.statusCode = 204;
    response.end();
    return;
  }
  json(response);
};

/** Echoes the origin but never says `Access-Control-Allow-Credentials: true`. */
export const noAllowCredentials: NodeHandler = (request, response) => {
  preflightHeaders(response);
  json(response);
};

/** A proxy and the app both add `Access-Control-Allow-Origin`: two fields on the wire. */
export const twoAllowOrigins: NodeHandler = (request, response) => {
  response.setHeader("access-control-allow-origin", [ORIGIN, ORIGIN]);
  json(response);
};

/** The preflight is redirected (http→https, or a missing trailing slash). */
export const redirectingPreflight = (location: string): NodeHandler => (request, response) => {
  if (request.method === "OPTIONS") {
    response.statusCode = 301;
    response.setHeader("location", location);
    response.end();
    return;
  }
  preflightHeaders(response);
  json(response);
};

/** A gateway answers everything, the preflight included, with a 200 HTML error page and no CORS headers. */
export const htmlErrorPage: NodeHandler = (request, response) => {
  response.statusCode = 200;
  response.setHeader("content-type", "text/html");
  response.end("<html><body><h1>Something went wrong</h1></body></html>");
};

/** The preflight is fine, but the actual response lacks `Access-Control-Allow-Origin`. */
export const actualWithoutAllowOrigin: NodeHandler = (request, response) => {
  if (request.method === "OPTIONS") {
    preflightHeaders(response, { "access-control-allow-methods": "GET, PUT", "access-control-allow-headers": "x-api-key" });
    response.statusCode = 204;
    response.end();
    return;
  }
  json(response);
};

/** Records the requests it gets, then answers like `inner`. */
export function recording(inner: NodeHandler): { handler: NodeHandler; requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[] } {
  const requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
  return {
    requests,
    handler: (request, response) => {
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers });
      inner(request, response);
    },
  };
}

/** A server whose CORS is done by fetch-cors (withCors), served through a fetch-to-node bridge. */
export function healthy(options: { maxAge?: number } = {}): NodeHandler {
  const policy = corsPolicy({
    origins: [ORIGIN],
    methods: ["PUT", "DELETE", "PATCH"],
    requestHeaders: ["content-type", "authorization", "x-api-key"],
    credentials: true,
    maxAge: options.maxAge ?? 7200,
  });
  return fetchBridge(withCors(() => Response.json({ ok: true }), policy));
}

/** Accepts the connection and never answers: the browser gives up after its timeout. */
export const neverAnswers: NodeHandler = () => undefined;

/** A simple request's response redirected to `location`, with the CORS headers the hop needs. */
export const corsRedirect = (location: string): NodeHandler => (request, response) => {
  response.statusCode = 302;
  response.setHeader("access-control-allow-origin", ORIGIN);
  response.setHeader("vary", "Origin");
  response.setHeader("location", location);
  response.end();
};

/** A credentialed API that redirects to `location`; with `corsHeaders`, the redirect carries what the hop needs. */
export const credentialedRedirect = (location: string, corsHeaders = true): NodeHandler => (request, response) => {
  if (corsHeaders) {
    response.setHeader("access-control-allow-origin", ORIGIN);
    response.setHeader("access-control-allow-credentials", "true");
    response.setHeader("vary", "Origin");
  }
  response.statusCode = 302;
  response.setHeader("location", location);
  response.end();
};
