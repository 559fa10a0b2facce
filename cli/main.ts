// The `fetch-cors` executable (package bin, built to dist/cli.js).
import { processIo, runCli } from "./command.ts";

process.exitCode = await runCli(process.argv.slice(2), processIo());
