// Every subpath of the exports map resolves to a built file, in ESM and CommonJS, with types,
// and the core entry has no runtime dependencies.
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  exports: Record<string, { import: { types: string; default: string }; require: { types: string; default: string } }>;
  dependencies?: Record<string, string>;
  sideEffects: boolean;
  type: string;
};
const require = createRequire(import.meta.url);
const subpaths = Object.keys(pkg.exports).filter((subpath) => subpath !== "./package.json");

describe("the package exports map", () => {
  test("has the root and one subpath per adapter plus the checker", () => {
    expect(subpaths).toEqual([".", "./cloudflare", "./deno", "./bun", "./lambda", "./hono", "./check"]);
  });

  test("declares ESM, no side effects and no runtime dependencies", () => {
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  test.each(subpaths)("%s has built ESM, CommonJS and declaration files", (subpath) => {
    const entry = pkg.exports[subpath]!;
    for (const file of [entry.import.types, entry.import.default, entry.require.types, entry.require.default]) {
      expect(existsSync(file), file).toBe(true);
    }
  });

  test.each(subpaths)("%s loads with import() and require() and exports the same names", async (subpath) => {
    const entry = pkg.exports[subpath]!;
    const esm = (await import(`../../${entry.import.default.slice(2)}`)) as Record<string, unknown>;
    const cjs = require(`../../${entry.require.default.slice(2)}`) as Record<string, unknown>;
    expect(Object.keys(esm).length).toBeGreaterThan(0);
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
  });

  test("a policy compiled by the CommonJS build works with the ESM build", async () => {
    const esm = (await import("../../dist/index.js")) as typeof import("../../src/index.ts");
    const cjs = require("../../dist/index.cjs") as typeof import("../../src/index.ts");
    const policy = cjs.corsPolicy({ origins: ["https://app.example.com"] });
    const request = new Request("https://api.example.com/", { method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "GET" } });
    expect(esm.preflight(request, policy)?.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
  });
});
