// `fetch-cors explain "<message>"` (SPEC §8): every console message form of Chromium, Firefox and
// Safari is recognised, its facts read, and answered with the code `fetch-cors check` uses.
import { describe, expect, it } from "vitest";
import { explain, type Explanation } from "../../cli/explain/explain.ts";
import { runInProcess } from "./helpers/cli.ts";
import { codes, diagnose } from "./helpers/report.ts";
import { MESSAGES, NOT_EXPLAINED, PASTED } from "./explain-messages.ts";
import {
  authBeforeCors, noAllowCredentials, noOptionsHandler, partialPreflight, redirectingPreflight, twoAllowOrigins, wildcardWithCredentials,
} from "./helpers/scenarios.ts";

function explained(text: string): Explanation {
  const answer = explain(text);
  if ("recognised" in answer) throw new Error(`not recognised: ${text}`);
  return answer;
}

const KEYS = ["browser", "code", "codes", "url", "origin", "method", "header", "status", "check", "cause", "fixes"];

describe.each(["Chromium", "Firefox", "Safari"] as const)("%s's messages", (browser) => {
  it.each(MESSAGES.filter((m) => m.browser === browser).map((m) => [m.name, m] as const))("%s", (_, message) => {
    const answer = explained(message.text);
    expect(answer.browser).toBe(browser);
    expect(answer.codes).toEqual(message.codes);
    expect(answer.code).toBe(message.codes[0]);
    expect(answer).toMatchObject(message.facts ?? {});
    expect(answer.cause.length).toBeGreaterThan(20);
    expect(answer.fixes[0]?.stack).toBe("any");
  });
});

describe("what the message does not name is null", () => {
  it("Firefox names no origin and no method", () => {
    const answer = explained(MESSAGES.find((m) => m.name === "a method not allowed (never named)")?.text ?? "");
    expect(answer).toMatchObject({ origin: null, method: null, header: null, status: null });
    expect(answer.check).toBe("fetch-cors check http://127.0.0.1:8787/api/items --origin 'https://YOUR-PAGE-ORIGIN' -X 'YOUR-METHOD'");
  });
});

describe("the fetch-cors check command reproduces the request", () => {
  it.each([
    ["Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.", "-X PUT"],
    ["Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.", "-H x-api-key"],
    ["The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", "--credentials"],
    ["Response to preflight request doesn't pass access control check: It does not have HTTP ok status.", "-X 'YOUR-METHOD'"],
  ])("%s → … %s", (reason, tail) => {
    const answer = explained(`Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: ${reason}`);
    expect(answer.check).toBe(`fetch-cors check https://api.example.com/items --origin https://app.example.com ${tail}`);
  });

  it("quotes a URL the shell would split, and starts from the first URL of a redirect", () => {
    const answer = explained("Access to fetch at 'https://login.example.com/' (redirected from 'https://api.example.com/a?x=1&y=2') from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.");
    expect(answer.check).toBe("fetch-cors check 'https://api.example.com/a?x=1&y=2' --origin https://app.example.com");
    expect(answer.fixes[0]?.text).toContain("Answer 401 instead of redirecting");
    expect(answer.fixes).toHaveLength(1);
  });
});

describe("fixes", () => {
  it("fetch-cors, Express, nginx and API Gateway by default, every stack with --all-fixes", async () => {
    const text = MESSAGES.find((m) => m.name === "a header not allowed" && m.browser === "Chromium")?.text ?? "";
    const run = await runInProcess(["explain", text]);
    expect(run.status).toBe(0);
    for (const title of ["fetch-cors:", "Express (cors package):", "nginx:", "AWS API Gateway:"]) expect(run.stdout).toContain(`\n${title}`);
    expect(run.stdout).not.toContain("\nDjango (middleware):");
    expect(run.stdout).toContain("For Apache httpd, Fastify (@fastify/cors)");
    const all = await runInProcess(["explain", text, "--all-fixes"]);
    expect(all.stdout).toContain("\nDjango (middleware):");
  });

  it("a lowercase method: the page's fix first, and no snippet lists the lowercase name", () => {
    const answer = explained(MESSAGES.find((m) => m.name === "a lowercase method")?.text ?? "");
    expect(answer.fixes[0]?.text).toContain('Write method: "PATCH" in the fetch() call');
    expect(answer.fixes[1]).toMatchObject({ stack: "page" });
    for (const fix of answer.fixes.slice(2)) expect(fix.text).not.toContain('"patch"');
  });

  it("an origin that differs: change the value, keep the setup", () => {
    const answer = explained(MESSAGES.find((m) => m.name === "a value that is not the origin (fetch)")?.text ?? "");
    expect(answer.fixes[0]?.text).toBe('Change the Access-Control-Allow-Origin value in your existing CORS configuration from "http://localhost:3000/" to "http://localhost:3000" (with Vary: Origin).');
    expect(answer.fixes.find((fix) => fix.stack === "express")?.text).toContain("In your existing CORS setup, change the origin");
  });

  it("a network failure has no configuration to offer", () => {
    expect(explained("Failed to load resource: net::ERR_CONNECTION_REFUSED").fixes.map((fix) => fix.stack)).toEqual(["any"]);
  });
});

describe("several lines pasted at once", () => {
  it.each(PASTED.map(([name, text, expected]) => [name, text, expected] as const))("%s", (_, text, expected) => {
    expect(explained(text).codes).toEqual(expected);
  });

  it("takes the method and status a companion line names", () => {
    const answer = explained("Access to fetch at 'http://a.example/x' from origin 'http://b.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nGET http://a.example/x net::ERR_FAILED 200 (OK)");
    expect(answer).toMatchObject({ method: "GET", status: 200 });
  });
});

describe("exit status and --json", () => {
  it("a recognised message: exit 0, JSON with exactly SPEC §8's keys", async () => {
    const run = await runInProcess(["explain", "--json", MESSAGES[0]?.text ?? ""]);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(KEYS);
    expect(json).toMatchObject({ browser: "Chromium", code: "missing-allow-origin", method: null, header: null, status: null });
  });

  it("the message can come on standard input", async () => {
    const run = await runInProcess(["explain"], {}, undefined, `${MESSAGES[0]?.text ?? ""}\n`);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Chromium: missing-allow-origin");
  });

  it.each(NOT_EXPLAINED.map(([name, text]) => [name, text] as const))("%s: exit 2, saying so and suggesting fetch-cors check", async (_, text) => {
    const run = await runInProcess(["explain", text]);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("fetch-cors check");
    const json = JSON.parse((await runInProcess(["explain", "--json", text])).stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(KEYS);
    expect(json).toMatchObject({ browser: null, code: null, codes: [], fixes: [] });
  });
});

describe("odd input gets an answer, never a crash", () => {
  it("control characters in the pasted text are escaped in the answer", async () => {
    const run = await runInProcess(["explain", "Access to fetch at 'http://a.example/\u001b[2J' from origin 'http://b.example' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).toContain("\\x1b[2J");
  });

  it("a megabyte of text is read up to a bound and answered", () => {
    const answer = explain(`${"x".repeat(1024 * 1024)}\n${MESSAGES[0]?.text ?? ""}`);
    expect("recognised" in answer).toBe(true);
  });
});

describe("what check prints, explain reads back to the same check", () => {
  it.each([
    ["a bare 405", noOptionsHandler(405), ["-X", "PUT"]],
    ["auth before CORS, headers set", authBeforeCors(401, true), ["-X", "PUT", "-H", "Authorization: t"]],
    ["a missing method", partialPreflight("GET", ""), ["-X", "DELETE"]],
    ["a missing header", partialPreflight("PUT", "content-type"), ["-X", "PUT", "-H", "X-Api-Key: k"]],
    ["* with credentials", wildcardWithCredentials, ["--credentials"]],
    ["no Access-Control-Allow-Credentials", noAllowCredentials, ["--credentials"]],
    ["two values", twoAllowOrigins, []],
    ["a redirected preflight", redirectingPreflight("https://api.example.com/x"), ["-X", "PUT"]],
  ] as const)("%s", async (_, handler, args) => {
    const { report } = await diagnose(handler, args);
    const answer = explained(report.console ?? "");
    expect(codes(report)).toContain(answer.code);
    expect((answer.check ?? "").split(" ").slice(0, 5).join(" ")).toBe(`fetch-cors check ${report.url} --origin ${report.origin}`);
  });
});
