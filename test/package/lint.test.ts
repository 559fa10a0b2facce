// The published package is well-formed (publint) and its types resolve for Node 16+ and
// bundlers, from ESM and CommonJS alike (are-the-types-wrong).
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

  test("are-the-types-wrong resolves every entry from ESM, CommonJS and bundlers", async () => {
    const result = await output("node_modules/@arethetypeswrong/cli/dist/index.js", ["--pack", ".", "--profile", "node16", "--format", "json"]);
    expect(result.ok, result.text.slice(0, 2000)).toBe(true);
  }, 120_000);
});
