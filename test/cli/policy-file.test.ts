// `fetch-cors check --policy file.json`: a policy file validated offline by corsPolicy, every problem printed.
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/cli.ts";

const check = (text: string, ...args: string[]) => runInProcess(["check", "--policy", "cors.json", ...args], { "cors.json": text });

describe("a valid policy", () => {
  it("exits 0 and prints the canonical options", async () => {
    const run = await check(JSON.stringify({ origins: ["https://App.Example.com:443", "https://*.example.com"], methods: ["PUT"], credentials: true }));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("cors.json: valid policy");
    expect(run.stdout).toContain('origins: ["https://app.example.com","https://*.example.com"]');
  });

  it('accepts origins: "*"', async () => {
    expect((await check('{ "origins": "*" }')).status).toBe(0);
  });

  it("notes that Chrome caps maxAge at 7200", async () => {
    const run = await check('{ "origins": "*", "maxAge": 86400 }');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("note: maxAge 86400: Chrome caches preflights for at most 7200 s");
  });
});

describe("an invalid policy", () => {
  it("exits 1 and lists every problem, not just the first", async () => {
    const run = await check(JSON.stringify({ origins: ["https://a.example/", "*"], credentials: true, maxAge: -1, methods: ["TRACE"], origin: "x" }));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("invalid policy (5 problems)");
    for (const code of ["origin-has-trailing-slash", "wildcard-in-list", "forbidden-method", "invalid-max-age", "unknown-option"]) expect(run.stdout).toContain(`[${code}]`);
  });

  it("refuses * with credentials", async () => {
    const run = await check('{ "origins": "*", "credentials": true }');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("[wildcard-with-credentials]");
  });

  it("says that origins is * or a list in JSON", async () => {
    const run = await check('{ "origins": "https://app.example.com" }');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('origins: must be "*" or a list; write "origins": ["https://app.example.com"]');
  });

  it("says that onReject belongs in code", async () => {
    const run = await check('{ "origins": "*", "onReject": "log" }');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("onReject: is a function: set it in code");
  });

  it.each([["not JSON", "{ origins: * }", "invalid-json"], ["an array", "[]", "invalid-type"], ["null", "null", "invalid-type"]])("%s is a problem of the file", async (_, text, code) => {
    const run = await check(text);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`[${code}]`);
  });
});

describe("--json", () => {
  it("prints { valid, problems } with each problem's option, value, code and message", async () => {
    const run = await check('{ "origins": ["https://a.example/"], "exposeHeaders": ["set-cookie"] }', "--json");
    const report = JSON.parse(run.stdout) as { valid: boolean; problems: { option: string; value: unknown; code: string; message: string }[] };
    expect(run.status).toBe(1);
    expect(report.valid).toBe(false);
    expect(report.problems.map((p) => p.option)).toEqual(["origins", "exposeHeaders"]);
    expect(report.problems[0]).toMatchObject({ value: "https://a.example/" });
  });
});

describe("a file that cannot be read", () => {
  it("is a usage error, exit 2", async () => {
    const run = await runInProcess(["check", "--policy", "missing.json"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("cannot read missing.json");
  });
});
