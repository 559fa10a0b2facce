// The published package is well-formed (publint) and its types resolve under every resolution
// TypeScript has: node10 (what "module": "commonjs" picks), node16 from ESM and CommonJS, and
// bundlers (are-the-types-wrong, every profile).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const run = promisify(execFile);

async function output(file: string, args: string[]): Promise<{ ok: boolean; text: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [file, ...args], { maxBuffer: 8 * 1024 * 1024 });
    return { ok: true, text: stdout + stderr };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, text: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

describe("the package as published", () => {
  test("publint --strict finds nothing", async () => {
    const result = await output("node_modules/publint/src/cli.js", ["--strict"]);
    expect(result.text).toContain("All good!");
    expect(result.ok).toBe(true);
  }, 120_000);

  test("are-the-types-wrong resolves every entry under node10, node16 (ESM and CommonJS) and bundlers", async () => {
    const result = await output("node_modules/@arethetypeswrong/cli/dist/index.js", ["--pack", ".", "--format", "json"]);
    expect(result.ok, result.text.slice(0, 2000)).toBe(true);
    const report = JSON.parse(result.text.slice(result.text.indexOf("{"))) as { problems: Record<string, unknown> };
    expect(report.problems).toEqual({});
  }, 120_000);
});
