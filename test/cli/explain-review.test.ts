// `fetch-cors explain` on messages as users paste them: with DevTools' network line, Firefox's
// "[Learn More]", curly quotes, a source location, wrapped lines — and the printed check command
// runs as printed and makes check send what the browser sent (a preflight, when one failed).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../cli/args.ts";
import { explain, type Explanation } from "../../cli/explain/explain.ts";
import { needsPreflight } from "../../src/check/index.ts";

const API = "https://api.example.com/items";
const PAGE = "https://app.example.com";
const chrome = (reason: string) => `Access to fetch at '${API}' from origin '${PAGE}' has been blocked by CORS policy: ${reason}`;
const PRE = "Response to preflight request doesn't pass access control check: ";
const firefox = (reason: string, status?: string) => `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${API}. (Reason: ${reason}).${status === undefined ? "" : ` Status code: ${status}.`}`;

function explained(text: string): Explanation {
  const answer = explain(text);
  if ("recognised" in answer) throw new Error(`not recognised: ${text}\n${answer.reason}`);
  return answer;
}

/** The words bash makes of the printed command (throws on a bash syntax error). */
function shellWords(command: string | null): string[] {
  if (command === null) throw new Error("no check command");
  const out = execFileSync("bash", ["-c", `set -- ${command}; printf '%s\\0' "$@"`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

/** What check would do with the printed command (the page's origin filled in): its method, and whether it sends a preflight. */
function checkRun(command: string | null): { preflight: boolean; method: string } {
  const words = shellWords(command?.replace("'https://YOUR-PAGE-ORIGIN'", PAGE) ?? null);
  expect(words.slice(0, 2)).toEqual(["fetch-cors", "check"]);
  const parsed = parseCommand(words.slice(1));
  if (parsed.kind !== "url") throw new Error(`check refuses: ${command}\n${JSON.stringify(parsed)}`);
  return { preflight: needsPreflight({ method: parsed.method, headers: parsed.headers }).preflight, method: parsed.method };
}

describe("a DevTools network line pasted with a preflight message does not override the message", () => {
  const status = chrome(`${PRE}It does not have HTTP ok status.`);
  const noOrigin = chrome(`${PRE}No 'Access-Control-Allow-Origin' header is present on the requested resource.`);

  it.each([
    ["GET, no status", `${status}\nGET ${API} net::ERR_FAILED`, "GET"],
    ["POST 200 (OK)", `${status}\nPOST ${API} net::ERR_FAILED 200 (OK)`, "POST"],
    ["GET 200, missing header on the preflight", `${noOrigin}\nGET ${API} net::ERR_FAILED 200 (OK)`, "GET"],
    ["the network line first", `POST ${API} net::ERR_FAILED 200 (OK)\n${status}`, "POST"],
  ])("%s: the check command still sends a preflight, for the page's method", (_, text, method) => {
    const answer = explained(text);
    expect(answer.method).toBe(method);
    expect(checkRun(answer.check)).toEqual({ preflight: true, method });
  });

  it("the network line's status is the actual request's, not the preflight's", () => {
    const answer = explained(`${status}\nPOST ${API} net::ERR_FAILED 200 (OK)`);
    expect(answer.status).toBeNull();
    expect(answer.cause).not.toContain("status 200");
  });

  it("an OPTIONS network line is the preflight: its status is kept, its method is not the page's", () => {
    const answer = explained(`${status}\nOPTIONS ${API} net::ERR_FAILED 404 (Not Found)`);
    expect(answer).toMatchObject({ status: 404, method: null });
  });

  it("a method the message names keeps forcing the preflight by itself", () => {
    const answer = explained(`${chrome("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.")}\nPUT ${API} net::ERR_FAILED`);
    expect(answer.check).toBe(`fetch-cors check ${API} --origin ${PAGE} -X PUT`);
  });

  it("an actual-response message still takes the network line's status", () => {
    const answer = explained(`${chrome("No 'Access-Control-Allow-Origin' header is present on the requested resource.")}\nGET ${API} net::ERR_FAILED 500 (Internal Server Error)`);
    expect(answer).toMatchObject({ method: "GET", status: 500 });
  });
});

describe("Firefox's status forms whose root is the preflight's status print a check command that sends a preflight", () => {
  it.each(["404", "500", "403"])("ACAO missing, status %s", (code) => {
    const answer = explained(firefox("CORS header ‘Access-Control-Allow-Origin’ missing", code));
    expect(answer.code).toBe("preflight-status");
    expect(checkRun(answer.check).preflight).toBe(true);
  });

  it("a preflight that did not succeed, status 404", () => {
    const answer = explained(firefox("CORS preflight response did not succeed", "404"));
    expect(answer.check).toMatch(/ -X /);
  });
});

describe("Firefox messages ending with [Learn More] are recognised", () => {
  it.each([
    ["after a status", `${firefox("CORS header ‘Access-Control-Allow-Origin’ missing", "200")} [Learn More]`, "missing-allow-origin", 200],
    ["after a status, status 405", `${firefox("CORS header ‘Access-Control-Allow-Origin’ missing", "405")} [Learn More]`, "preflight-status", 405],
    ["glued to the period", `${firefox("CORS request did not succeed")}[Learn More]`, "unreachable", null],
    ["after a space", `${firefox("Did not find method in CORS header ‘Access-Control-Allow-Methods’")} [Learn More]`, "method-not-allowed", null],
  ] as const)("%s", (_, text, code, status) => {
    expect(explained(text)).toMatchObject({ browser: "Firefox", code, url: API, status });
  });
});

describe("Chromium messages with curly quotes are recognised like straight ones", () => {
  const curly = (text: string) => text.replace(/'([^']*)'/g, "‘$1’");
  it.each([
    ["‘single’ quotes", curly(chrome("No 'Access-Control-Allow-Origin' header is present on the requested resource.")), "missing-allow-origin"],
    ["“double” quotes", chrome("No 'Access-Control-Allow-Origin' header is present on the requested resource.").replace(/'([^']*)'/g, "“$1”"), "missing-allow-origin"],
    ["a quoted value", curly(chrome(`The 'Access-Control-Allow-Origin' header has a value '${PAGE}/' that is not equal to the supplied origin.`)), "origin-mismatch"],
    ["a preflight", curly(chrome(`${PRE}It does not have HTTP ok status.`)), "preflight-status"],
  ] as const)("%s", (_, text, code) => {
    expect(explained(text)).toMatchObject({ browser: "Chromium", code, url: API, origin: PAGE });
  });

  it("the header a curly-quoted message names is read", () => {
    expect(explained(curly(chrome("Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response."))).header).toBe("x-api-key");
  });
});

describe("a source location after a Chromium message leaves it the CORS line, with its facts", () => {
  const method = chrome("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.");
  it.each([
    ["app.js:12 after spaces", `${method}    app.js:12`],
    ["zone.js:2969", `${method} zone.js:2969`],
    ["a line and column", `${method} main.7f3a.js:1:2345`],
    ["(index)", `${method} (index):45`],
    ["a location and the network line glued", `${method} zone.js:2969 PUT ${API} net::ERR_FAILED`],
    ["the network line glued without a location", `${method} PUT ${API} net::ERR_FAILED`],
  ])("%s", (_, text) => {
    const answer = explained(text);
    expect(answer).toMatchObject({ code: "method-not-allowed", method: "PUT", url: API, origin: PAGE });
    expect(answer.check).toBe(`fetch-cors check ${API} --origin ${PAGE} -X PUT`);
  });

  it("a header not allowed, with its location", () => {
    expect(explained(`${chrome("Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.")}    app.js:12`)).toMatchObject({ code: "header-not-allowed", header: "x-api-key" });
  });

  it("a preflight status with a location and a glued POST line still forces the preflight", () => {
    const answer = explained(`${chrome(`${PRE}It does not have HTTP ok status.`)} zone.js:2969 POST ${API} net::ERR_FAILED 200 (OK)`);
    expect(answer).toMatchObject({ code: "preflight-status", method: "POST", status: null });
    expect(checkRun(answer.check)).toEqual({ preflight: true, method: "POST" });
  });
});

describe("placeholders in a printed check command are valid shell, marked, and explained in a Replace line", () => {
  it.each([
    ["Firefox names no origin nor method", firefox("Did not find method in CORS header ‘Access-Control-Allow-Methods’"), ["'https://YOUR-PAGE-ORIGIN'", "-X 'YOUR-METHOD'"]],
    ["a Chromium preflight without a method", chrome(`${PRE}It does not have HTTP ok status.`), ["-X 'YOUR-METHOD'"]],
    ["a GET whose preflight failed", `${chrome(`${PRE}It does not have HTTP ok status.`)}\nGET ${API} net::ERR_FAILED`, ["-H 'X-YOUR-HEADER'"]],
    ["Safari names no URL", "Preflight response is not successful. Status code: 405", ["'https://YOUR-API-URL'", "'https://YOUR-PAGE-ORIGIN'"]],
  ] as const)("%s", (_, text, placeholders) => {
    const answer = explained(text);
    for (const placeholder of placeholders) expect(answer.check).toContain(placeholder);
    expect(answer.check).not.toMatch(/[<>]/);
    expect(() => shellWords(answer.check)).not.toThrow();
    expect(checkRun(answer.check).preflight).toBe(true);
  });

  it("the terminal answer says what to replace each placeholder with", async () => {
    const { runInProcess } = await import("./helpers/cli.ts");
    const run = await runInProcess(["explain", firefox("Did not find method in CORS header ‘Access-Control-Allow-Methods’")]);
    expect(run.stdout).toContain("Replace https://YOUR-PAGE-ORIGIN with your page's origin");
    expect(run.stdout).toContain("YOUR-METHOD with the method the page sends");
  });

  it("a command without placeholders gets no Replace line", async () => {
    const { runInProcess } = await import("./helpers/cli.ts");
    const run = await runInProcess(["explain", chrome("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.")]);
    expect(run.stdout).not.toContain("Replace ");
  });

  it("a companion line's command uses the same placeholders", async () => {
    const { runInProcess } = await import("./helpers/cli.ts");
    const run = await runInProcess(["explain", `GET ${API} net::ERR_FAILED 200 (OK)`]);
    expect(run.stdout).toContain(`fetch-cors check ${API} --origin 'https://YOUR-PAGE-ORIGIN'`);
    expect(run.stdout).toContain("Replace https://YOUR-PAGE-ORIGIN");
  });

  it("a file:// page gets no command check would reject, but what check needs", async () => {
    const text = "Access to fetch at 'file:///tmp/data.json' from origin 'null' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, data, http, https.";
    expect(explained(text)).toMatchObject({ code: "not-http", check: null });
    const { runInProcess } = await import("./helpers/cli.ts");
    const run = await runInProcess(["explain", text]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("fetch-cors check needs the page served over http(s)");
    expect(run.stdout).not.toContain("  fetch-cors check file:");
  });
});

describe("Chrome's private-network messages get the fix each one needs", () => {
  it("no Access-Control-Allow-Private-Network: the server sends it (fetch-cors: privateNetwork: true)", () => {
    const answer = explained(chrome(`${PRE}No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the \`local\` address space.`));
    expect(answer.code).toBe("local-network-access");
    expect(answer.fixes[0]?.text).toContain("Access-Control-Allow-Private-Network: true");
    expect(answer.fixes[0]?.text).toContain("privateNetwork: true");
    expect(answer.fixes[0]?.text).not.toContain("when Chrome asks");
  });

  it("not a secure context: serve the page over HTTPS", () => {
    const answer = explained(chrome("The request client is not a secure context and the resource is in more-private address space `local`."));
    expect(answer.code).toBe("local-network-access");
    expect(answer.fixes[0]?.text).toContain("Serve the page over HTTPS");
    expect(answer.fixes[0]?.text).not.toContain("when Chrome asks");
  });

  it("Local Network Access's refused permission: allow it when Chrome asks", () => {
    const answer = explained(chrome("Permission was denied for this request to access the `loopback` address space."));
    expect(answer.fixes[0]?.text).toContain("when Chrome asks");
  });
});

describe("Safari keeps the status when the console appends the source after it", () => {
  it.each([
    ["Preflight response is not successful. Status code: 405 (items, line 0)", "preflight-status", 405],
    [`Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 200 (items, line 0)`, "missing-allow-origin", 200],
  ] as const)("%s", (text, code, status) => {
    expect(explained(text)).toMatchObject({ browser: "Safari", code, status });
  });
});
