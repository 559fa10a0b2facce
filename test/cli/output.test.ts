// The human report: what Chrome would print, the cause in one sentence, every problem, and the fix as snippets.
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/cli.ts";
import { listen, type NodeHandler } from "./helpers/loopback.ts";
import {
  ORIGIN, authBeforeCors, healthy, noAllowCredentials, noOptionsHandler, partialPreflight, redirectingPreflight, twoAllowOrigins,
} from "./helpers/scenarios.ts";

/** Allows every header with "*", which (by the Fetch Standard) does not cover Authorization. */
const wildcardHeaders: NodeHandler = (request, response) => {
  response.setHeader("access-control-allow-origin", ORIGIN);
  response.setHeader("access-control-allow-headers", "*");
  response.statusCode = request.method === "OPTIONS" ? 204 : 200;
  response.end();
};

async function human(handler: NodeHandler, ...args: string[]) {
  const server = await listen(handler);
  try {
    return { ...(await runInProcess(["check", `${server.url}/items`, "--origin", ORIGIN, ...args])), url: `${server.url}/items` };
  } finally {
    await server.close();
  }
}

describe("a blocked request", () => {
  it("shows the exchange, the verdict, Chrome's line, the cause, the problems and the fixes, in that order", async () => {
    const run = await human(noOptionsHandler(405), "-X", "PUT", "-H", "Content-Type: application/json");
    expect(run.status).toBe(1);
    const order = [
      "Preflight: sent, because method PUT is not CORS-safelisted",
      "  > access-control-request-headers: content-type",
      "  < 405 Method Not Allowed",
      "  < allow: GET, POST",
      "  < (no Access-Control-* headers)",
      "Actual request: not sent (the preflight failed",
      "BLOCKED: a browser refuses this request.",
      "Chrome would print:",
      `  Access to fetch at '${run.url}' from origin '${ORIGIN}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
      "Cause: The preflight (OPTIONS) was answered with status 405",
      "Problems (4):",
      "  error   preflight-status",
      "  error   missing-allow-origin",
      "Fix: Add CORS handling that answers OPTIONS preflights",
      "  fetch-cors:",
      'const policy = corsPolicy({ origins: ["https://app.example.com"], methods: ["PUT"], requestHeaders: ["content-type"], maxAge: 7200 });',
      "  Express (cors package):",
      "app.use(cors({",
      "  nginx:",
      "if ($request_method = OPTIONS) {",
      "  AWS API Gateway:",
      "aws apigatewayv2 update-api",
    ];
    let at = 0;
    for (const text of order) {
      const found = run.stdout.indexOf(text, at);
      expect(found, text).toBeGreaterThanOrEqual(at);
      at = found + text.length;
    }
  });

  it("tells API Gateway users to take the authorizer off OPTIONS for a 401/403 preflight", async () => {
    const run = await human(authBeforeCors(403, false), "-X", "PUT");
    expect(run.stdout).toContain("set the OPTIONS method's authorization to NONE");
  });

  it("tells nginx users to hide the upstream copy of a duplicated header", async () => {
    const run = await human(twoAllowOrigins);
    expect(run.stdout).toContain("proxy_hide_header Access-Control-Allow-Origin;");
  });

  it("shows the fetch() change first for a method written in the wrong case", async () => {
    const run = await human(partialPreflight("PATCH", ""), "-X", "patch");
    expect(run.stdout).toContain("  warning method-case");
    expect(run.stdout.indexOf('fetch(url, { method: "PATCH" })')).toBeLessThan(run.stdout.indexOf("  fetch-cors:"));
  });

  it("offers no configuration for a server that cannot be reached, only what to check", async () => {
    const server = await listen(healthy());
    await server.close();
    const run = await runInProcess(["check", `${server.url}/`, "--origin", ORIGIN]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("  < (no response)");
    expect(run.stdout).toContain("net::ERR_CONNECTION_REFUSED");
    expect(run.stdout).toContain("Fix: Check the URL, the port and that the server is up");
    expect(run.stdout).not.toContain("  fetch-cors:");
  });

  it("offers no configuration for a redirected preflight: the fix is the URL", async () => {
    const run = await human(redirectingPreflight("https://api.example.com/items/"), "-X", "PUT");
    expect(run.stdout).toContain("Fix: Send the request to the final URL (https://api.example.com/items/) directly");
    expect(run.stdout).not.toContain("  fetch-cors:");
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

  it("says the Fetch Standard blocks what Chrome still lets through (* covering Authorization)", async () => {
    const run = await human(wildcardHeaders, "-H", "Authorization: Bearer t");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("Chrome and Firefox still let this through");
    expect(run.stdout).not.toContain("Chrome would print:");
  });

  it("shows no fetch() change when the page already writes the method in capitals", async () => {
    const run = await human(partialPreflight("patch", ""), "-X", "PATCH");
    expect(run.stdout).toContain("  warning method-case");
    expect(run.stdout).not.toContain("the calling page:");
  });

  it("notes that fetch() sends a lowercase custom method as written", async () => {
    const run = await human(partialPreflight("PATCH", ""), "-X", "patch");
    expect(run.stdout).toContain("fetch() sends the method patch exactly as written");
  });
});

describe("an allowed request", () => {
  it("says so, with how long the preflight is cached, and no fixes", async () => {
    const run = await human(healthy(), "-X", "DELETE", "--send");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("ALLOWED: a browser lets the page read the response.");
    expect(run.stdout).toContain("The browser may reuse this preflight for 7200 s.");
    expect(run.stdout).not.toContain("Problems");
  });

  it("without --send, says only the preflight was checked", async () => {
    const run = await human(healthy(), "-X", "DELETE");
    expect(run.stdout).toContain("ALLOWED (preflight only)");
    expect(run.stdout).toContain("pass --send");
  });

  it("lists warnings without blocking", async () => {
    const run = await human(healthy({ maxAge: 80000 }), "-X", "DELETE");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("  warning max-age-capped");
  });
});
