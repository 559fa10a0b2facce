// The `fetch-cors` executable (package bin, built to dist/cli.js).
import { processIo, runCli } from "./command.ts";

// Node's fetch() prints its own warning for the method "patch"; the report already says what a
// browser does with a lowercase method, so that line would only repeat it outside the report.
const printWarning = process.listeners("warning");
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if ((warning as Error & { code?: unknown }).code === "UNDICI-FETCH-patch") return;
  for (const print of printWarning) print(warning);
});

process.exitCode = await runCli(process.argv.slice(2), processIo());
