// Bundles a bench entry with esbuild so the TypeScript sources run as they are, without a build.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { build } from "esbuild";

// Files written by others while the harness already runs: a missing one becomes a module that
// throws when loaded, and the contestant that needs it drops out of the report.
const OPTIONAL = /(^|\/)(src\/index|adapters\/hono)\.ts$/;

// `srcDir` points the core's entry at another copy of src/ (e.g. a patched one) so a change can
// be measured against the same contestants.
const optionalModules = (srcDir) => ({
  name: "optional-modules",
  setup(b) {
    b.onResolve({ filter: OPTIONAL }, (args) => {
      let path = resolve(args.resolveDir, args.path);
      if (srcDir !== undefined && path.endsWith("/src/index.ts")) path = join(resolve(srcDir), "index.ts");
      return existsSync(path) ? { path } : { path, namespace: "missing" };
    });
    b.onLoad({ filter: /.*/, namespace: "missing" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} does not exist yet`)});`,
      loader: "js",
    }));
  },
});

/** A temporary directory, removed by `dispose()`. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), "fetch-cors-bench-"));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * @param {string} entry path of a .ts entry
 * @param {string} outdir
 * @param {"node" | "worker"} target
 * @param {string} [srcDir] another copy of src/ to measure instead of the project's
 * @returns {Promise<string>} path of the bundle
 */
export async function bundle(entry, outdir, target = "node", srcDir = undefined) {
  const outfile = join(outdir, basename(entry).replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: target === "node" ? "node" : "neutral",
    mainFields: target === "node" ? undefined : ["module", "main"],
    conditions: target === "node" ? [] : ["workerd", "worker", "browser"],
    // Keeps `// path` markers between modules, which the profiler uses to name source files.
    minify: false,
    sourcemap: false,
    logLevel: "error",
    plugins: [optionalModules(srcDir)],
    // mitata probes for these at run time and copes when they are absent.
    external: ["bun:jsc", "@mitata/counters"],
    banner:
      target === "node"
        ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
        : undefined,
  });
  return outfile;
}
