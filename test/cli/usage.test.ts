// The command line: help, usage errors (exit 2), and how headers given on it become the request.
import { describe, expect, it } from "vitest";
import { parseCommand, type UrlCheck } from "../../cli/args.ts";
import { placeholderValue } from "../../cli/check-args.ts";
import { runInProcess } from "./helpers/cli.ts";
import { listen } from "./helpers/loopback.ts";
import { ORIGIN, healthy, recording } from "./helpers/scenarios.ts";

const url = "https://api.example.com/items";

describe("help", () => {
  it.each([["--help"], ["-h"], ["help"]])("fetch-cors %s prints the commands, exit 0", async (...args) => {
    const run = await runInProcess(args);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("fetch-cors check <url> --origin <origin>");
  });

  it.each([["check", "--help"], ["help", "check"]])("fetch-cors %s %s prints every option and the exit statuses", async (...args) => {
    const run = await runInProcess(args);
    expect(run.status).toBe(0);
    for (const option of ["--origin", "--method", "--header", "--credentials", "--send", "--json", "--all-fixes", "--timeout", "--policy", "Exit status"]) expect(run.stdout).toContain(option);
  });

  it.each([["explain", "--help"], ["help", "explain"]])("fetch-cors %s %s prints how to give the message, the options and the exit statuses", async (...args) => {
    const run = await runInProcess(args);
    expect(run.status).toBe(0);
    for (const text of ['fetch-cors explain "<console message>"', "standard input", "--json", "--all-fixes", "Exit status: 0"]) expect(run.stdout).toContain(text);
  });

  it("no arguments print the help on stderr, exit 2", async () => {
    const run = await runInProcess([]);
    expect(run).toMatchObject({ status: 2, stdout: "" });
    expect(run.stderr).toContain("Usage:");
  });
});

describe("usage errors exit 2 and say what to write", () => {
  it.each([
    [["frobnicate"], 'unknown command "frobnicate" (the commands are "check" and "explain")'],
    [["explain", "x", "--origin", ORIGIN], "--origin belongs to fetch-cors check"],
    [["explain", "x", "-X", "PUT", "--credentials"], "--method, --credentials belong to fetch-cors check"],
    [["check"], "missing <url>"],
    [["check", url], "missing --origin"],
    [["check", url, "https://other", "--origin", ORIGIN], "one URL at a time"],
    [["check", "not a url", "--origin", ORIGIN], "is not an http(s) URL"],
    [["check", "ftp://example.com/", "--origin", ORIGIN], "is not an http(s) URL"],
    [["check", "https://user:pw@example.com/", "--origin", ORIGIN], "contains credentials"],
    [["check", url, "--origin", "https://app.example.com/"], "did you mean https://app.example.com?"],
    [["check", url, "--origin", "app.example.com"], "is not an origin"],
    [["check", url, "--origin", "HTTPS://App.Example.com:443"], "use https://app.example.com"],
    [["check", url, "--origin", "https://YOUR-PAGE-ORIGIN"], "is a placeholder: write the origin of the page"],
    [["check", url, "--origin", ORIGIN, "-X", "TRACE"], "forbidden method"],
    [["check", url, "--origin", ORIGIN, "-X", "GE T"], "not a valid method name"],
    [["check", url, "--origin", ORIGIN, "-H", "Bad Name: x"], "not a valid HTTP token"],
    [["check", url, "--origin", ORIGIN, "-H", "X-A: a\nb"], "control character"],
    [["check", url, "--origin", ORIGIN, "--timeout", "soon"], "--timeout"],
    [["check", url, "--origin", ORIGIN, "--frobnicate"], "Unknown option"],
    [["check", url, "--origin"], "argument missing"],
    [["check", url, "--policy", "p.json"], "--policy checks a policy file offline"],
    [["check", "--policy", "p.json", "--credentials"], "--policy checks a policy file offline"],
    [["check", url, "--origin", ORIGIN, "-X", "POST"], "a POST with CORS-safelisted headers goes out without a preflight"],
    [["check", url, "--origin", ORIGIN, "-X", "post", "-H", "Content-Type: text/plain"], "pass --send"],
    [["check", url, "--origin", ORIGIN, "-X", "GET", "--timeout", "0"], "--timeout"],
    [["check", url, "--origin", ORIGIN, "-H", "X-Snow: ☃"], "not a byte"],
    [["check", url, "--origin", ORIGIN, "-H", ": value"], "not a valid HTTP token"],
    [["check", url, "--origin", ORIGIN, "-X", "connect"], "forbidden method"],
    [["check", url, "--origin", "https://app.example.com:99999"], "not a valid origin"],
    [["check", url, "--origin", "https://user@app.example.com"], "is not an origin"],
  ])("%j → %s", async (args, words) => {
    const run = await runInProcess(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(words);
  });
});

describe("what needs no --send", () => {
  it.each([["GET"], ["HEAD"], ["PUT"], ["POST", "-H", "Content-Type: application/json"]])("%s %s %s: the request is safe, or its preflight can be checked", (method, ...headers) => {
    expect(parseCommand(["check", url, "--origin", ORIGIN, "-X", method, ...headers]).kind).toBe("url");
  });

  it("a simple POST with --send", () => {
    expect(parseCommand(["check", url, "--origin", ORIGIN, "-X", "POST", "--send"]).kind).toBe("url");
  });
});

describe("origins are taken as browsers send them", () => {
  it.each(["null", "http://localhost:3000", "https://app.example.com", "capacitor://localhost", "chrome-extension://abcdefgh"])("%s is accepted", (origin) => {
    expect(parseCommand(["check", url, "--origin", origin]).kind).toBe("url");
  });
});

describe("headers on the command line", () => {
  const parse = (...headers: string[]) => parseCommand(["check", url, "--origin", ORIGIN, ...headers.flatMap((h) => ["-H", h])]) as UrlCheck;

  it("splits Name: value at the first colon and normalizes the value", () => {
    expect(parse("Authorization:  Bearer a:b ").headers).toEqual([["Authorization", "Bearer a:b"]]);
  });

  it("keeps an empty value after the colon", () => {
    expect(parse("X-Empty:").headers).toEqual([["X-Empty", ""]]);
  });

  it("sends a name without a value with a placeholder that asks whether the name is allowed", () => {
    expect(parse("X-Api-Key", "content-type")).toMatchObject({ headers: [["X-Api-Key", "1"], ["content-type", "application/json"]], bareHeaders: ["X-Api-Key", "content-type"] });
    expect(placeholderValue("Content-Type")).toBe("application/json");
  });

  it("notes that a safelisted name without a value is not named in a preflight", async () => {
    const run = await runInProcess(["check", "http://127.0.0.1:9/", "--origin", ORIGIN, "-H", "Accept", "--json", "--timeout", "2"]);
    expect((JSON.parse(run.stdout) as { notes: string[] }).notes.join(" ")).toContain("accept was given without a value");
  });

  it("drops a forbidden header and says so", async () => {
    const run = await runInProcess(["check", "http://127.0.0.1:9/", "--origin", ORIGIN, "-H", "Host: x", "--json", "--timeout", "2"]);
    expect((JSON.parse(run.stdout) as { notes: string[] }).notes).toContain("host is dropped: it is a forbidden request header that scripts cannot set.");
  });

  it("sends Cookie with the actual request only, and only with --credentials", async () => {
    const recorded = recording(healthy());
    const server = await listen(recorded.handler);
    try {
      const base = ["check", `${server.url}/items`, "--origin", ORIGIN, "-X", "PUT", "--send", "-H", "Cookie: session=1", "--json"];
      const withCredentials = await runInProcess([...base, "--credentials"]);
      expect(withCredentials.status).toBe(0);
      expect(recorded.requests.map((r) => [r.method, r.headers.cookie])).toEqual([["OPTIONS", undefined], ["PUT", "session=1"]]);
      recorded.requests.length = 0;
      const without = await runInProcess(base);
      expect(recorded.requests.map((r) => r.headers.cookie)).toEqual([undefined, undefined]);
      expect((JSON.parse(without.stdout) as { notes: string[] }).notes.join(" ")).toContain("add --credentials");
    } finally {
      await server.close();
    }
  });
});
