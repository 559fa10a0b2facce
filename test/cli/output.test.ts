// The human report: at most 25 lines with the answers' Server and Content-Type, the verdict, what
// Chrome prints, the root cause and the fix for the server's own stack (the rest with --all-fixes).
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/cli.ts";
import { listen, type NodeHandler } from "./helpers/loopback.ts";
import {
  ORIGIN, actualWithoutAllowOrigin, authBeforeCors, healthy, htmlErrorPage, noAllowCredentials, noOptionsHandler,
  partialPreflight, redirectingPreflight, twoAllowOrigins, wildcardWithCredentials,
} from "./helpers/scenarios.ts";

/** Allows every header with "*", which (by the Fetch Standard) does not cover Authorization. */
const wildcardHeaders: NodeHandler = (request, response) => {
  response.setHeader("access-control-allow-origin", ORIGIN);
  response.setHeader("access-control-allow-headers", "*");
  response.statusCode = request.method === "OPTIONS" ? 204 : 200;
  response.end();
};

/** nginx's own 405 for OPTIONS on a static location. */
const nginx405: NodeHandler = (request, response) => {
  response.statusCode = request.method === "OPTIONS" ? 405 : 200;
  response.setHeader("server", "nginx/1.22.1");
  response.setHeader("content-type", "text/html");
  response.end("<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n");
};

async function human(handler: NodeHandler, ...args: string[]) {
  const server = await listen(handler);
  try {
    return { ...(await runInProcess(["check", `${server.url}/api/items`, "--origin", ORIGIN, ...args])), url: `${server.url}/api/items` };
  } finally {
    await server.close();
  }
}

function inOrder(text: string, parts: readonly string[]): void {
  let at = 0;
  for (const part of parts) {
    const found = text.indexOf(part, at);
    expect(found, part).toBeGreaterThanOrEqual(at);
    at = found + part.length;
  }
}

describe("a blocked request", () => {
  it("shows the answer, the verdict, Chrome's line, the cause, the fix and one snippet, in that order", async () => {
    const run = await human(nginx405, "-X", "PUT", "-H", "Content-Type: application/json");
    expect(run.status).toBe(1);
    inOrder(run.stdout, [
      `PUT ${run.url} from origin ${ORIGIN}`,
      "Preflight: OPTIONS, because method PUT is not CORS-safelisted",
      "  < 405 Method Not Allowed · server: nginx/1.22.1 · content-type: text/html · no Access-Control-* headers",
      "  < body: <html> <head><title>405 Not Allowed</title></head>",
      "BLOCKED: Chromium and Firefox refuse this request. Chrome would print:",
      `  Access to fetch at '${run.url}' from origin '${ORIGIN}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
      "Cause [preflight-status]: The preflight (OPTIONS) was answered with status 405",
      "Also: missing-allow-origin; method-not-allowed; header-not-allowed",
      "Fix: Add CORS handling that answers OPTIONS preflights",
      "nginx (detected from server: nginx/1.22.1):",
      "  location /api/ {",
      "For fetch-cors, Express (cors package), AWS API Gateway, Apache httpd and 8 more: --all-fixes.",
    ]);
    expect(run.stdout).not.toContain("app.use(cors(");
  });

  it("without a recognised server, shows the fetch-cors fix and names the others", async () => {
    const run = await human(noOptionsHandler(405), "-X", "PUT");
    inOrder(run.stdout, ["fetch-cors (no server software recognised):", "corsPolicy(", "For Express (cors package), nginx, AWS API Gateway, Apache httpd and 8 more: --all-fixes."]);
  });

  it("--all-fixes shows every stack's snippet", async () => {
    const run = await human(noOptionsHandler(405), "-X", "PUT", "--all-fixes");
    for (const title of ["fetch-cors", "Express (cors package)", "nginx", "AWS API Gateway", "Apache httpd", "Fastify (@fastify/cors)", "Koa (@koa/cors)", "Hono (hono/cors)", "Flask (flask-cors)", "Django (middleware)", "Caddy", "Cloudflare (a Worker with fetch-cors)", "Amazon CloudFront"]) {
      expect(run.stdout).toContain(`\n${title}`);
    }
    expect(run.stdout).not.toContain("--all-fixes.");
  });

  it("a 200 HTML page answering the preflight is named as such, its content type shown", async () => {
    const run = await human(htmlErrorPage, "-X", "PUT");
    expect(run.stdout).toContain("  < 200 OK · content-type: text/html · no Access-Control-* headers");
    expect(run.stdout).toContain("The answer is an HTML page (200, content-type: text/html), not your API's: probably a fallback");
    expect(run.stdout).toContain("Fix: Route /api/items to the API");
  });

  it("shows the fetch() change first for a method written in the wrong case", async () => {
    const run = await human(partialPreflight("PATCH", ""), "-X", "patch");
    expect(run.stdout).toContain('Fix: Write method: "PATCH" in the fetch() call');
    inOrder(run.stdout, ["In the calling page:", 'fetch(url, { method: "PATCH" })', "fetch-cors"]);
    // The server is right to expect PATCH: no snippet adds the lowercase name.
    expect(run.stdout.slice(run.stdout.indexOf("In the calling page:"))).not.toContain('"patch"');
  });

  it("offers no configuration for a server that cannot be reached, only what to check", async () => {
    const server = await listen(healthy());
    await server.close();
    const run = await runInProcess(["check", `${server.url}/`, "--origin", ORIGIN]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("  < no response");
    expect(run.stdout).toContain("net::ERR_CONNECTION_REFUSED");
    expect(run.stdout).toContain("Fix: Check the URL, the port and that the server is up");
    expect(run.stdout).not.toContain("corsPolicy(");
  });

  it("offers no configuration for a redirected preflight: the fix is the URL", async () => {
    const run = await human(redirectingPreflight("https://api.example.com/items/"), "-X", "PUT");
    expect(run.stdout).toContain("Fix: Send the request to the final URL (https://api.example.com/items/) directly");
    expect(run.stdout).not.toContain("corsPolicy(");
  });

  it("says when fetch-cors refuses what the request needs, instead of a snippet that would throw", async () => {
    const server = await listen(noAllowCredentials);
    try {
      const run = await runInProcess(["check", `${server.url}/items`, "--origin", "null", "--credentials"]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain("// corsPolicy() refuses this on purpose:");
      expect(run.stdout).toContain('//   origins: "null" with credentials: true would trust every sandboxed iframe');
    } finally {
      await server.close();
    }
  });

  it("leaves a request's own Access-Control-* header out of the snippets", async () => {
    const run = await human(partialPreflight("GET", ""), "-H", "Access-Control-Allow-Origin: *", "-H", "X-Api-Key: k");
    expect(run.stdout).toContain('requestHeaders: ["x-api-key"]');
    expect(run.stdout).not.toContain('"access-control-allow-origin"');
  });
});

describe("where the browsers are laxer than the Fetch Standard", () => {
  it('* covering Authorization: exit 0, a warning, and the fix that lists authorization', async () => {
    const run = await human(wildcardHeaders, "-H", "Authorization: Bearer t");
    expect(run.status).toBe(0);
    inOrder(run.stdout, [
      "ALLOWED by Chromium and Firefox today, but the Fetch Standard blocks it (and Chrome has deprecated what it relies on).",
      "Warning [header-not-allowed]: Access-Control-Allow-Headers \"*\" does not cover authorization",
      'Fix: Add authorization to Access-Control-Allow-Headers (e.g. "*, authorization").',
      'requestHeaders: ["*", "authorization"]',
    ]);
    expect(run.stdout).not.toContain("Chrome would print:");
  });
});

describe("the report fits in 25 lines", () => {
  const cases: [string, NodeHandler, string[]][] = [
    ["a bare 405 with credentials and headers", nginx405, ["-X", "PUT", "-H", "Content-Type: application/json", "-H", "Authorization: t", "-H", "X-Api-Key: k", "--credentials"]],
    ["auth before CORS", authBeforeCors(401, false), ["-X", "DELETE", "-H", "Authorization: t", "--credentials"]],
    ["two Access-Control-Allow-Origin values", twoAllowOrigins, ["--credentials", "-H", "Cookie: a=1"]],
    ["* with credentials", wildcardWithCredentials, ["-X", "PUT", "--credentials"]],
    ["a lowercase method and a dropped header", partialPreflight("PATCH", ""), ["-X", "patch", "-H", "Host: x", "-H", "Accept"]],
    ["an actual response without the header", actualWithoutAllowOrigin, ["-H", "X-Api-Key: k"]],
    ["a 200 HTML fallback", htmlErrorPage, ["-X", "PUT", "-H", "X-Api-Key: k", "--credentials"]],
  ];
  it.each(cases)("%s", async (_, handler, args) => {
    const run = await human(handler, ...args);
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().split("\n").length).toBeLessThanOrEqual(25);
    expect(run.stdout).toContain("Fix: ");
  });
});

describe("an allowed request", () => {
  it("says so, with how long the preflight is cached, and no fixes", async () => {
    const run = await human(healthy(), "-X", "DELETE", "--send");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("ALLOWED: a browser lets the page read the response.");
    expect(run.stdout).toContain("The browser may reuse this preflight for 7200 s.");
    expect(run.stdout).not.toContain("Fix:");
  });

  it("without --send, says only the preflight was checked", async () => {
    const run = await human(healthy(), "-X", "DELETE");
    expect(run.stdout).toContain("ALLOWED (preflight only)");
    expect(run.stdout).toContain("pass --send");
  });

  it("lists warnings without blocking", async () => {
    const run = await human(healthy({ maxAge: 80000 }), "-X", "DELETE");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Warnings: max-age-capped (warning: Access-Control-Max-Age is 80000 seconds");
  });
});
