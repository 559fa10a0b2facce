// The fixes check prints: snippets keep what the server already allows and add what is missing,
// name the page's change for a lowercase method, change a wrong value in place, and are valid.
import { describe, expect, it } from "vitest";
import { corsPolicy } from "../../src/index.ts";
import { fixesFor, type FixContext } from "../../cli/fixes/index.ts";
import { diagnose, fixFor } from "./helpers/report.ts";
import { ORIGIN, partialPreflight, twoAllowOrigins } from "./helpers/scenarios.ts";
import type { NodeHandler } from "./helpers/loopback.ts";

const CONTEXT: FixContext = {
  code: "method-not-allowed", origin: ORIGIN, methods: ["GET", "HEAD", "POST", "PUT"], headers: ["content-type", "x-api-key"],
  credentials: true, path: "/api/", sentOrigin: null, authFirst: false, pageMethod: null, afterRedirect: false,
};

describe("snippets keep what the server sends and add what is missing", () => {
  it("Access-Control-Allow-Methods GET, POST and a PUT: every snippet allows GET, POST and PUT", async () => {
    const { report } = await diagnose(partialPreflight("GET, POST, DELETE", "content-type, x-trace"), ["-X", "PUT", "-H", "X-Api-Key: k"]);
    expect(fixFor(report, "express")).toContain('methods: ["GET", "POST", "DELETE", "PUT"], allowedHeaders: ["content-type", "x-trace", "x-api-key"]');
    expect(fixFor(report, "nginx")).toContain('add_header Access-Control-Allow-Methods "GET, POST, DELETE, PUT" always;');
    expect(fixFor(report, "flask")).toContain('methods=["GET", "POST", "DELETE", "PUT"], allow_headers=["content-type", "x-trace", "x-api-key"]');
    expect(fixFor(report, "fetch-cors")).toContain('methods: ["DELETE", "PUT"], requestHeaders: ["content-type", "x-trace", "x-api-key"]');
  });

  it("without a list to keep, the common methods rather than the one request's", async () => {
    const bare: NodeHandler = (request, response) => {
      response.statusCode = request.method === "OPTIONS" ? 404 : 200;
      response.end();
    };
    const { report } = await diagnose(bare, ["-X", "DELETE"]);
    expect(fixFor(report, "koa")).toContain('allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]');
  });
});

describe("a wrong value is changed where it is set", () => {
  it("an origin with a trailing slash: the existing setup, with the right origin", async () => {
    const slash: NodeHandler = (request, response) => {
      response.setHeader("access-control-allow-origin", `${ORIGIN}/`);
      response.end();
    };
    const { report } = await diagnose(slash, []);
    expect(report.problems[0]?.fix).toBe(`Change the Access-Control-Allow-Origin value in your existing CORS configuration from "${ORIGIN}/" to "${ORIGIN}" (with Vary: Origin).`);
    expect(fixFor(report, "express")).toContain(`// In your existing CORS setup, change the origin to the page's exact one (it sends "${ORIGIN}/" now):`);
    expect(fixFor(report, "express")).not.toContain("before auth");
  });
});

describe("two values: the proxy drops one copy, and its fix comes first", () => {
  it("behind nginx", async () => {
    const proxied: NodeHandler = (request, response) => {
      response.setHeader("server", "nginx/1.22.1");
      response.setHeader("x-powered-by", "Express");
      twoAllowOrigins(request, response);
    };
    const { report } = await diagnose(proxied, []);
    expect(report.fixes.map((fix) => fix.stack).slice(0, 3)).toEqual(["any", "nginx", "express"]);
    expect(report.problems[0]?.fix).toBe("Set Access-Control-Allow-Origin in one place only: have nginx drop the app's copy (or stop adding its own).");
    expect(fixFor(report, "nginx")).toContain("proxy_hide_header Access-Control-Allow-Origin;");
  });
});

describe("where each snippet goes", () => {
  it("authentication in the way: before it", () => {
    const fixes = fixesFor("x", { ...CONTEXT, code: "preflight-status", authFirst: true }, []);
    expect(fixes.find((fix) => fix.stack === "express")?.text).toContain("// The first app.use(), before your authentication (a preflight carries no credentials):");
    expect(fixes.find((fix) => fix.stack === "flask")?.text).toContain("def answer_preflight():  # registered before your authentication hook");
    expect(fixes.find((fix) => fix.stack === "api-gateway")?.text).toContain("authorization to NONE");
  });

  it("nginx and Apache name the URL's first segment", () => {
    const fixes = fixesFor("x", CONTEXT, []);
    expect(fixes.find((fix) => fix.stack === "nginx")?.text).toMatch(/^location \/api\/ \{/);
    expect(fixes.find((fix) => fix.stack === "apache")?.text).toContain('<Location "/api/">');
    expect(fixes.find((fix) => fix.stack === "apache")?.text).toContain("RewriteRule ^/api/ - [R=204,L]");
  });

  it("with credentials, * is dropped from header lists (it is a literal name then)", () => {
    const fixes = fixesFor("x", { ...CONTEXT, headers: ["*", "authorization"] }, []);
    expect(fixes.find((fix) => fix.stack === "hono")?.text).toContain('allowHeaders: ["authorization"]');
  });
});

describe("the fetch-cors snippet is valid for corsPolicy()", () => {
  it.each([
    ["credentials and headers", CONTEXT],
    ["no credentials, * and authorization", { ...CONTEXT, credentials: false, headers: ["*", "authorization"] }],
    ["every common method", { ...CONTEXT, methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] }],
  ] as const)("%s", (_, context) => {
    const text = fixesFor("x", context, []).find((fix) => fix.stack === "fetch-cors")?.text ?? "";
    expect(text).not.toContain("refuses this on purpose");
    const literal = /corsPolicy\((\{.*\})\);/.exec(text)?.[1] ?? "";
    const options = new Function(`return (${literal});`)() as Parameters<typeof corsPolicy>[0];
    expect(() => corsPolicy(options)).not.toThrow();
  });
});
