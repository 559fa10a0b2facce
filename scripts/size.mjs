// Prints the minified and gzipped size of the core entry, of the per-request path alone and of each
// adapter, bundled the way an application bundler would (ESM, minified, tree-shaken), and fails
// when the core entry exceeds its budget.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";

export const CORE_BUDGET_GZIP = 10 * 1024;

const entries = [
  ["fetch-cors (whole core entry)", "export * from './src/index.ts';"],
  ["the per-request path (preflight, guardCrossOrigin, addCorsHeaders)", "export { preflight, guardCrossOrigin, addCorsHeaders } from './src/index.ts';"],
  ["corsPolicy + withCors only", "export { corsPolicy, withCors } from './src/index.ts';"],
  ["fetch-cors/cloudflare", "export * from './adapters/cloudflare.ts';"],
  ["fetch-cors/deno", "export * from './adapters/deno.ts';"],
  ["fetch-cors/bun", "export * from './adapters/bun.ts';"],
  ["fetch-cors/hono", "export * from './adapters/hono.ts';"],
  ["fetch-cors/lambda", "export * from './adapters/lambda.ts';"],
];

async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    external: ["hono", "hono/*"],
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const rows = [];
for (const [name, contents] of entries) rows.push({ name, ...(await measure(contents)) });

const width = Math.max(...rows.map((row) => row.name.length));
console.log(`${"bundle".padEnd(width)}  ${"minified".padStart(10)}  ${"gzipped".padStart(10)}`);
for (const row of rows) console.log(`${row.name.padEnd(width)}  ${kb(row.minified).padStart(10)}  ${kb(row.gzipped).padStart(10)}`);

const core = rows[0];
const verdict = core.gzipped <= CORE_BUDGET_GZIP ? "within" : "OVER";
console.log(`\ncore: ${kb(core.gzipped)} gzipped, ${verdict} the ${kb(CORE_BUDGET_GZIP)} budget`);
if (core.gzipped > CORE_BUDGET_GZIP) process.exitCode = 1;
