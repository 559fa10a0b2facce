// The tree shows the architecture, and the imports keep to it: compile → match → respond in the
// core, the checker and the Fetch Standard's name rules in their own folders, adapters and the CLI
// on the public entries only.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

function files(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, folder))) {
    const path = join(folder, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...files(path));
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** The relative imports (and re-exports) of a file, as repository paths; packages are left out. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022);
  const out: string[] = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined) {
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (specifier.startsWith(".")) out.push(relative(ROOT, resolve(ROOT, dirname(file), specifier)));
    }
  }
  return out;
}

/** Every file reachable from `entry` through relative imports. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(file));
  }
  return seen;
}

const inside = (folder: string) => (path: string) => path.startsWith(`${folder}/`);

describe("the core, src/", () => {
  const core = files("src").filter((file) => !inside("src/check")(file) && !inside("src/fetch")(file));

  test("never imports the checker", () => {
    for (const file of core) expect(importsOf(file).filter(inside("src/check")), file).toEqual([]);
  });

  test("the per-request path (preflight, guard, decoration) never reaches the validator in src/compile/", () => {
    for (const entry of ["src/preflight.ts", "src/cross-origin.ts", "src/actual.ts"]) {
      expect([...closure(entry)].filter(inside("src/compile")), entry).toEqual([]);
    }
  });
});

describe("the checker, src/check/, and the Fetch Standard's rules, src/fetch/", () => {
  test("src/check/ imports only itself and src/fetch/", () => {
    for (const file of files("src/check")) {
      expect(importsOf(file).filter((path) => !inside("src/check")(path) && !inside("src/fetch")(path)), file).toEqual([]);
    }
  });

  test("src/fetch/ imports nothing outside itself", () => {
    for (const file of files("src/fetch")) expect(importsOf(file).filter((path) => !inside("src/fetch")(path)), file).toEqual([]);
  });
});

describe("adapters/ and cli/ use the public entries only", () => {
  test("an adapter imports src/index.ts and its own folder, never another adapter", () => {
    for (const file of files("adapters")) {
      // adapters/lambda.ts and adapters/lambda/*.ts are one adapter.
      const adapter = file.split("/")[1]!.replace(/\.ts$/, "");
      for (const path of importsOf(file)) {
        expect(path === "src/index.ts" || path.startsWith(`adapters/${adapter}/`), `${file} imports ${path}`).toBe(true);
      }
    }
  });

  test("the CLI imports only src/index.ts, src/check/index.ts and its own files", () => {
    for (const file of files("cli")) {
      for (const path of importsOf(file)) {
        expect(path === "src/index.ts" || path === "src/check/index.ts" || inside("cli")(path), `${file} imports ${path}`).toBe(true);
      }
    }
  });
});

describe("small files with one job each", () => {
  test("no source file is over 300 lines", () => {
    for (const file of [...files("src"), ...files("adapters"), ...files("cli")]) {
      expect(readFileSync(join(ROOT, file), "utf8").split("\n").length, file).toBeLessThanOrEqual(300);
    }
  });
});
