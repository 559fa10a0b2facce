// The fetch-cors executable as users run it: cli/main.ts bundled like the package build, run by Node
// in a child process against loopback servers, checked by exit status and output.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli, runProcess } from "./helpers/cli.ts";
import { listen, type Loopback } from "./helpers/loopback.ts";
import { ORIGIN, healthy, noOptionsHandler, wildcardWithCredentials } from "./helpers/scenarios.ts";

let cli: { file: string; cleanup: () => Promise<void> };
let good: Loopback;
let bad: Loopback;
let star: Loopback;

beforeAll(async () => {
  cli = await bundleCli();
  [good, bad, star] = await Promise.all([listen(healthy()), listen(noOptionsHandler(405)), listen(wildcardWithCredentials)]);
});

afterAll(async () => {
  await Promise.all([good?.close(), bad?.close(), star?.close(), cli?.cleanup()]);
});

describe("exit status", () => {
  it("0 when a browser would allow the request", async () => {
    const run = await runProcess(cli.file, ["check", `${good.url}/items`, "--origin", ORIGIN, "-X", "PUT", "-H", "Content-Type: application/json", "--credentials", "--send"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("ALLOWED");
  });

  it("1 when it would block it", async () => {
    const run = await runProcess(cli.file, ["check", `${bad.url}/items`, "--origin", ORIGIN, "-X", "DELETE"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("Chrome would print:");
  });

  it("2 on a usage error, with the message on stderr", async () => {
    const run = await runProcess(cli.file, ["check", `${good.url}/items`]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("missing --origin");
  });
});

describe("stderr", () => {
  it("stays free of Node's own warning about the method patch (the report covers it)", async () => {
    const open = await listen((request, response) => {
      response.setHeader("access-control-allow-origin", "*");
      response.setHeader("access-control-allow-methods", "*");
      response.statusCode = 204;
      response.end();
    });
    try {
      const run = await runProcess(cli.file, ["check", `${open.url}/items`, "--origin", ORIGIN, "-X", "patch", "--send"]);
      expect(run.stdout).toContain("Actual patch:");
      expect(run.stdout).toContain("fetch() sends the method patch exactly as written");
      expect(run.stderr).toBe("");
    } finally {
      await open.close();
    }
  });
});

describe("--json", () => {
  it("prints both verdicts, the exchanges, the problems (code, severity, message, fix), the server and the fixes", async () => {
    const run = await runProcess(cli.file, ["check", `${star.url}/`, "--origin", ORIGIN, "--credentials", "-X", "PUT", "--json"]);
    const report = JSON.parse(run.stdout) as { allowed: boolean; preflight: object; actual: object; problems: Record<string, string>[] };
    expect(run.status).toBe(1);
    expect(report).toMatchObject({ allowed: false, allowedByBrowsers: false, allowedByFetchStandard: false, server: [] });
    expect(report).toHaveProperty("fixes.0.stack", "any");
    expect(report).toHaveProperty("preflight.sent", true);
    expect(report).toHaveProperty("actual.sent", false);
    expect(Object.keys(report.problems[0] ?? {})).toEqual(["code", "severity", "message", "fix"]);
    expect(report.problems.map((p) => p.code)).toEqual(["wildcard-with-credentials"]);
  });
});

describe("explain", () => {
  it("reads the message from standard input, exit 0", async () => {
    const message = "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.";
    const run = await runProcess(cli.file, ["explain", "--json"], `${message}\n`);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ browser: "Chromium", code: "method-not-allowed", method: "PUT" });
  });

  it("exits 2 for text that is not a CORS message", async () => {
    const run = await runProcess(cli.file, ["explain", "Uncaught ReferenceError: x is not defined"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("fetch-cors check");
  });
});

describe("--help and --policy", () => {
  it("fetch-cors --help exits 0", async () => {
    const run = await runProcess(cli.file, ["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage:");
  });

  it("validates a policy file from disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fetch-cors-policy-"));
    try {
      const file = join(dir, "policy.json");
      await writeFile(file, JSON.stringify({ origins: ["https://app.example.com/path"], credentials: true, exposeHeaders: "*" }));
      const run = await runProcess(cli.file, ["check", "--policy", file]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain("invalid policy (2 problems)");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
