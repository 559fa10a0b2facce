// Prints "N passed, N failed" from vitest's JSON report. A missing or unreadable report, or a
// test file that failed to load, counts as a failure: CI must never read a crash as a pass.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "test-results/vitest.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.log(`no test report at ${file} (${error instanceof Error ? error.message : String(error)})`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

let passed = 0;
let failed = 0;
for (const suite of report.testResults ?? []) {
  const tests = suite.assertionResults ?? [];
  for (const test of tests) {
    if (test.status === "passed") passed++;
    else if (test.status === "failed") failed++;
  }
  // A file that crashed before running its tests reports no assertions but a failed status.
  if (suite.status === "failed" && !tests.some((test) => test.status === "failed")) failed++;
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (skipped > 0) console.log(`${skipped} skipped or todo (counted as neither)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
