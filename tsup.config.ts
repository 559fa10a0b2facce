import { defineConfig } from "tsup";

const libraryEntries = {
  index: "src/index.ts",
  check: "src/check/index.ts",
  cloudflare: "adapters/cloudflare.ts",
  deno: "adapters/deno.ts",
  bun: "adapters/bun.ts",
  lambda: "adapters/lambda.ts",
  hono: "adapters/hono.ts",
};

export default defineConfig([
  {
    entry: libraryEntries,
    format: ["esm", "cjs"],
    dts: true,
    splitting: true,
    treeshake: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    external: ["hono"],
  },
  {
    entry: { cli: "cli/main.ts" },
    format: ["esm"],
    target: "node18",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
