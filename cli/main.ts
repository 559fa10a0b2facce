// The `fetch-cors` executable (package bin, built to dist/cli.js).
import { spawnSync } from "node:child_process";
import { maxHeaderSize } from "node:http";
import { processIo, runCli } from "./command.ts";

// Browsers accept response headers of up to 256 KiB (Chromium's limit, beyond which it fails with
// net::ERR_RESPONSE_HEADERS_TOO_BIG); Node's fetch() stops at http.maxHeaderSize, 16 KiB unless
// raised, and would call a server with a long Content-Security-Policy unreachable. The limit is
// fixed when Node starts, so `check` runs itself once more with it raised.
const BROWSER_HEADER_LIMIT = 256 * 1024;
const RAISED = "FETCH_CORS_HEADER_LIMIT_RAISED";
const argv = process.argv.slice(2);

function rerunWithBrowserHeaderLimit(): number | undefined {
  const script = process.argv[1];
  if (argv[0] !== "check" || maxHeaderSize >= BROWSER_HEADER_LIMIT || process.env[RAISED] === "1" || script === undefined) return undefined;
  const run = spawnSync(process.execPath, [...process.execArgv, `--max-http-header-size=${BROWSER_HEADER_LIMIT}`, script, ...argv], {
    stdio: "inherit",
    env: { ...process.env, [RAISED]: "1" },
  });
  // Could not start Node again: check in this process, with Node's limit.
  if (run.error !== undefined) return undefined;
  return run.status ?? 1;
}

const rerun = rerunWithBrowserHeaderLimit();
if (rerun !== undefined) {
  process.exitCode = rerun;
} else {
  // Node's fetch() prints its own warning for the method "patch"; the report already says what a
  // browser does with a lowercase method, so that line would only repeat it outside the report.
  const printWarning = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if ((warning as Error & { code?: unknown }).code === "UNDICI-FETCH-patch") return;
    for (const print of printWarning) print(warning);
  });

  process.exitCode = await runCli(argv, processIo());
}
