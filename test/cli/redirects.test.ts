// Redirects: followed hop by hop as a browser follows them (Origin tainted to "null" between two other
// origins, Authorization dropped), the ones a browser refuses, and the fix for a redirect to sign in.
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/cli.ts";
import { listen } from "./helpers/loopback.ts";
import { codes, diagnose, type Report } from "./helpers/report.ts";
import { ORIGIN, corsRedirect, credentialedRedirect, recording } from "./helpers/scenarios.ts";

describe("redirects of the actual request are followed as a browser follows them", () => {
  it("checks every hop, and a hop between two other origins sends Origin: null", async () => {
    const final = recording((request, response) => {
      response.setHeader("access-control-allow-origin", request.headers.origin ?? "");
      response.end("ok");
    });
    const target = await listen(final.handler);
    try {
      const { status, report } = await diagnose(corsRedirect(`${target.url}/final`), [], "/start");
      expect(status).toBe(0);
      expect(report.allowed).toBe(true);
      expect(report.actual.hops.map((hop) => hop.response?.status)).toEqual([302, 200]);
      expect(final.requests[0]?.headers.origin).toBe("null");
    } finally {
      await target.close();
    }
  });

  it("blocks when a redirect response lacks CORS headers, naming the redirect in Chrome's message", async () => {
    const { status, report } = await diagnose((request, response) => {
      if (request.url === "/start") {
        response.statusCode = 301;
        response.setHeader("location", "/final");
        response.end();
        return;
      }
      response.setHeader("access-control-allow-origin", ORIGIN);
      response.end();
    }, [], "/start");
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["missing-allow-origin"]);
    expect(report.actual.hops).toHaveLength(1);
  });
});

describe("a redirect the browser refuses to follow", () => {
  it.each([
    ["to a URL with credentials", "http://user:secret@127.0.0.1:1/x", "is given with a user name or password", "Redirect location '' contains a username and password, which is disallowed for cross-origin requests."],
    ["to another scheme", "ftp://files.example.com/x", "ftp: is not an HTTP(S) URL", "Access to fetch at 'ftp://files.example.com/x' (redirected from "],
    ["to a data: URL", "data:text/plain,hi", "data: is not an HTTP(S) URL", " net::ERR_UNSAFE_REDIRECT"],
  ])("%s: redirect-refused, in Chromium's words", async (_, location, message, chrome) => {
    const { status, report } = await diagnose(corsRedirect(location), []);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["redirect-refused"]);
    expect(report.problems[0]?.message).toContain(message);
    expect(report.console).toContain(chrome);
  });

  it("does not repeat the password of a redirect target in its own words", async () => {
    const { report } = await diagnose(corsRedirect("http://user:secret@127.0.0.1:1/x"), []);
    expect(report.problems[0]?.message).not.toContain("secret");
    expect(report.console).not.toContain("secret");
  });

  it("after 20 redirects: redirect-refused with net::ERR_TOO_MANY_REDIRECTS, after 21 requests", async () => {
    const recorded = recording(corsRedirect("/items"));
    const { status, report, url } = await diagnose(recorded.handler, []);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["redirect-refused"]);
    expect(recorded.requests).toHaveLength(21);
    expect(report.console).toBe(`GET ${url} net::ERR_TOO_MANY_REDIRECTS`);
  });
});

/** An API that sends requests without a session to a sign-in page on `login`. */
const signInRedirect = (login: string, corsHeaders: boolean) => recording(credentialedRedirect(login, corsHeaders));

describe("a request redirected to a sign-in page: answer 401 instead of redirecting", () => {
  it("a credentialed GET sent to another origin's sign-in page: the fix never allows the origin null", async () => {
    const loginPage = await listen((request, response) => {
      response.setHeader("content-type", "text/html");
      response.end("<form>sign in</form>");
    });
    try {
      const { status, report } = await diagnose(signInRedirect(`${loginPage.url}/login`, true).handler, ["--credentials"]);
      expect(status).toBe(1);
      expect(report.actual.hops[1]?.request?.headers.origin).toBe("null");
      expect(codes(report)[0]).toBe("missing-allow-origin");
      expect(report.problems[0]?.fix).toContain("Answer 401 instead of redirecting");
      expect(report.problems[0]?.fix).toContain("Origin: null, which no API should allow");
      for (const fix of report.fixes) expect(fix.text).not.toMatch(/Allow-Origin:? "?null|origins: \["null"\]/);
      expect(report.fixes.map((fix) => fix.stack)).toEqual(["any"]);
    } finally {
      await loginPage.close();
    }
  });

  it("a sign-in page on the API's own origin, without CORS headers: the same advice", async () => {
    const server = await listen((request, response) => {
      if (request.url === "/login") {
        response.setHeader("content-type", "text/html");
        response.end("<form>sign in</form>");
        return;
      }
      response.setHeader("access-control-allow-origin", ORIGIN);
      response.setHeader("access-control-allow-credentials", "true");
      response.statusCode = 302;
      response.setHeader("location", "/login");
      response.end();
    });
    try {
      const run = await runInProcess(["check", `${server.url}/items`, "--origin", ORIGIN, "--credentials", "--json"]);
      const report = JSON.parse(run.stdout) as Report;
      expect(run.status).toBe(1);
      expect(report.problems[0]?.message).toContain("After the redirect to");
      expect(report.problems[0]?.fix).toBe(`Answer 401 instead of redirecting to /login (the page can then send the user to sign in itself); or call the final URL directly.`);
    } finally {
      await server.close();
    }
  });

  it("a preflight redirected to sign in: answer it before authentication, and 401 instead of redirecting", async () => {
    const { status, report } = await diagnose(signInRedirect("/login?next=/items", false).handler, ["-X", "PUT", "-H", "Authorization: Bearer t"]);
    expect(status).toBe(1);
    expect(codes(report)[0]).toBe("preflight-redirect");
    expect(report.problems[0]?.fix).toContain("Answer preflights before the authentication that redirects them to /login?next=/items");
    expect(report.problems[0]?.fix).toContain("401 instead of redirecting");
    expect(report.fixes.find((fix) => fix.stack === "express")?.text).toContain("before your authentication");
    for (const fix of report.fixes) expect(fix.text).not.toContain("null");
  });

  it("a preflight redirected elsewhere (http to https): the fix is the URL, no configuration", async () => {
    const { report } = await diagnose(signInRedirect("https://api.example.com/items", false).handler, ["-X", "PUT"]);
    expect(report.problems[0]?.fix).toContain("Send the request to the final URL (https://api.example.com/items) directly");
    expect(report.fixes.map((fix) => fix.stack)).toEqual(["any"]);
  });
});
