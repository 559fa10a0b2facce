// `fetch-cors check <url>` against loopback servers that reproduce the usual CORS failures,
// calling the CLI's main function in-process (the child-process runs are in process.test.ts).
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/cli.ts";
import { listen } from "./helpers/loopback.ts";
import { codes, diagnose, type Report } from "./helpers/report.ts";
import {
  ORIGIN, actualWithoutAllowOrigin, authBeforeCors, healthy, htmlErrorPage, noAllowCredentials,
  noOptionsHandler, partialPreflight, recording, redirectingPreflight, twoAllowOrigins, wildcardWithCredentials,
} from "./helpers/scenarios.ts";

describe("no OPTIONS handler", () => {
  it("405: preflight-status, then missing-allow-origin; the actual request is not sent", async () => {
    const { status, report, url } = await diagnose(noOptionsHandler(405), ["-X", "PUT", "-H", "Content-Type: application/json"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["preflight-status", "missing-allow-origin", "method-not-allowed", "header-not-allowed"]);
    expect(report.actual).toMatchObject({ sent: false, hops: [] });
    expect(report.console).toBe(`Access to fetch at '${url}' from origin '${ORIGIN}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`);
  });

  it("404: preflight-status names the missing handler", async () => {
    const { status, report } = await diagnose(noOptionsHandler(404), ["-H", "X-Api-Key: k"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["preflight-status", "missing-allow-origin", "header-not-allowed"]);
    expect(report.problems[0]?.message).toContain("nothing on the server handles OPTIONS");
  });
});

describe("auth middleware answers the preflight", () => {
  it.each([401, 403] as const)("%i before CORS: preflight-status and missing-allow-origin", async (code) => {
    const { status, report } = await diagnose(authBeforeCors(code, false), ["-X", "PUT", "-H", "Authorization: Bearer t"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report).slice(0, 2)).toEqual(["preflight-status", "missing-allow-origin"]);
    expect(report.problems[0]?.message).toContain("authentication");
  });

  it("401 after CORS headers: only preflight-status, and Chrome says no ok status", async () => {
    const { status, report } = await diagnose(authBeforeCors(401, true), ["-X", "PUT", "-H", "Authorization: Bearer t"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["preflight-status"]);
    expect(report.console).toContain("It does not have HTTP ok status.");
  });
});

describe("a method or header the preflight does not allow", () => {
  it("missing method: method-not-allowed", async () => {
    const { status, report } = await diagnose(partialPreflight("GET, POST", ""), ["-X", "DELETE"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["method-not-allowed"]);
    expect(report.console).toContain("Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.");
  });

  it("missing Authorization: header-not-allowed", async () => {
    const { status, report } = await diagnose(partialPreflight("GET", "content-type"), ["-H", "Authorization: Bearer t"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["header-not-allowed"]);
    expect(report.console).toContain("Request header field authorization is not allowed");
  });

  it("content-type: application/json not allowed: header-not-allowed", async () => {
    const { status, report } = await diagnose(partialPreflight("POST", "authorization"), ["-X", "POST", "-H", "Content-Type: application/json"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["header-not-allowed"]);
    expect(report.preflight.request?.headers["access-control-request-headers"]).toBe("content-type");
  });

  it("a lowercase custom method: method-not-allowed with the method-case warning", async () => {
    const { status, report } = await diagnose(partialPreflight("GET, PATCH", ""), ["-X", "patch"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(report.problems.map((p) => [p.code, p.severity])).toEqual([["method-not-allowed", "error"], ["method-case", "warning"]]);
  });
});

describe("credentials", () => {
  it("* with credentials: wildcard-with-credentials", async () => {
    const { status, report } = await diagnose(wildcardWithCredentials, ["--credentials"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["wildcard-with-credentials"]);
  });

  it("missing Access-Control-Allow-Credentials: missing-allow-credentials", async () => {
    const { status, report } = await diagnose(noAllowCredentials, ["--credentials"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["missing-allow-credentials"]);
  });

  it("the same server passes without credentials", async () => {
    const { status, report } = await diagnose(noAllowCredentials, []);
    expect(status).toBe(0);
    expect(report.allowed).toBe(true);
  });
});

describe("two Access-Control-Allow-Origin values (proxy plus app)", () => {
  it("multiple-allow-origin", async () => {
    const { status, report } = await diagnose(twoAllowOrigins, []);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["multiple-allow-origin"]);
    expect(report.console).toContain("contains multiple values");
  });
});

describe("a redirect on the preflight", () => {
  it("preflight-redirect comes before anything else", async () => {
    const { status, report } = await diagnose(redirectingPreflight("https://api.example.com/items/"), ["-X", "PUT"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)[0]).toBe("preflight-redirect");
    expect(report.problems[0]?.fix).toContain("https://api.example.com/items/");
    expect(report.console).toContain("Redirect is not allowed for a preflight request.");
  });
});

describe("a 200 HTML error page without CORS headers", () => {
  it("answering the preflight: missing-allow-origin only (the status is ok)", async () => {
    const { status, report } = await diagnose(htmlErrorPage, ["-X", "PUT"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["missing-allow-origin", "method-not-allowed"]);
  });

  it("answering a simple GET: missing-allow-origin", async () => {
    const { status, report } = await diagnose(htmlErrorPage, []);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(report.preflight.needed).toBe(false);
    expect(codes(report)).toEqual(["missing-allow-origin"]);
  });
});

describe("an actual response without Access-Control-Allow-Origin", () => {
  it("the preflight passes and the actual response fails", async () => {
    const { status, report } = await diagnose(actualWithoutAllowOrigin, ["-H", "X-Api-Key: k"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(report.preflight).toMatchObject({ needed: true, sent: true });
    expect(report.actual.sent).toBe(true);
    expect(codes(report)).toEqual(["missing-allow-origin"]);
    expect(report.console).toContain("No 'Access-Control-Allow-Origin' header is present on the requested resource.");
  });
});

describe("a healthy server built with fetch-cors", () => {
  it("allows a simple GET (exit 0)", async () => {
    const { status, report } = await diagnose(healthy(), []);
    expect(status).toBe(0);
    expect(report).toMatchObject({ allowed: true, console: null, problems: [] });
  });

  it("allows a credentialed PUT with JSON and Authorization, preflight and actual", async () => {
    const { status, report } = await diagnose(healthy(), ["-X", "PUT", "-H", "Content-Type: application/json", "-H", "Authorization: Bearer t", "--credentials", "--send"]);
    expect(status).toBe(0);
    expect(report.allowed).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.preflight.response?.status).toBe(204);
    expect(report.actual.hops[0]?.response?.status).toBe(200);
  });

  it("sends only the preflight for a PUT without --send, and still allows it", async () => {
    const { status, report } = await diagnose(healthy(), ["-X", "PUT"]);
    expect(status).toBe(0);
    expect(report.allowed).toBe(true);
    expect(report.actual).toMatchObject({ sent: false });
    expect(report.actual.reason).toContain("--send");
  });

  it("blocks another origin: the preflight gets a 403 without CORS headers", async () => {
    const server = await listen(healthy());
    try {
      const run = await runInProcess(["check", `${server.url}/items`, "--origin", "https://evil.example", "-X", "DELETE", "--json"]);
      const report = JSON.parse(run.stdout) as Report;
      expect(run.status).toBe(1);
      expect(report.allowed).toBe(false);
      expect(codes(report)).toEqual(["preflight-status", "missing-allow-origin", "method-not-allowed"]);
    } finally {
      await server.close();
    }
  });

  it("warns that a max-age above 7200 is capped, and still exits 0", async () => {
    const { status, report } = await diagnose(healthy({ maxAge: 86400 }), ["-X", "PATCH"]);
    expect(status).toBe(0);
    expect(report.allowed).toBe(true);
    expect(report.problems.map((p) => [p.code, p.severity])).toEqual([["max-age-capped", "warning"]]);
  });
});

describe("the preflight is sent exactly as a browser sends it", () => {
  it("OPTIONS with Origin, the method, and lowercase sorted unsafe header names without spaces", async () => {
    const recorded = recording(healthy());
    await diagnose(recorded.handler, ["-X", "put", "-H", "X-Zeta: 1", "-H", "Content-Type: application/json", "-H", "Accept: text/html", "-H", "Authorization: t"]);
    const [preflight] = recorded.requests;
    expect(preflight?.method).toBe("OPTIONS");
    expect(preflight?.headers).toMatchObject({ origin: ORIGIN, "access-control-request-method": "PUT", "access-control-request-headers": "authorization,content-type,x-zeta", accept: "*/*" });
    expect(preflight?.headers.authorization).toBeUndefined();
    expect(recorded.requests).toHaveLength(1);
  });

  it("no preflight for a simple request: just the GET with Origin", async () => {
    const recorded = recording(healthy());
    await diagnose(recorded.handler, ["-H", "Accept-Language: en"]);
    expect(recorded.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(recorded.requests[0]?.headers.origin).toBe(ORIGIN);
  });

  it("never sends the actual request after a failed preflight, even with --send", async () => {
    const recorded = recording(noOptionsHandler(405));
    await diagnose(recorded.handler, ["-X", "DELETE", "--send"]);
    expect(recorded.requests.map((r) => r.method)).toEqual(["OPTIONS"]);
  });
});

describe("same origin", () => {
  it("needs no CORS: nothing is sent, exit 0", async () => {
    const recorded = recording(htmlErrorPage);
    const server = await listen(recorded.handler);
    try {
      const run = await runInProcess(["check", `${server.url}/x`, "--origin", server.url, "-X", "DELETE"]);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("same origin");
      expect(recorded.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("a request that sets a response header (Access-Control-Allow-Origin) itself", () => {
  it("needs a preflight only because of it; the fix is to remove it from the request", async () => {
    const { status, report } = await diagnose(partialPreflight("GET", ""), ["-H", "Access-Control-Allow-Origin: *"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(report.preflight.request?.headers["access-control-request-headers"]).toBe("access-control-allow-origin");
    expect(codes(report)).toEqual(["header-not-allowed"]);
    expect(report.problems[0]?.fix).toContain("Remove access-control-allow-origin from the request's headers");
    expect(report.notes.join(" ")).toContain("access-control-allow-origin is a response header");
  });
});

describe("a POST without a preflight", () => {
  it("is sent only with --send: once, with Origin, and its response is checked", async () => {
    const recorded = recording(actualWithoutAllowOrigin);
    const { status, report } = await diagnose(recorded.handler, ["-X", "POST", "-H", "Content-Type: text/plain", "--send"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["missing-allow-origin"]);
    expect(recorded.requests.map((r) => [r.method, r.headers.origin])).toEqual([["POST", ORIGIN]]);
  });

  it("passes with a healthy server", async () => {
    const { status, report } = await diagnose(healthy(), ["-X", "POST", "--send"]);
    expect(status).toBe(0);
    expect(report.allowed).toBe(true);
    expect(report.preflight.sent).toBe(false);
  });
});

describe("where Chromium and Firefox are laxer than the Fetch Standard, check follows the browsers", () => {
  const wildcardHeaders = partialPreflight("GET", "*");

  it("Access-Control-Allow-Headers: * covering Authorization: exit 0, a warning, both verdicts in --json", async () => {
    const { status, report } = await diagnose(wildcardHeaders, ["-H", "Authorization: Bearer t"]);
    expect(status).toBe(0);
    expect(report).toMatchObject({ allowed: true, allowedByBrowsers: true, allowedByFetchStandard: false, console: null });
    expect(report.problems).toEqual([expect.objectContaining({ code: "header-not-allowed", severity: "warning", browsersAllow: true })]);
    expect(report.problems[0]?.message).toContain("Chrome has deprecated it");
    // The browsers send the actual request after such a preflight, so check does too.
    expect(report.actual.sent).toBe(true);
    expect(report.fixes[0]?.text).toBe('Add authorization to Access-Control-Allow-Headers (e.g. "*, authorization").');
  });

  it("with credentials the browsers block it as well: exit 1, both verdicts blocked", async () => {
    const { status, report } = await diagnose(wildcardHeaders, ["-H", "Authorization: Bearer t", "--credentials"]);
    expect(status).toBe(1);
    expect(report).toMatchObject({ allowedByBrowsers: false, allowedByFetchStandard: false });
  });

  it("a healthy server: both verdicts allowed", async () => {
    const { report } = await diagnose(healthy(), []);
    expect(report).toMatchObject({ allowedByBrowsers: true, allowedByFetchStandard: true, fixes: [] });
  });
});
