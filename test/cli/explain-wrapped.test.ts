// `fetch-cors explain` reads a console message that was wrapped over several lines when pasted
// (terminals, chat apps and bug trackers wrap long lines), as it reads the message on one line.
import { describe, expect, it } from "vitest";
import { explain, type Explanation } from "../../cli/explain/explain.ts";
import { runInProcess } from "./helpers/cli.ts";

function explained(text: string): Explanation {
  const answer = explain(text);
  if ("recognised" in answer) throw new Error(`not recognised: ${text}`);
  return answer;
}

const URL = "https://api.example.com/items";
const ORIGIN = "https://app.example.com";
const HEAD = `Access to fetch at '${URL}' from origin '${ORIGIN}' has been blocked by CORS policy:`;
const MISSING = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
const PUT = "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.";
const FIREFOX = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at";
const FIREFOX_REASON = "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.";

describe("a Chromium message wrapped after 'has been blocked by CORS policy:' is recognised", () => {
  it("reads the reason on the next line", () => {
    expect(explained(`${HEAD}\n${MISSING}`)).toMatchObject({ browser: "Chromium", code: "missing-allow-origin", url: URL, origin: ORIGIN });
  });

  it("reads a reason wrapped over two more lines, with its net::ERR_FAILED line after it", () => {
    const answer = explained(`${HEAD}\nResponse to preflight request doesn't pass access control\ncheck: ${PUT}\nPUT ${URL} net::ERR_FAILED`);
    expect(answer).toMatchObject({ code: "method-not-allowed", url: URL, origin: ORIGIN, method: "PUT" });
    expect(answer.check).toBe(`fetch-cors check ${URL} --origin ${ORIGIN} -X PUT`);
  });
});

describe("a Chromium message wrapped in the middle of a quoted URL is joined without a space", () => {
  it("keeps the page's URL whole", () => {
    const answer = explained(`Access to fetch at 'https://api.exa\nmple.com/items' from origin '${ORIGIN}' has been blocked by CORS policy: ${MISSING}`);
    expect(answer).toMatchObject({ code: "missing-allow-origin", url: URL, origin: ORIGIN });
    expect(answer.check).toBe(`fetch-cors check ${URL} --origin ${ORIGIN}`);
  });

  it("keeps the origin whole, and joins a word break elsewhere with a space", () => {
    const answer = explained(`Access to fetch at '${URL}' from origin 'https://app.exa\nmple.com' has been blocked by CORS\npolicy: ${PUT}`);
    expect(answer).toMatchObject({ code: "method-not-allowed", url: URL, origin: ORIGIN, method: "PUT" });
  });

  it("keeps the URL whole when the break falls just before its closing quote", () => {
    expect(explained(`Access to fetch at '${URL}\n' from origin '${ORIGIN}' has been blocked by CORS policy: ${MISSING}`)).toMatchObject({ url: URL, origin: ORIGIN });
  });
});

describe("a Firefox message wrapped after 'resource at' or before '(Reason: …)' is recognised", () => {
  it("reads the URL on the line after 'resource at'", () => {
    expect(explained(`${FIREFOX}\n${URL}. ${FIREFOX_REASON}`)).toMatchObject({ browser: "Firefox", code: "missing-allow-origin", url: URL, status: 200 });
  });

  it("reads the reason on the line after the URL", () => {
    const answer = explained(`${FIREFOX} ${URL}.\n(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 405.`);
    expect(answer).toMatchObject({ code: "preflight-status", codes: ["preflight-status", "missing-allow-origin"], url: URL, status: 405 });
  });

  it("keeps an unquoted URL wrapped in its middle whole", () => {
    expect(explained(`${FIREFOX} https://api.exa\nmple.com/items. ${FIREFOX_REASON}`)).toMatchObject({ code: "missing-allow-origin", url: URL });
  });
});

describe("joining never changes the answer for lines recognised one by one", () => {
  it("answers a message on one line and its net::ERR_FAILED line as before", () => {
    const text = `${HEAD} ${PUT}\nPUT ${URL} net::ERR_FAILED`;
    expect(explained(text)).toEqual(explained(`${HEAD} ${PUT}`));
  });

  it("still refuses a lone companion line", () => {
    expect(explain(`GET ${URL} net::ERR_FAILED 200 (OK)`)).toMatchObject({ recognised: false });
  });
});

describe("huge input is answered quickly", () => {
  it("10,000 lines of garbage, some with open URLs, exit 2 within a second or two", async () => {
    const text = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? `garbage ${i} at 'https://x.example/` : `Access to fetch at 'https://x${i}`)).join("\n");
    const started = performance.now();
    const run = await runInProcess(["explain"], {}, undefined, text);
    expect(run.status).toBe(2);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
