import { describe, expect, test } from "vitest";
import { corsPolicy, preflight, type CorsOptions } from "../../src/index.ts";
import { outcome, preflightRequest } from "./requests.ts";

const APP = "https://app.example.com";

function ask(options: Omit<CorsOptions, "origins">, method: string, headers?: string) {
  const extra: Record<string, string> = headers === undefined ? {} : { "access-control-request-headers": headers };
  return preflight(preflightRequest(APP, method, extra), corsPolicy({ origins: [APP], ...options }))!;
}

describe("§2 methods are case-sensitive tokens", () => {
  test("PATCH allows PATCH", () => {
    expect(outcome(ask({ methods: ["PATCH"] }, "PATCH"))).toBe("allowed");
  });

  test('PATCH does not allow "patch", which fetch() sends as written', () => {
    expect(outcome(ask({ methods: ["PATCH"] }, "patch"))).toBe("refused");
    expect(outcome(ask({}, "patch"))).toBe("refused");
  });

  test('listing both "PATCH" and "patch" deliberately allows both', () => {
    expect(outcome(ask({ methods: ["PATCH", "patch"] }, "patch"))).toBe("allowed");
    expect(outcome(ask({ methods: ["PATCH", "patch"] }, "PATCH"))).toBe("allowed");
  });

  test("extension methods are allowed when listed", () => {
    expect(ask({ methods: ["QUERY", "PURGE"] }, "QUERY").headers.get("access-control-allow-methods")).toBe("QUERY, PURGE");
  });

  test("GET, HEAD and POST never need listing", () => {
    for (const method of ["GET", "HEAD", "POST"]) expect(outcome(ask({ methods: [] }, method))).toBe("allowed");
  });

  test("lowercase get is not the safelisted GET", () => {
    expect(outcome(ask({}, "get"))).toBe("refused");
  });
});

describe('§2 "*" in methods is a wildcard only without credentials', () => {
  test('without credentials: any method, answered "*"', () => {
    const response = ask({ methods: "*" }, "PURGE");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-methods")).toBe("*");
  });

  test("with credentials: any method, answered with the request's own method", () => {
    const response = ask({ methods: "*", credentials: true }, "PURGE");
    expect(response.headers.get("access-control-allow-methods")).toBe("PURGE");
  });

  test('"*" beside names answers both without credentials', () => {
    expect(ask({ methods: ["*", "PATCH"] }, "DELETE").headers.get("access-control-allow-methods")).toBe("*, PATCH");
  });
});

describe("§2 Access-Control-Request-Headers is parsed leniently", () => {
  const options = { requestHeaders: ["content-type", "x-trace", "x-b"] };

  test.each([
    ["lowercase", "content-type"],
    ["any case", "Content-Type, X-Trace"],
    ["no spaces", "content-type,x-trace"],
    ["extra whitespace and tabs", " content-type ,\tx-trace\t"],
    ["empty elements", ",content-type,,x-trace,"],
    ["repeated names", "x-trace, x-trace"],
  ])("%s is accepted", (_, value) => {
    expect(ask(options, "POST", value).status).toBe(204);
  });

  test("an empty value asks for no headers", () => {
    const response = ask(options, "POST", "");
    expect(response.status).toBe(204);
    expect(response.headers.has("access-control-allow-headers")).toBe(false);
  });

  test.each([["a space inside a name", "x trace"], ["a slash", "x/trace"], ["a quote", '"x-trace"'], ["a colon", "x-trace:"]])(
    "%s is an invalid token that rejects the whole preflight",
    (_, value) => {
      expect(outcome(ask(options, "POST", `content-type, ${value}`))).toBe("forbidden");
    },
  );

  test("one name not allowed refuses the preflight", () => {
    expect(outcome(ask(options, "POST", "content-type, x-other"))).toBe("refused");
  });

  test("exactly 64 names are read; a 65th rejects the preflight as too large", () => {
    const names = Array.from({ length: 65 }, (_, i) => `x-h${i}`);
    const star = { requestHeaders: "*" } as const;
    expect(outcome(ask(star, "POST", names.slice(0, 64).join(",")))).toBe("allowed");
    expect(outcome(ask(star, "POST", names.join(",")))).toBe("refused");
  });

  test("a value longer than 4096 characters is rejected unread", () => {
    const star = { requestHeaders: "*" } as const;
    expect(outcome(ask(star, "POST", `x-${"a".repeat(4094)}`))).toBe("allowed");
    expect(outcome(ask(star, "POST", `x-${"a".repeat(4095)}`))).toBe("refused");
  });
});

describe('§2 "*" in requestHeaders', () => {
  test('without credentials: any header but authorization, answered "*"', () => {
    const response = ask({ requestHeaders: "*" }, "POST", "x-anything, content-type");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-headers")).toBe("*");
  });

  test("with credentials: the request's own header list is echoed, lowercased", () => {
    const response = ask({ requestHeaders: "*", credentials: true }, "POST", "X-Anything, Content-Type");
    expect(response.headers.get("access-control-allow-headers")).toBe("x-anything, content-type");
  });

  test.each([false, true])("never covers authorization (credentials: %s)", (credentials) => {
    expect(outcome(ask({ requestHeaders: "*", credentials }, "POST", "authorization"))).toBe("refused");
    expect(outcome(ask({ requestHeaders: "*", credentials }, "POST", "x-a, Authorization"))).toBe("refused");
  });

  test('["*", "authorization"] allows it and answers "*, authorization"', () => {
    const response = ask({ requestHeaders: ["*", "authorization"] }, "POST", "authorization, x-a");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-headers")).toBe("*, authorization");
  });

  test("the refusal of authorization says how to allow it, with or without debug", () => {
    const response = ask({ requestHeaders: "*" }, "POST", "authorization");
    expect(response.headers.get("cors-rejected")).toContain('requestHeaders: ["*", "authorization"]');
  });
});

describe("§2 content-type must be listed for JSON bodies, and is by default", () => {
  test("a preflight naming content-type is allowed by the default list, refused by one without it", () => {
    expect(outcome(ask({}, "POST", "content-type"))).toBe("allowed");
    expect(outcome(ask({ requestHeaders: [] }, "POST", "content-type"))).toBe("refused");
    expect(outcome(ask({ requestHeaders: ["x-a"] }, "POST", "content-type"))).toBe("refused");
    expect(outcome(ask({ requestHeaders: ["Content-Type"] }, "POST", "content-type"))).toBe("allowed");
  });

  test("names are lowercased at compile time and answered lowercase", () => {
    expect(ask({ requestHeaders: ["X-Request-ID", "Authorization"] }, "POST", "x-request-id").headers.get("access-control-allow-headers"))
      .toBe("x-request-id, authorization");
  });
});

describe("§2 a header list answered once is answered the same way again, per policy", () => {
  test("the same value, repeated, alternately against a policy that allows it and one that does not", () => {
    const allows = corsPolicy({ origins: [APP], requestHeaders: ["x-a", "x-b"] });
    const refuses = corsPolicy({ origins: [APP], requestHeaders: ["x-a"] });
    for (let i = 0; i < 3; i++) {
      expect(outcome(preflight(preflightRequest(APP, "POST", { "access-control-request-headers": "x-a, x-b" }), allows))).toBe("allowed");
      expect(outcome(preflight(preflightRequest(APP, "POST", { "access-control-request-headers": "x-a, x-b" }), refuses))).toBe("refused");
    }
  });

  test("more distinct values than are remembered are all still answered correctly", () => {
    const policy = corsPolicy({ origins: [APP], requestHeaders: "*", credentials: true });
    for (let i = 0; i < 200; i++) {
      const value = `x-h${i}, x-k`;
      expect(preflight(preflightRequest(APP, "POST", { "access-control-request-headers": value }), policy)?.headers.get("access-control-allow-headers")).toBe(value);
    }
  });
});
