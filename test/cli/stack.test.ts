// The server's stack, recognised from Server, X-Powered-By and Via and from default error pages.
import { describe, expect, it } from "vitest";
import type { ReceivedResponse } from "../../cli/network.ts";
import { detectStacks } from "../../cli/stack.ts";

function response(headers: Record<string, string>, body = "", status = 200): ReceivedResponse {
  return { status, statusText: "", headers, body };
}

const stacks = (...responses: ReceivedResponse[]) => detectStacks(responses).map((guess) => guess.stack);

describe("each stack by its own marks", () => {
  it.each([
    ["nginx by Server", response({ server: "nginx/1.22.1" }), "nginx", "server: nginx/1.22.1"],
    ["nginx by its error page", response({}, "<html><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>", 404), "nginx", "nginx's error page"],
    ["Apache by Server", response({ server: "Apache/2.4.71 (Debian)" }), "apache", "server: Apache/2.4.71 (Debian)"],
    ["Apache by its error page", response({}, "<hr>\n<address>Apache/2.4.71 (Debian) Server at 127.0.0.1 Port 8080</address>", 404), "apache", "Apache's error page"],
    ["Caddy", response({ server: "Caddy" }), "caddy", "server: Caddy"],
    ["Express by X-Powered-By", response({ "x-powered-by": "Express" }), "express", "x-powered-by: Express"],
    ["Express by its 404 page", response({ "content-type": "text/html; charset=utf-8" }, "<pre>Cannot OPTIONS /api/items</pre>", 404), "express", 'Express\'s "Cannot <METHOD> <path>" page'],
    ["Fastify by its 404 answer", response({ "content-type": "application/json; charset=utf-8" }, '{"message":"Route OPTIONS:/api/items not found","error":"Not Found","statusCode":404}', 404), "fastify", "Fastify's \"Route <METHOD>:<path> not found\" answer"],
    ["Fastify by its keep-alive default", response({ "keep-alive": "timeout=72" }), "fastify", "keep-alive: timeout=72"],
    ["Koa by its plain status page", response({ "content-type": "text/plain; charset=utf-8" }, "Not Found", 404), "koa", "Koa's plain-text status page"],
    ["Hono by its 404", response({ "content-type": "text/plain; charset=UTF-8" }, "404 Not Found", 404), "hono", "Hono's plain-text status page"],
    ["Flask by Werkzeug", response({ server: "Werkzeug/2.2.2 Python/3.11.2" }), "flask", "server: Werkzeug/2.2.2 Python/3.11.2"],
    ["Django by runserver and its security headers", response({ server: "WSGIServer/0.2 CPython/3.11.2", "x-frame-options": "DENY" }), "django", "server: WSGIServer/0.2 CPython/3.11.2 with x-frame-options: DENY"],
    ["Django by its debug page", response({}, "<title>Page not found at /api/items</title>", 404), "django", "Django's error page"],
    ["Django by its CSRF cookie", response({ "set-cookie": "csrftoken=abc; Path=/" }), "django", "set-cookie: csrftoken=abc; Path=/"],
    ["Cloudflare by Server", response({ server: "cloudflare", "cf-ray": "8a-AMS" }), "cloudflare", "server: cloudflare"],
    ["Cloudflare by CF-Ray", response({ "cf-ray": "8a-AMS" }), "cloudflare", "cf-ray: 8a-AMS"],
    ["API Gateway by its request id", response({ "x-amzn-requestid": "1-2-3" }), "api-gateway", "x-amzn-requestid: 1-2-3"],
    ["API Gateway (HTTP API)", response({ "apigw-requestid": "abc=" }), "api-gateway", "apigw-requestid: abc="],
    ["CloudFront by Via", response({ via: "1.1 abc.cloudfront.net (CloudFront)" }), "cloudfront", "via: 1.1 abc.cloudfront.net (CloudFront)"],
    ["CloudFront by its id", response({ "x-amz-cf-id": "xyz" }), "cloudfront", "x-amz-cf-id: xyz"],
  ])("%s", (_, answer, stack, evidence) => {
    expect(detectStacks([answer])).toEqual([expect.objectContaining({ stack, evidence })]);
  });
});

describe("several layers", () => {
  it("the app first, then the proxy, then the edge", () => {
    expect(stacks(response({ server: "nginx", via: "1.1 x.cloudfront.net (CloudFront)" }), response({ "x-powered-by": "Express" }))).toEqual(["express", "nginx", "cloudfront"]);
  });

  it("Koa's and Hono's weak marks give way to a stronger one", () => {
    expect(stacks(response({ server: "Werkzeug/2.2.2 Python/3.11.2", "content-type": "text/plain; charset=utf-8" }, "Not Found", 404))).toEqual(["flask"]);
  });

  it("Express's or Fastify's own plain status text is not taken for Koa", () => {
    expect(stacks(response({ "x-powered-by": "Express", "content-type": "text/plain; charset=utf-8" }, "Unauthorized", 401))).toEqual(["express"]);
    expect(stacks(response({ "keep-alive": "timeout=72", "content-type": "text/plain; charset=utf-8" }, "Unauthorized", 401))).toEqual(["fastify"]);
  });

  it("no mark, no guess", () => {
    expect(stacks(response({ "content-type": "application/json" }, '{"ok":true}'))).toEqual([]);
  });
});
