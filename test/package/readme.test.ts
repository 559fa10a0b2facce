// The README serves users first: short, the set-up commands near the top, every link alive, and
// every TypeScript snippet runs as written (type-checked against the published types, or equal to
// the example file the runtime suites run).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const lines = README.split("\n");

interface Snippet {
  readonly line: number;
  readonly code: string;
  /** The example file the text right before the block names ("From [`examples/deno.ts`](…)"). */
  readonly example: string | undefined;
}

function snippets(): Snippet[] {
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```ts") continue;
    const end = lines.indexOf("```", i + 1);
    const before = lines.slice(Math.max(0, i - 3), i).join(" ");
    const example = /From \[`(examples\/[^`]+)`\]/.exec(before)?.[1];
    found.push({ line: i + 1, code: lines.slice(i + 1, end).join("\n"), example });
    i = end;
  }
  return found;
}

/** An example file as a user writes it: the package's own names instead of the repository's paths. */
function asPublished(source: string): string {
  return source
    .replace(/"\.\.\/src\/index\.ts"/g, '"fetch-cors"')
    .replace(/"\.\.\/adapters\/([a-z]+)\.ts"/g, '"fetch-cors/$1"');
}

describe("the README", () => {
  test("is at most 500 lines", () => {
    expect(lines.length).toBeLessThanOrEqual(500);
  });

  test("gives the two set-up commands in its first 100 lines", () => {
    const start = lines.findIndex((line) => line.startsWith("npm ci && npm start"));
    const test = lines.findIndex((line) => line.startsWith("npm test"));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThan(100);
    expect(test).toBeGreaterThanOrEqual(0);
    expect(test).toBeLessThan(100);
  });

  test("links only to files that exist", () => {
    const links = [...README.matchAll(/\]\(((?!https?:|#)[^)#\s]+)(#[^)]*)?\)/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(existsSync(join(ROOT, link)), link).toBe(true);
  });

  test("its in-page links point at headings it has", () => {
    const anchors = new Set(lines.filter((line) => line.startsWith("#")).map((line) =>
      line.replace(/^#+\s*/, "").toLowerCase().replace(/[`'"():,.]/g, "").replace(/[^a-z0-9 -]/g, "").trim().replace(/ /g, "-")));
    for (const [, anchor] of README.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors.has(anchor!), anchor).toBe(true);
  });

  const blocks = snippets();

  test.each(blocks.filter((block) => block.example !== undefined).map((block) => [block.example!, block] as const))(
    "the snippet taken from %s is that file, as a user writes it",
    (example, block) => {
      expect(block.code.trim()).toBe(asPublished(readFileSync(join(ROOT, example), "utf8")).trim());
    },
  );

  const standalone = blocks.filter((block) => block.example === undefined);
  const project = mkdtempSync(join(tmpdir(), "fetch-cors-readme-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  test(`every other TypeScript snippet (${standalone.length}) type-checks on its own against the published types`, async () => {
    mkdirSync(join(project, "node_modules/@hono"), { recursive: true });
    symlinkSync(ROOT, join(project, "node_modules/fetch-cors"), "dir");
    symlinkSync(join(ROOT, "node_modules/hono"), join(project, "node_modules/hono"), "dir");
    symlinkSync(join(ROOT, "node_modules/@hono/node-server"), join(project, "node_modules/@hono/node-server"), "dir");
    // Node's types, for the snippet that serves Hono on Node.
    mkdirSync(join(project, "node_modules/@types"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules/@types/node"), join(project, "node_modules/@types/node"), "dir");
    symlinkSync(join(ROOT, "node_modules/undici-types"), join(project, "node_modules/undici-types"), "dir");
    const files = standalone.map((block, index) => {
      const name = `snippet-${index + 1}-line-${block.line}.ts`;
      writeFileSync(join(project, name), `${block.code}\nexport {};\n`);
      return name;
    });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "readme", private: true, type: "module" }));
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler",
        lib: ["ES2022", "DOM", "DOM.Iterable"], types: ["node"], noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true,
        skipLibCheck: true,
      },
      files,
    }));
    let output = "";
    try {
      await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", project], { maxBuffer: 8 * 1024 * 1024 });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe("");
  }, 120_000);
});
