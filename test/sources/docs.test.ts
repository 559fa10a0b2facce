// docs/policy-sources.md is built from the examples the tests run: every code block that names its
// file ("// from examples/…") must be a run of that file's lines as they are now.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ROOT } from "../runtimes/process.ts";

const doc = readFileSync(`${ROOT}docs/policy-sources.md`, "utf8");
const excerpts = [...doc.matchAll(/```\w*\n(?:\/\/|#) from (\S+)\n([\s\S]*?)\n```/g)].map(([, file, body]) => ({ file: file!, body: body! }));

/** Whether `body` stands in `text` as consecutive lines, indented as a block or not at all. */
function standsIn(text: string, body: string): boolean {
  const lines = text.split("\n");
  const wanted = body.split("\n");
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    const run = lines.slice(start, start + wanted.length);
    const indent = Math.min(...run.filter((line) => line.trim() !== "").map((line) => line.length - line.trimStart().length));
    if (run.every((line, i) => line.slice(indent) === wanted[i])) return true;
  }
  return false;
}

describe("docs/policy-sources.md shows the examples as they are", () => {
  test("it quotes the Worker, Deno and Lambda examples", () => {
    expect(new Set(excerpts.map(({ file }) => file))).toEqual(new Set([
      "examples/tenants/worker.ts", "examples/tenants/tenant-policy.ts", "examples/tenants/wrangler.toml",
      "examples/deno-kv/server.ts", "examples/lambda-stages.ts",
    ]));
  });

  test.each(excerpts)("the excerpt of $file", ({ file, body }) => {
    expect(standsIn(readFileSync(`${ROOT}${file}`, "utf8"), body)).toBe(true);
  });
});
