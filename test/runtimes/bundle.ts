import { build } from "esbuild";
import { ROOT } from "./process.ts";

/** Bundles a Worker entry (TypeScript, relative `.ts` imports, npm packages) into one ES module. */
export async function bundleWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["cloudflare:*"],
    logLevel: "silent",
  });
  const [file] = result.outputFiles;
  if (file === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}

/** The compatibility date the tests run workerd with (within the installed workerd's range). */
export const COMPATIBILITY_DATE = "2026-04-01";
