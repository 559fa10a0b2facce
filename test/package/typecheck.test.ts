// The sources, the CLI and the tests compile under strict, noUncheckedIndexedAccess and
// exactOptionalPropertyTypes; src/ and adapters/ without Node's types (web-standard APIs only).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const run = promisify(execFile);
const tsc = "node_modules/typescript/bin/tsc";

async function typecheck(project: string): Promise<string> {
  try {
    await run(process.execPath, [tsc, "--noEmit", "-p", project], { maxBuffer: 8 * 1024 * 1024 });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe("the code type-checks strictly", () => {
  test.each([
    ["tsconfig.json", "src/ and adapters/ with web-standard types only"],
    ["tsconfig.cli.json", "the CLI with Node's types"],
    ["tsconfig.test.json", "tests, benchmarks and examples"],
  ])("%s: %s", async (project) => {
    expect(await typecheck(project)).toBe("");
  }, 120_000);
});
