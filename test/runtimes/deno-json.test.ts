import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import tsupConfig from "../../tsup.config.ts";
import { binary, ROOT } from "./process.ts";

interface DenoJson {
  name: string;
  exports: Record<string, string>;
}
type PackageExports = Record<string, string | { import: { default: string } }>;

const denoJson = JSON.parse(readFileSync(`${ROOT}deno.json`, "utf8")) as DenoJson;
const packageExports = (JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { exports: PackageExports }).exports;
// The first build of tsup.config.ts is the library's: one entry per subpath.
const [library] = tsupConfig as readonly { entry?: unknown }[];
const buildEntries = (library?.entry ?? {}) as Record<string, string>;

const DENO_ENV = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

function deno(args: string[], cwd = ROOT) {
  const result = spawnSync(binary("deno"), args, { cwd, env: DENO_ENV, encoding: "utf8", timeout: 90_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

describe("deno.json: the package the Deno way (JSR)", () => {
  it("maps every subpath of package.json to the source file the npm build compiles for it", () => {
    const expected = Object.fromEntries(
      Object.entries(packageExports)
        .filter(([subpath]) => subpath !== "./package.json")
        .map(([subpath, target]) => {
          const built = typeof target === "string" ? target : target.import.default;
          const entry = /^\.\/dist\/(.+)\.js$/.exec(built)?.[1] ?? "";
          return [subpath, `./${buildEntries[entry] ?? `(no build entry for ${built})`}`];
        }),
    );
    expect(denoJson.exports).toEqual(expected);
  });

  it("lets a Deno program import every subpath by the package's name, with the exports Node sees", async () => {
    // A workspace holding the package (by a link to this checkout) and an app that imports it, as
    // `deno add jsr:<name>` would let it.
    const dir = mkdtempSync(join(tmpdir(), "fetch-cors-deno-"));
    try {
      symlinkSync(ROOT, join(dir, "fetch-cors"), "dir");
      mkdirSync(join(dir, "app"));
      writeFileSync(join(dir, "deno.json"), JSON.stringify({ workspace: ["./fetch-cors", "./app"] }));
      writeFileSync(join(dir, "app", "deno.json"), "{}");
      const subpaths = Object.keys(denoJson.exports);
      const specifier = (subpath: string) => (subpath === "." ? denoJson.name : `${denoJson.name}${subpath.slice(1)}`);
      writeFileSync(join(dir, "app", "main.ts"), [
        ...subpaths.map((subpath, i) => `import * as m${i} from "${specifier(subpath)}";`),
        `console.log(JSON.stringify({ ${subpaths.map((subpath, i) => `${JSON.stringify(subpath)}: Object.keys(m${i}).sort()`).join(", ")} }));`,
      ].join("\n"));

      const run = deno(["run", "--no-lock", "app/main.ts"], dir);
      expect(run.status, run.output).toBe(0);
      const seenByDeno = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as Record<string, string[]>;
      for (const subpath of subpaths) {
        const seenByNode = Object.keys(await import(`${ROOT}${denoJson.exports[subpath]?.slice(2)}`)).sort();
        expect(seenByNode.length, subpath).toBeGreaterThan(0);
        expect(seenByDeno[subpath], subpath).toEqual(seenByNode);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes `deno publish --dry-run`: every export resolves and type-checks, with no slow types", () => {
    const publish = deno(["publish", "--dry-run", "--allow-dirty"]);
    expect(publish.status, publish.output).toBe(0);
    expect(publish.output).toContain("Dry run complete");
  });

  it("type-checks the Deno quick start and the Deno test server against Deno's own types", () => {
    const check = deno(["check", "--no-lock", "examples/deno.ts", "test/runtimes/servers/deno.ts"]);
    expect(check.status, check.output).toBe(0);
  });
});
