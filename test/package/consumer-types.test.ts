// The published types work for the projects people really have: a CommonJS Lambda project
// type-checked under node10 resolution (what "module": "commonjs" picks, the CDK and SAM default),
// node16 and bundler resolution, with Node's types and without the DOM lib or any Lambda types.
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

const HANDLER = `
import { corsPolicy, CorsConfigError } from "fetch-cors";
import { withCors } from "fetch-cors/lambda";
import { needsPreflight } from "fetch-cors/check";

const policy = corsPolicy({ origins: ["https://app.example.com"], credentials: true });

export const handler = withCors(async (event: { body?: string | null }) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ length: event.body?.length ?? 0 }),
}), policy);

export const fromOptions = withCors(async () => ({ statusCode: 204, body: "" }), { origins: ["https://app.example.com"] });

export const isConfigError = (error: unknown): boolean => CorsConfigError.is(error);
export const preflightNeeded: boolean = needsPreflight({ method: "PUT" }).preflight;

// @ts-expect-error origins is required
corsPolicy({ credentials: true });
`;

const projects = mkdtempSync(join(tmpdir(), "fetch-cors-consumer-"));
afterAll(() => rmSync(projects, { recursive: true, force: true }));

function project(name: string, compilerOptions: Record<string, unknown>, type: "commonjs" | "module"): string {
  const dir = join(projects, name);
  mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
  // The package as installed: its package.json and dist/, nothing of its sources.
  symlinkSync(ROOT, join(dir, "node_modules/fetch-cors"), "dir");
  symlinkSync(join(ROOT, "node_modules/@types/node"), join(dir, "node_modules/@types/node"), "dir");
  symlinkSync(join(ROOT, "node_modules/undici-types"), join(dir, "node_modules/undici-types"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type }));
  writeFileSync(join(dir, "handler.ts"), HANDLER);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "ES2022", lib: ["ES2022"], types: ["node"], skipLibCheck: false, ...compilerOptions },
    files: ["handler.ts"],
  }));
  return dir;
}

async function typecheck(dir: string): Promise<string> {
  try {
    await run(process.execPath, [TSC, "-p", dir], { maxBuffer: 8 * 1024 * 1024 });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe("a CommonJS Lambda project type-checks against the published types", () => {
  test.each([
    ["node10", { module: "commonjs", moduleResolution: "node10" }, "commonjs"],
    ["node16 from CommonJS", { module: "node16", moduleResolution: "node16" }, "commonjs"],
    ["node16 from ESM", { module: "node16", moduleResolution: "node16" }, "module"],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }, "module"],
  ] as const)("under %s resolution", async (name, options, type) => {
    expect(await typecheck(project(name.replace(/\W+/g, "-"), options, type))).toBe("");
  }, 120_000);
});
