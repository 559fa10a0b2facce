// needsPreflight against the Fetch Standard: https://fetch.spec.whatwg.org/#cors-safelisted-method,
// #cors-safelisted-request-header, #cors-unsafe-request-header-names, #forbidden-request-header.
import { describe, expect, it } from "vitest";
import { needsPreflight } from "../../src/check/index.ts";

const withHeader = (name: string, value: string) => needsPreflight({ method: "GET", headers: [[name, value]] });

describe("CORS-safelisted methods: only GET, HEAD and POST go without a preflight", () => {
  it.each([
    ["GET", false], ["HEAD", false], ["POST", false], ["get", false], ["Post", false],
    ["PUT", true], ["DELETE", true], ["PATCH", true], ["OPTIONS", true], ["patch", true], ["PROPFIND", true],
  ])("%s → preflight %s", (method, preflight) => {
    expect(needsPreflight({ method }).preflight).toBe(preflight);
  });

  it("defaults to GET when no method is given", () => {
    expect(needsPreflight({})).toMatchObject({ method: "GET", preflight: false, reasons: [] });
  });

  it("says why a method needs a preflight", () => {
    expect(needsPreflight({ method: "PUT" }).reasons).toEqual(["method PUT is not CORS-safelisted (only GET, HEAD and POST are)"]);
  });
});

describe("method normalization: fetch() uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT", () => {
  it.each([
    ["delete", "DELETE"], ["get", "GET"], ["head", "HEAD"], ["options", "OPTIONS"], ["post", "POST"], ["pUt", "PUT"],
    ["patch", "patch"], ["Patch", "Patch"], ["PATCH", "PATCH"], ["mkcol", "mkcol"],
  ])("%s is sent as %s", (method, sent) => {
    expect(needsPreflight({ method }).method).toBe(sent);
  });
});

describe("forbidden methods and invalid tokens make fetch() throw", () => {
  it.each(["CONNECT", "trace", "Track", "GE T", "", "GET\n", "PÜT"])("%j is invalid", (method) => {
    expect(needsPreflight({ method }).invalid).toHaveLength(1);
  });

  it("reports nothing invalid for a valid request", () => {
    expect(needsPreflight({ method: "PATCH", headers: [["X-A", "1"]] }).invalid).toEqual([]);
  });
});

describe("CORS-safelisted request-header names: accept, accept-language, content-language, content-type, range", () => {
  it.each([
    ["Accept", "application/json"], ["Accept-Language", "en-US,en;q=0.9"], ["Content-Language", "de-DE"],
    ["Content-Type", "text/plain"], ["Range", "bytes=0-"],
  ])("%s: %s needs no preflight", (name, value) => {
    expect(withHeader(name, value)).toMatchObject({ preflight: false, unsafeHeaders: [], accessControlRequestHeaders: null });
  });

  it.each(["Authorization", "X-Requested-With", "Cache-Control", "If-None-Match", "User-Agent", "X-Api-Key"])("%s is CORS-unsafe", (name) => {
    expect(withHeader(name, "1")).toMatchObject({ preflight: true, unsafeHeaders: [name.toLowerCase()] });
  });

  it("says that an Access-Control-* header is a response header the request should not carry", () => {
    expect(withHeader("Access-Control-Allow-Origin", "*")).toMatchObject({
      preflight: true, unsafeHeaders: ["access-control-allow-origin"],
      reasons: ["access-control-allow-origin is a response header, which the request should not carry"],
    });
  });
});

describe("accept and content-type may not hold a CORS-unsafe request-header byte", () => {
  it.each([...'"():<>?@[\\]{}', "\u0001", "\u001f", "\u007f"])("accept with %j is CORS-unsafe", (byte) => {
    expect(withHeader("accept", `text/${byte}x`).unsafeHeaders).toEqual(["accept"]);
  });

  it("allows a tab inside the value", () => {
    expect(withHeader("accept", "text/html,\tapplication/json").preflight).toBe(false);
  });

  it("treats a quoted parameter in content-type as unsafe (the quote is an unsafe byte)", () => {
    expect(withHeader("content-type", 'text/plain; charset="utf-8"').unsafeHeaders).toEqual(["content-type"]);
  });
});

describe("accept-language and content-language allow only letters, digits, space and *,-.;=", () => {
  it.each(["en-US,en;q=0.5", "*", "de DE", "zh-Hant-TW"])("%j is safelisted", (value) => {
    expect(withHeader("accept-language", value).preflight).toBe(false);
  });

  it.each(["en_US", "en/US", "fr!", "é"])("%j is CORS-unsafe", (value) => {
    expect(withHeader("content-language", value).unsafeHeaders).toEqual(["content-language"]);
  });
});

describe("content-type: only the three form/plain MIME types, parameters ignored", () => {
  it.each([
    "text/plain", "text/plain; charset=utf-8", "TEXT/Plain", "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded", "  text/plain  ", "text/plain;", "text/plain ;charset=utf-8",
  ])("%j is safelisted", (value) => {
    expect(withHeader("content-type", value).preflight).toBe(false);
  });

  it.each(["application/json", "text/html", "text/plain garbage", "text/ plain", "text /plain", "text/", "/plain", "", "text", "application/json; x=text/plain"])(
    "%j is CORS-unsafe",
    (value) => {
      expect(withHeader("content-type", value).accessControlRequestHeaders).toBe("content-type");
    },
  );

  it("explains which types are safelisted", () => {
    expect(withHeader("content-type", "application/json").reasons).toEqual([
      "content-type application/json is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain",
    ]);
  });
});

describe("range: a single byte range with a start", () => {
  it.each(["bytes=0-", "bytes=0-499", "bytes=10-10", "bytes=0-99999999999999999999999"])("%j is safelisted", (value) => {
    expect(withHeader("range", value).preflight).toBe(false);
  });

  // "If data does not start with "bytes", return failure" is case-sensitive (Firefox agrees; Chromium
  // alone also takes "BYTES"): the standard decides where browsers differ.
  it.each(["bytes=-500", "bytes=5-1", "bytes=0-1,5-6", "items=0-1", "bytes = 0-1", "bytes=a-", "bytes=-", "BYTES=5-", "Bytes=0-"])("%j is CORS-unsafe", (value) => {
    expect(withHeader("range", value).unsafeHeaders).toEqual(["range"]);
  });
});

describe("a safelisted header's value is at most 128 bytes", () => {
  it("accepts 128 bytes", () => {
    expect(withHeader("accept", "a".repeat(128)).preflight).toBe(false);
  });

  it("names the header at 129 bytes", () => {
    expect(withHeader("accept", "a".repeat(129))).toMatchObject({ preflight: true, accessControlRequestHeaders: "accept", reasons: ["accept is longer than 128 bytes (129)"] });
  });
});

describe("safelisted values add up to at most 1024 bytes", () => {
  const accepts = (count: number, size: number) => Array.from({ length: count }, () => ["accept", "a".repeat(size)] as [string, string]);

  it("accepts exactly 1024 bytes", () => {
    expect(needsPreflight({ headers: [...accepts(8, 128)] }).preflight).toBe(false);
  });

  it("makes every safelisted header unsafe above 1024 bytes", () => {
    const need = needsPreflight({ headers: [...accepts(8, 128), ["content-language", "de"]] });
    expect(need).toMatchObject({ preflight: true, accessControlRequestHeaders: "accept,content-language" });
    expect(need.reasons).toContain("the safelisted headers' values add up to 1026 bytes (more than 1024)");
  });

  it("counts the Accept: */* that fetch() adds when the script sets no Accept", () => {
    const languages = (sizes: number[]) => sizes.map((size) => ["content-language", "a".repeat(size)] as [string, string]);
    expect(needsPreflight({ headers: languages([128, 128, 128, 128, 128, 128, 128, 125]) }).preflight).toBe(false);
    const need = needsPreflight({ headers: languages([128, 128, 128, 128, 128, 128, 128, 126]) });
    expect(need).toMatchObject({ preflight: true, accessControlRequestHeaders: "accept,content-language" });
    expect(need.reasons).toEqual(["the safelisted headers' values add up to 1025 bytes, with the Accept: */* that fetch() adds (more than 1024)"]);
  });

  it("counts only safelisted values toward the limit", () => {
    expect(needsPreflight({ method: "POST", headers: [["x-big", "b".repeat(2000)], ...accepts(2, 100)] }).unsafeHeaders).toEqual(["x-big"]);
  });
});

describe("CORS-unsafe request-header names: lowercase, sorted, without duplicates, joined by \",\"", () => {
  it("sends the names a browser sends", () => {
    const need = needsPreflight({ method: "POST", headers: [["X-Zeta", "1"], ["Content-Type", "application/json"], ["x-zeta", "2"], ["Authorization", "Bearer t"], ["Accept", "*/*"]] });
    expect(need.unsafeHeaders).toEqual(["authorization", "content-type", "x-zeta"]);
    expect(need.accessControlRequestHeaders).toBe("authorization,content-type,x-zeta");
  });

  it("reads a Headers object, a list of pairs and a record alike", () => {
    const pairs: [string, string][] = [["X-B", "1"], ["X-A", "2"]];
    const expected = ["x-a", "x-b"];
    expect(needsPreflight({ headers: new Headers(pairs) }).unsafeHeaders).toEqual(expected);
    expect(needsPreflight({ headers: pairs }).unsafeHeaders).toEqual(expected);
    expect(needsPreflight({ headers: Object.fromEntries(pairs) }).unsafeHeaders).toEqual(expected);
  });

  it("omits Access-Control-Request-Headers when no header is unsafe", () => {
    expect(needsPreflight({ method: "PUT", headers: [["accept", "text/html"]] })).toMatchObject({ preflight: true, accessControlRequestHeaders: null });
  });
});

describe("forbidden request headers are dropped, never named in a preflight", () => {
  it.each(["Cookie", "Host", "Origin", "Referer", "Connection", "Content-Length", "Sec-Fetch-Mode", "Proxy-Authorization", "Access-Control-Request-Method", "Set-Cookie", "DNT"])(
    "%s",
    (name) => {
      expect(withHeader(name, "x")).toMatchObject({ preflight: false, unsafeHeaders: [], dropped: [name.toLowerCase()] });
    },
  );

  it("drops a method-override header that names a forbidden method, and keeps others", () => {
    expect(withHeader("X-HTTP-Method-Override", "GET, trace").dropped).toEqual(["x-http-method-override"]);
    expect(withHeader("X-HTTP-Method-Override", '"TRACE"')).toMatchObject({ dropped: [], unsafeHeaders: ["x-http-method-override"] });
  });
});

describe("header values are normalized and must be bytes without NUL, CR or LF", () => {
  it("strips leading and trailing whitespace before judging", () => {
    expect(withHeader("content-type", " \ttext/plain\r\n ").preflight).toBe(false);
    expect(withHeader("x-a", "  v  ").headers).toEqual([["x-a", "v"]]);
  });

  it.each([["x-a", "a\u0000b"], ["x-a", "a\nb"], ["x-a", "a\rb"], ["x-a", "snow☃"], ["bad name", "v"], ["", "v"], ["x(a)", "v"]])(
    "%j: %j makes fetch() throw",
    (name, value) => {
      expect(withHeader(name, value).invalid).toHaveLength(1);
    },
  );

  it("answers instead of throwing when the headers cannot be read", () => {
    const broken = new Proxy({}, { ownKeys: () => { throw new Error("boom"); } }) as Record<string, string>;
    expect(needsPreflight({ headers: broken }).invalid).toEqual(["headers cannot be read"]);
  });
});

describe("the use-CORS-preflight flag forces a preflight", () => {
  it("for an otherwise simple request", () => {
    expect(needsPreflight({ method: "GET" }, { useCorsPreflight: true })).toMatchObject({ preflight: true, reasons: ["the request's use-CORS-preflight flag is set"] });
  });
});
