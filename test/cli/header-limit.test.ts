// Browsers take response headers of up to 256 KiB; the CLI must not call a server blocked because
// Node's own default limit (16 KiB) is lower. Run as users run it: the bundled executable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli, runProcess } from "./helpers/cli.ts";
import { listen, type Loopback, type NodeHandler } from "./helpers/loopback.ts";
import { ORIGIN } from "./helpers/scenarios.ts";

/** A healthy simple-request answer whose Content-Security-Policy makes the headers `size` bytes long. */
const longHeaders = (size: number): NodeHandler => (request, response) => {
  response.setHeader("access-control-allow-origin", request.headers.origin ?? "");
  response.setHeader("vary", "Origin");
  response.setHeader("content-security-policy", `default-src 'self'; report-to ${"x".repeat(size)}`);
  response.setHeader("content-type", "application/json");
  response.end("{}");
};

let cli: { file: string; cleanup: () => Promise<void> };
let twentyKb: Loopback;
let threeHundredKb: Loopback;

beforeAll(async () => {
  cli = await bundleCli();
  [twentyKb, threeHundredKb] = await Promise.all([listen(longHeaders(20 * 1024)), listen(longHeaders(300 * 1024))]);
});

afterAll(async () => {
  await Promise.all([twentyKb?.close(), threeHundredKb?.close(), cli?.cleanup()]);
});

describe("check reads response headers as long as a browser does", () => {
  it("20 KB of headers (over Node's 16 KiB default) are read, and the request is allowed", async () => {
    const run = await runProcess(cli.file, ["check", `${twentyKb.url}/items`, "--origin", ORIGIN]);
    expect(run.stdout).toContain("ALLOWED");
    expect(run.stdout).not.toContain("ERR_RESPONSE_HEADERS_TOO_BIG");
    expect(run.status).toBe(0);
  });

  it("300 KB of headers (over the browsers' 256 KiB) are what Chrome refuses: blocked, with Chrome's error", async () => {
    const run = await runProcess(cli.file, ["check", `${threeHundredKb.url}/items`, "--origin", ORIGIN]);
    expect(run.stdout).toContain("net::ERR_RESPONSE_HEADERS_TOO_BIG");
    expect(run.status).toBe(1);
  });
});
