// Which software answered: read off the Server, X-Powered-By and Via headers and the signatures of
// default error pages, so that the fix for that stack can come first.
import type { ReceivedResponse } from "./network.ts";

export type StackId =
  | "express" | "fastify" | "koa" | "hono" | "flask" | "django"
  | "nginx" | "apache" | "caddy"
  | "cloudflare" | "api-gateway" | "cloudfront";

/** A stack the responses point to, and what showed it. */
export interface StackGuess {
  readonly stack: StackId;
  readonly name: string;
  /** e.g. `server: nginx/1.22.1`. */
  readonly evidence: string;
}

type Layer = "app" | "proxy" | "edge";

interface Signature {
  readonly stack: StackId;
  readonly name: string;
  readonly layer: Layer;
  /** The evidence, or null when the response does not show this stack. */
  readonly match: (response: ReceivedResponse) => string | null;
}

function header(response: ReceivedResponse, name: string): string {
  return response.headers[name] ?? "";
}

function headerMatch(name: string, pattern: RegExp): (response: ReceivedResponse) => string | null {
  return (response) => (pattern.test(header(response, name)) ? `${name}: ${header(response, name)}` : null);
}

function anyOf(...tests: ((response: ReceivedResponse) => string | null)[]): (response: ReceivedResponse) => string | null {
  return (response) => {
    for (const test of tests) {
      const evidence = test(response);
      if (evidence !== null) return evidence;
    }
    return null;
  };
}

function bodyMatch(pattern: RegExp, what: string): (response: ReceivedResponse) => string | null {
  return (response) => (pattern.test(response.body) ? what : null);
}

function hasHeader(...names: string[]): (response: ReceivedResponse) => string | null {
  return (response) => {
    const name = names.find((candidate) => candidate in response.headers);
    return name === undefined ? null : `${name}: ${header(response, name)}`;
  };
}

// Koa and Hono set no header of their own; their default status pages differ in the charset's case.
function plainStatusPage(charset: string, bodies: readonly string[], what: string): (response: ReceivedResponse) => string | null {
  return (response) => {
    const type = header(response, "content-type");
    const otherNodeFramework = "x-powered-by" in response.headers || header(response, "keep-alive") === "timeout=72";
    return type === `text/plain; charset=${charset}` && bodies.includes(response.body) && !otherNodeFramework ? what : null;
  };
}

const KOA_PAGES = ["Not Found", "Unauthorized", "Forbidden", "Method Not Allowed", "Internal Server Error", "Found"];
const HONO_PAGES = ["404 Not Found", "Unauthorized", "Internal Server Error"];

const SIGNATURES: readonly Signature[] = [
  { stack: "express", name: "Express", layer: "app", match: anyOf(headerMatch("x-powered-by", /^express$/i), bodyMatch(/<pre>Cannot [A-Z]+ \//, "Express's \"Cannot <METHOD> <path>\" page")) },
  {
    stack: "fastify", name: "Fastify", layer: "app",
    // Fastify keeps connections open for 72 s by default, where Node's own default is 5 s.
    match: anyOf(bodyMatch(/"message":"Route [A-Za-z]+:[^"]* not found"/, "Fastify's \"Route <METHOD>:<path> not found\" answer"), headerMatch("keep-alive", /^timeout=72$/)),
  },
  { stack: "flask", name: "Flask (Werkzeug)", layer: "app", match: headerMatch("server", /^werkzeug\//i) },
  {
    stack: "django", name: "Django", layer: "app",
    match: anyOf(
      (response) => (/^WSGIServer\//.test(header(response, "server")) && header(response, "x-frame-options") === "DENY"
        ? `server: ${header(response, "server")} with x-frame-options: DENY` : null),
      bodyMatch(/<title>Page not found at |You're seeing this error because you have <code>DEBUG = True/, "Django's error page"),
      headerMatch("set-cookie", /(^|, )csrftoken=/),
    ),
  },
  { stack: "koa", name: "Koa", layer: "app", match: plainStatusPage("utf-8", KOA_PAGES, "Koa's plain-text status page") },
  { stack: "hono", name: "Hono", layer: "app", match: plainStatusPage("UTF-8", HONO_PAGES, "Hono's plain-text status page") },
  { stack: "nginx", name: "nginx", layer: "proxy", match: anyOf(headerMatch("server", /^nginx\b/i), bodyMatch(/<center>nginx(\/[\d.]+)?<\/center>/, "nginx's error page")) },
  { stack: "apache", name: "Apache httpd", layer: "proxy", match: anyOf(headerMatch("server", /^apache\b/i), bodyMatch(/<address>Apache\/[\d.]+/, "Apache's error page")) },
  { stack: "caddy", name: "Caddy", layer: "proxy", match: headerMatch("server", /^caddy\b/i) },
  { stack: "api-gateway", name: "AWS API Gateway", layer: "edge", match: hasHeader("x-amzn-requestid", "x-amz-apigw-id", "apigw-requestid", "x-amzn-errortype") },
  { stack: "cloudfront", name: "Amazon CloudFront", layer: "edge", match: anyOf(headerMatch("via", /cloudfront/i), headerMatch("server", /^cloudfront$/i), hasHeader("x-amz-cf-id")) },
  { stack: "cloudflare", name: "Cloudflare", layer: "edge", match: anyOf(headerMatch("server", /^cloudflare$/i), hasHeader("cf-ray")) },
];

const LAYERS: readonly Layer[] = ["app", "proxy", "edge"];

/** The stacks these responses show, the application first, then proxies, then the edge. */
export function detectStacks(responses: readonly ReceivedResponse[]): StackGuess[] {
  const found: StackGuess[] = [];
  for (const layer of LAYERS) {
    for (const signature of SIGNATURES) {
      if (signature.layer !== layer) continue;
      for (const response of responses) {
        const evidence = signature.match(response);
        if (evidence === null) continue;
        found.push({ stack: signature.stack, name: signature.name, evidence });
        break;
      }
    }
  }
  // Koa's and Hono's pages are a weak sign: they count only when nothing else names the app.
  const apps = found.filter((guess) => SIGNATURES.find((s) => s.stack === guess.stack)?.layer === "app");
  if (apps.length > 1) return found.filter((guess) => guess.stack !== "koa" && guess.stack !== "hono");
  return found;
}
