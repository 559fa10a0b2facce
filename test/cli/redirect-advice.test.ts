// The fix for a failure after a redirect is worded for what failed: the CORS headers of the URL the
// browser was sent to, a redirect loop, a slow hop — and "answer 401 instead of redirecting" only
// when the redirect went to a sign-in page (or the preflight was redirected to one).
import type http from "node:http";
import { describe, expect, it } from "vitest";
import { listen } from "./helpers/loopback.ts";
import { codes, diagnose, fixFor } from "./helpers/report.ts";
import { ORIGIN, corsRedirect, recording } from "./helpers/scenarios.ts";

const SIGN_IN = "Answer 401 instead of redirecting";

/** `/slash` answers 301 to `/final-nocors/` with the CORS headers; `/final-nocors/` answers JSON from nginx, without them. */
function slashRedirect(request: http.IncomingMessage, response: http.ServerResponse): void {
  response.setHeader("server", "nginx/1.25.3");
  if (request.url === "/slash") {
    response.statusCode = 301;
    response.setHeader("access-control-allow-origin", ORIGIN);
    response.setHeader("vary", "Origin");
    response.setHeader("location", "/final-nocors/");
    response.end();
    return;
  }
  response.setHeader("content-type", "application/json");
  response.end('{"ok":true}');
}

describe("the final URL of a redirect lacks the CORS headers", () => {
  it("the fix is the final URL's CORS headers, with the stack's snippet, not a 401", async () => {
    const { status, report, url } = await diagnose(slashRedirect, [], "/slash");
    const final = new URL("/final-nocors/", url).href;
    expect(status).toBe(1);
    expect(report.actual.hops.map((hop) => hop.response?.status)).toEqual([301, 200]);
    expect(codes(report)).toEqual(["missing-allow-origin"]);
    const fix = report.problems[0]?.fix ?? "";
    expect(fix).not.toContain("401");
    expect(fix).toContain(`At ${final}, where the browser followed the redirect from ${url}`);
    expect(fix).toContain(`Access-Control-Allow-Origin: ${ORIGIN}`);
    expect(fix).toContain(`Calling ${final} directly also saves the redirect.`);
    expect(report.fixes[0]?.text).toBe(fix);
    expect(report.fixes.map((f) => f.stack).slice(0, 2)).toEqual(["any", "nginx"]);
    expect(fixFor(report, "nginx")).toContain("location /final-nocors {");
  });

  it("the snippets are those of a direct request to the final URL", async () => {
    const redirected = await diagnose(slashRedirect, [], "/slash");
    const direct = await diagnose(slashRedirect, [], "/final-nocors/");
    expect(codes(direct.report)).toEqual(["missing-allow-origin"]);
    expect(redirected.report.fixes.slice(1)).toEqual(direct.report.fixes.slice(1));
    expect(redirected.report.problems[0]?.fix).toContain(direct.report.problems[0]?.fix.replace(/^A/, "a") ?? "?");
  });

  it("a redirect to another origin (Origin: null on the next hop): call the final URL directly, never allow null", async () => {
    const target = await listen((request, response) => response.end("ok"));
    try {
      const { report } = await diagnose(corsRedirect(`${target.url}/data`), []);
      expect(codes(report)).toEqual(["missing-allow-origin"]);
      const fix = report.problems[0]?.fix ?? "";
      expect(fix).not.toContain("401");
      expect(fix).toContain(`Call ${target.url}/data directly`);
      expect(fix).toContain("Origin: null, which no API should allow");
      expect(report.fixes.map((f) => f.stack)).toEqual(["any"]);
    } finally {
      await target.close();
    }
  });
});

describe("a redirect chain the browser gives up on", () => {
  it("a redirect loop: fix the loop, not a 401", async () => {
    const { report, url } = await diagnose(corsRedirect("/items"), []);
    expect(codes(report)).toEqual(["redirect-refused"]);
    const fix = report.problems[0]?.fix ?? "";
    expect(fix).not.toContain("401");
    expect(fix).toContain(`Fix the redirect chain: ${url} is reached again and again (a redirect loop)`);
    expect(report.fixes.map((f) => f.stack)).toEqual(["any"]);
  });

  it("a chain longer than 20 redirects, without a loop: shorten it", async () => {
    const { report, url } = await diagnose((request, response) => {
      const n = Number(/\d+$/.exec(request.url ?? "")?.[0] ?? "0");
      corsRedirect(`/hop/${n + 1}`)(request, response);
    }, [], "/hop/0");
    expect(codes(report)).toEqual(["redirect-refused"]);
    expect(report.problems[0]?.fix).toContain(`the chain from ${url} is longer than the 20 redirects browsers follow`);
    expect(report.problems[0]?.fix).not.toContain("401");
  });

  it("a timeout on hop 3 of a slow chain: the slow hop, not a 401", async () => {
    const slow = recording((request, response) => {
      if (request.url === "/c") return; // never answers
      setTimeout(() => corsRedirect(request.url === "/a" ? "/b" : "/c")(request, response), 50);
    });
    const { status, report, url } = await diagnose(slow.handler, ["--timeout", "0.6"], "/a");
    const hop = new URL("/c", url).href;
    expect(status).toBe(1);
    expect(slow.requests.map((r) => r.url)).toEqual(["/a", "/b", "/c"]);
    expect(codes(report)).toEqual(["unreachable"]);
    expect(report.console).toContain("net::ERR_TIMED_OUT");
    const fix = report.problems[0]?.fix ?? "";
    expect(fix).not.toContain("401");
    expect(fix).toContain(`Make ${hop} (request 3 of the redirect chain from ${url}) answer sooner`);
    expect(report.fixes.map((f) => f.stack)).toEqual(["any"]);
  });
});

describe("a redirect to a sign-in page keeps its advice", () => {
  it.each([
    ["/login?next=/items", "/login?next=/items"],
    ["/oauth/authorize", "/oauth/authorize"],
  ])("without credentials, to %s: answer 401, no snippets", async (location, named) => {
    const { report } = await diagnose((request, response) => {
      if (request.url === "/items") {
        corsRedirect(location)(request, response);
        return;
      }
      response.setHeader("content-type", "text/html");
      response.end("<form>sign in</form>");
    }, []);
    expect(codes(report)[0]).toBe("missing-allow-origin");
    expect(report.problems[0]?.fix).toBe(`${SIGN_IN} to ${named} (the page can then send the user to sign in itself); or call the final URL directly.`);
    expect(report.fixes.map((f) => f.stack)).toEqual(["any"]);
  });

  it("after a first redirect elsewhere, names the sign-in redirect", async () => {
    const { report } = await diagnose((request, response) => {
      if (request.url === "/items") return corsRedirect("/items/")(request, response);
      if (request.url === "/items/") return corsRedirect("/signin")(request, response);
      response.end("<form>sign in</form>");
    }, []);
    expect(report.problems[0]?.fix).toBe(`${SIGN_IN} to /signin (the page can then send the user to sign in itself); or call the final URL directly.`);
  });
});
