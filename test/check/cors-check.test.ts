// checkActualResponse against the CORS check of the Fetch Standard (https://fetch.spec.whatwg.org/#concept-cors-check).
import { describe, expect, it } from "vitest";
import { checkActualResponse, corsCheckPasses, type CorsRequestInfo } from "../../src/check/index.ts";

const ORIGIN = "https://app.example.com";

function check(headers: Record<string, string>, request: Partial<CorsRequestInfo> = {}, status = 200) {
  return checkActualResponse({ status, headers: new Headers(headers) }, { origin: ORIGIN, method: "GET", ...request });
}

const codes = (result: { problems: readonly { code: string }[] }) => result.problems.map((p) => p.code);

describe("Access-Control-Allow-Origin must be present", () => {
  it("missing → missing-allow-origin, with Chrome's message", () => {
    const result = check({});
    expect(codes(result)).toEqual(["missing-allow-origin"]);
    // As Chromium 156 prints it for fetch(): without the older "opaque response" hint.
    expect(result.consoleMessage).toBe("No 'Access-Control-Allow-Origin' header is present on the requested resource.");
  });

  it("an error status without it says error responses need CORS headers too", () => {
    expect(check({}, {}, 500).problems[0]?.message).toContain("error responses need CORS headers too");
  });

  it("an empty value is present but matches nothing", () => {
    expect(codes(check({ "access-control-allow-origin": "" }))).toEqual(["origin-mismatch"]);
  });
});

describe("without credentials, * or the exact origin passes", () => {
  it.each([["*", true], [ORIGIN, true], ["https://APP.example.com", false], [`${ORIGIN}/`, false], ["https://app.example.com:443", false], ["http://app.example.com", false], ["null", false]])(
    "%j → %s",
    (value, allowed) => {
      expect(check({ "access-control-allow-origin": value, vary: "Origin" }).allowed).toBe(allowed);
    },
  );

  it.each([
    [`${ORIGIN}/`, "trailing slash"], ["https://APP.EXAMPLE.COM", "case differs"], ["http://app.example.com", "scheme differs"],
    ["https://app.example.com:8443", "port differs"],
  ])("origin-mismatch for %j explains the %s", (value, hint) => {
    expect(check({ "access-control-allow-origin": value }).problems[0]?.message).toContain(hint);
  });

  it("compares byte for byte, so the origin null matches the value null", () => {
    expect(check({ "access-control-allow-origin": "null", vary: "origin" }, { origin: "null" }).allowed).toBe(true);
  });
});

describe("a single Access-Control-Allow-Origin value only", () => {
  it("two fields (proxy plus app) are multiple-allow-origin", () => {
    const headers = new Headers();
    headers.append("access-control-allow-origin", ORIGIN);
    headers.append("access-control-allow-origin", ORIGIN);
    const result = checkActualResponse({ status: 200, headers }, { origin: ORIGIN, method: "GET" });
    expect(codes(result)).toEqual(["multiple-allow-origin"]);
    expect(result.consoleMessage).toBe(`The 'Access-Control-Allow-Origin' header contains multiple values '${ORIGIN}, ${ORIGIN}', but only one is allowed. Have the server send the header with a valid value.`);
  });

  it("a value with a space is several values to Chrome too", () => {
    const result = check({ "access-control-allow-origin": `${ORIGIN} ${ORIGIN}` });
    expect(codes(result)).toEqual(["multiple-allow-origin"]);
    expect(result.consoleMessage).toContain("contains multiple values");
  });
});

describe("Chrome's words for a value that is not the origin", () => {
  it.each([
    [`${ORIGIN}/`, `The 'Access-Control-Allow-Origin' header has a value '${ORIGIN}/' that is not equal to the supplied origin. Have the server send the header with a valid value.`],
    ["null", "The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin. Have the server send the header with a valid value."],
    ["app.example.com", "The 'Access-Control-Allow-Origin' header contains the invalid value 'app.example.com'. Have the server send the header with a valid value."],
  ])("%j → %j", (value, text) => {
    const result = check({ "access-control-allow-origin": value });
    expect(codes(result)).toEqual(["origin-mismatch"]);
    expect(result.consoleMessage).toBe(text);
  });

  it("the fix is to change the value, not to add anything", () => {
    expect(check({ "access-control-allow-origin": `${ORIGIN}/` }).problems[0]?.fix).toBe(`Change the value to the request's exact origin: Access-Control-Allow-Origin: ${ORIGIN}, with Vary: Origin.`);
  });
});

describe("with credentials: the exact origin and Access-Control-Allow-Credentials: true", () => {
  const credentials = { credentials: "include" } as const;

  it("passes with both", () => {
    expect(check({ "access-control-allow-origin": ORIGIN, "access-control-allow-credentials": "true", vary: "Origin" }, credentials).problems).toEqual([]);
  });

  it("* is wildcard-with-credentials", () => {
    const result = check({ "access-control-allow-origin": "*", "access-control-allow-credentials": "true" }, credentials);
    expect(codes(result)).toEqual(["wildcard-with-credentials"]);
    expect(result.consoleMessage).toContain("must not be the wildcard '*'");
  });

  it.each([[undefined, "no Access-Control-Allow-Credentials"], ["True", '"True"'], ["true, true", '"true, true"'], ["1", '"1"']])(
    "Access-Control-Allow-Credentials %j is missing-allow-credentials (%s)",
    (value, words) => {
      const headers: Record<string, string> = { "access-control-allow-origin": ORIGIN, vary: "Origin" };
      if (value !== undefined) headers["access-control-allow-credentials"] = value;
      const result = check(headers, credentials);
      expect(codes(result)).toEqual(["missing-allow-credentials"]);
      expect(result.problems[0]?.message).toContain(words);
    },
  );

  it("lists both missing headers when neither is there", () => {
    expect(codes(check({}, { credentials: true }))).toEqual(["missing-allow-origin", "missing-allow-credentials"]);
  });

  it("ignores Access-Control-Allow-Credentials for a request without credentials", () => {
    for (const credentials of [false, "omit", "same-origin", undefined] as const) {
      expect(check({ "access-control-allow-origin": "*" }, { credentials }).allowed).toBe(true);
    }
  });
});

describe("Vary: Origin when the response echoes the origin", () => {
  it.each([["Origin", []], ["accept-encoding, origin", []], ["*", []], [undefined, ["missing-vary-origin"]], ["Accept", ["missing-vary-origin"]]])(
    "Vary %j → %j",
    (vary, warnings) => {
      const headers: Record<string, string> = { "access-control-allow-origin": ORIGIN };
      if (vary !== undefined) headers.vary = vary;
      const result = check(headers);
      expect(codes(result)).toEqual(warnings);
      expect(result.allowed).toBe(true);
    },
  );

  it("is not needed for *", () => {
    expect(check({ "access-control-allow-origin": "*" }).problems).toEqual([]);
  });
});

describe("corsCheckPasses is the boolean form of the same check", () => {
  it.each([[{ "access-control-allow-origin": ORIGIN }, true], [{}, false]])("%j → %s", (headers, passes) => {
    expect(corsCheckPasses({ status: 200, headers: new Headers(headers) }, { origin: ORIGIN, method: "GET" })).toBe(passes);
  });
});
