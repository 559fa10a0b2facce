// Servers that do not answer: Chrome's network errors, the --timeout, and ports browsers refuse.
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/cli.ts";
import { listen } from "./helpers/loopback.ts";
import { codes, diagnose, type Report } from "./helpers/report.ts";
import { ORIGIN, htmlErrorPage, neverAnswers } from "./helpers/scenarios.ts";

describe("an unreachable server", () => {
  it("is unreachable, exit 1, with Chrome's network error", async () => {
    const server = await listen(htmlErrorPage);
    const { url } = server;
    await server.close();
    const run = await runInProcess(["check", `${url}/items`, "--origin", ORIGIN, "-X", "PUT", "--json"]);
    const report = JSON.parse(run.stdout) as Report;
    expect(run.status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["unreachable"]);
    expect(report.console).toBe(`PUT ${url}/items net::ERR_CONNECTION_REFUSED`);
  });
});

describe("a server that never answers", () => {
  it("is unreachable after --timeout, with Chrome's timeout error", async () => {
    const { status, report, url } = await diagnose(neverAnswers, ["--timeout", "0.3"]);
    expect(status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["unreachable"]);
    expect(report.problems[0]?.message).toContain("no response within 0.3 s (--timeout bounds the whole check, redirects included)");
    expect(report.console).toBe(`GET ${url} net::ERR_TIMED_OUT`);
  });
});

describe("network failures are named as Chrome names them", () => {
  const failing = (code: string) => async () => {
    throw new TypeError("fetch failed", { cause: Object.assign(new Error(`getaddrinfo ${code} api.example.test`), { code }) });
  };

  it.each([["ENOTFOUND", "net::ERR_NAME_NOT_RESOLVED"], ["ECONNRESET", "net::ERR_CONNECTION_RESET"], ["EWHATEVER", "net::ERR_FAILED"]])(
    "%s → %s, exit 1, and no configuration is offered",
    async (code, chrome) => {
      const run = await runInProcess(["check", "https://api.example.test/items", "--origin", ORIGIN, "-X", "DELETE"], {}, failing(code));
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`DELETE https://api.example.test/items ${chrome}`);
      expect(run.stdout).toContain(code);
      expect(run.stdout).not.toContain("  fetch-cors:");
    },
  );
});

describe("a port browsers refuse to connect to", () => {
  it("is unreachable with net::ERR_UNSAFE_PORT, and nothing is sent", async () => {
    let calls = 0;
    const run = await runInProcess(["check", "http://127.0.0.1:6000/items", "--origin", ORIGIN, "--json"], {}, async () => {
      calls++;
      return new Response("never");
    });
    const report = JSON.parse(run.stdout) as Report;
    expect(run.status).toBe(1);
    expect(report.allowed).toBe(false);
    expect(codes(report)).toEqual(["unreachable"]);
    expect(report.problems[0]?.fix).toContain("port browsers allow");
    expect(report.console).toBe("GET http://127.0.0.1:6000/items net::ERR_UNSAFE_PORT");
    expect(calls).toBe(0);
  });
});
