// CorsConfigError keeps its documented name however the application is bundled: esbuild (which
// renames classes, e.g. to _CorsConfigError, when it minifies) and wrangler's own bundling for a
// Worker, run in workerd.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "fetch-cors-bundled-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// What an application sees of a config error: every way code and logs name it.
const PROBE = `
import { corsPolicy, CorsConfigError } from "fetch-cors";
export function names() {
  try {
    corsPolicy({ origins: "*", credentials: true });
  } catch (error) {
    return {
      name: error.name,
      constructor: error.constructor.name,
      className: CorsConfigError.name,
      string: String(error).split(":")[0],
      stack: String(error.stack).split(":")[0],
      is: CorsConfigError.is(error),
      instance: error instanceof CorsConfigError,
    };
  }
  return null;
}
`;

const EXPECTED = {
  name: "CorsConfigError", constructor: "CorsConfigError", className: "CorsConfigError", string: "CorsConfigError",
  stack: "CorsConfigError", is: true, instance: true,
};

describe("CorsConfigError keeps its name after bundling", () => {
  test.each([false, true])("by esbuild (minify: %s)", async (minify) => {
    const result = await build({
      stdin: { contents: PROBE, resolveDir: work, loader: "js" },
      bundle: true,
      minify,
      format: "esm",
      platform: "neutral",
      write: false,
      alias: { "fetch-cors": join(ROOT, "dist/index.js") },
      logLevel: "silent",
    });
    const file = join(work, `esbuild-${minify}.mjs`);
    writeFileSync(file, result.outputFiles[0]!.text);
    const { names } = (await import(pathToFileURL(file).href)) as { names: () => unknown };
    expect(names()).toEqual(EXPECTED);
  });

  test("by wrangler, for a Worker run in workerd", async () => {
    const project = join(work, "worker");
    const out = join(project, "out");
    rmSync(project, { recursive: true, force: true });
    await run("mkdir", ["-p", join(project, "node_modules")]);
    await run("ln", ["-s", ROOT, join(project, "node_modules/fetch-cors")]);
    writeFileSync(join(project, "index.js"), `${PROBE}\nexport default { fetch: () => Response.json(names()) };\n`);
    writeFileSync(join(project, "wrangler.toml"), 'name = "names"\nmain = "index.js"\ncompatibility_date = "2026-04-01"\n');
    await run(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out], {
      cwd: project,
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", WRANGLER_LOG_PATH: join(project, "logs") },
      maxBuffer: 8 * 1024 * 1024,
    });
    const bundled = readdirSync(out).find((name) => name.endsWith(".js"));
    expect(bundled).toBeDefined();
    const mf = new Miniflare({ modules: true, script: readFileSync(join(out, bundled!), "utf8"), compatibilityDate: "2026-04-01" });
    try {
      const response = await mf.dispatchFetch("http://localhost/");
      expect(await response.json()).toEqual(EXPECTED);
    } finally {
      await mf.dispose();
    }
  }, 120_000);
});
