import { describe, expect, test } from "vitest";
import { CorsConfigError, corsPolicy, type CorsOptions } from "../../src/index.ts";

function problemsOf(options: unknown) {
  try {
    corsPolicy(options as CorsOptions);
  } catch (error) {
    if (CorsConfigError.is(error)) return error.problems;
    throw error;
  }
  return [];
}

function expectProblem(options: unknown, code: string, ...fragments: string[]) {
  const problems = problemsOf(options);
  const match = problems.find((p) => p.code === code);
  expect(match, `expected ${code} among ${JSON.stringify(problems)}`).toBeDefined();
  for (const fragment of fragments) expect(match!.message).toContain(fragment);
  return match!;
}

describe("§1 corsPolicy reports every problem at once", () => {
  test("a config with six problems lists all six, each naming its option and value", () => {
    const problems = problemsOf({
      origins: ["https://app.example.com/", "*"],
      credentials: true,
      methods: ["TRACE"],
      requestHeaders: ["cookie"],
      exposeHeaders: ["set-cookie"],
      maxAge: -1,
    });
    expect(problems.map((p) => p.code)).toEqual([
      "origin-has-trailing-slash", "wildcard-in-list", "forbidden-method", "forbidden-header", "expose-set-cookie", "invalid-max-age",
    ]);
    expect(problems.map((p) => p.option)).toEqual(["origins", "origins", "methods", "requestHeaders", "exposeHeaders", "maxAge"]);
    expect(problems[0]!.value).toBe("https://app.example.com/");
  });

  test("the error message lists every problem on its own line", () => {
    expect(() => corsPolicy({ origins: "*", credentials: true, maxAge: 1e9 })).toThrowError(/2 problems[\s\S]*origins:[\s\S]*maxAge:/);
  });

  test("CorsConfigError is an Error with a stable name and a type guard that works across copies", () => {
    let caught: unknown;
    try {
      corsPolicy({ origins: [] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toBeInstanceOf(CorsConfigError);
    expect((caught as Error).name).toBe("CorsConfigError");
    const foreign = Object.assign(new Error("x"), { name: "CorsConfigError", problems: [] });
    expect(CorsConfigError.is(foreign)).toBe(true);
    expect(CorsConfigError.is(new Error("x"))).toBe(false);
  });

  test("problems are frozen", () => {
    const error = (() => { try { corsPolicy({ origins: [] }); } catch (e) { return e as CorsConfigError; } })()!;
    expect(Object.isFrozen(error.problems)).toBe(true);
  });
});

describe("§2 origins: wildcard with credentials", () => {
  test('"*" with credentials is refused, saying to list the origins', () => {
    expectProblem({ origins: "*", credentials: true }, "wildcard-with-credentials", "list the origins");
  });
  test('"*" inside a list is refused, saying to write origins: "*"', () => {
    expectProblem({ origins: ["https://a.example.com", "*"] }, "wildcard-in-list", 'origins: "*"');
  });
  test("origins is required", () => {
    expectProblem({}, "required", "origins");
  });
  test("an empty origins list is refused", () => {
    expectProblem({ origins: [] }, "no-origins");
  });
  test("origins of the wrong type is refused", () => {
    expectProblem({ origins: 42 }, "invalid-type");
    expectProblem({ origins: ["https://a.example.com", 7] }, "invalid-origin", "7");
  });
});

describe("§2 origins: exact origins are scheme://host[:port]", () => {
  test.each([
    ["https://app.example.com/", "origin-has-trailing-slash", 'write "https://app.example.com"'],
    ["https://app.example.com/path", "origin-has-path", 'write "https://app.example.com"'],
    ["https://app.example.com?x=1", "origin-has-query", 'write "https://app.example.com"'],
    ["https://app.example.com#top", "origin-has-fragment", 'write "https://app.example.com"'],
    ["https://user:pw@app.example.com", "origin-has-userinfo", 'write "https://app.example.com"'],
    ["app.example.com", "missing-scheme", 'write "https://app.example.com"'],
    ["//app.example.com", "missing-scheme", 'write "https://app.example.com"'],
    ["https:app.example.com", "missing-scheme", 'lacks the "//" after "https:"; write "https://app.example.com"'],
    ["http:/localhost:3000", "missing-scheme", 'write "http://localhost:3000"'],
    ["HTTPS://App.Example.COM:443/", "origin-has-trailing-slash", 'write "https://app.example.com"'],
    ["https://app.example.com.", "trailing-dot", 'write "https://app.example.com"'],
    ["https://app.example.com:0", "invalid-port", "1 to 65535"],
    ["https://app.example.com:08080", "invalid-port", "leading zeros"],
    ["https://app.example.com:70000", "invalid-port", "1 to 65535"],
    ["https://app.example.com:", "invalid-port", ""],
    ["https://", "invalid-origin", ""],
    ["https://exa mple.com", "invalid-origin", ""],
  ])("%s is refused (%s) showing the canonical form", (origin, code, fragment) => {
    const problem = expectProblem({ origins: [origin] }, code, fragment);
    expect(problem.value).toBe(origin);
  });

  test("non-canonical spellings compile to the canonical form", () => {
    const policy = corsPolicy({ origins: ["HTTPS://App.Example.COM:443", "http://LOCALHOST:80", "https://bücher.example", "http://127.1:8080"] });
    expect(policy.options.origins).toEqual(["https://app.example.com", "http://localhost", "https://xn--bcher-kva.example", "http://127.0.0.1:8080"]);
  });

  test("duplicates collapse to one entry", () => {
    expect(corsPolicy({ origins: ["https://a.example.com", "https://A.example.com"] }).options.origins).toEqual(["https://a.example.com"]);
  });
});

describe("§2 origins: subdomain and port patterns", () => {
  test.each([
    ["https://*.com", "public-suffix"],
    ["https://*.co.uk", "public-suffix"],
    ["https://*.github.io", "public-suffix"],
    ["https://*.pages.dev", "public-suffix"],
    ["https://*.workers.dev", "public-suffix"],
    ["https://*.vercel.app", "public-suffix"],
    ["https://*.netlify.app", "public-suffix"],
    ["https://*.herokuapp.com", "public-suffix"],
    ["https://*.com.au", "public-suffix"],
    ["https://*.127.0.0.1", "wildcard-position"],
    ["https://*.10.0.0.1", "wildcard-position"],
    ["https://a.*.example.com", "wildcard-position"],
    ["https://*example.com", "wildcard-position"],
    ["https://foo*.example.com", "wildcard-position"],
    ["https://*.*.example.com", "wildcard-position"],
    ["https://*", "wildcard-position"],
    ["https://example.*", "wildcard-position"],
    ["https://*.example.com:8*", "invalid-port"],
  ])("%s is refused (%s)", (pattern, code) => {
    expectProblem({ origins: [pattern] }, code, pattern);
  });

  // SPEC §9: at least the hosting platforms where anyone can publish.
  test.each([
    "github.io", "gitlab.io", "pages.dev", "workers.dev", "r2.dev", "trycloudflare.com", "vercel.app", "netlify.app",
    "herokuapp.com", "fly.dev", "onrender.com", "web.app", "firebaseapp.com", "appspot.com", "azurewebsites.net",
    "cloudfront.net", "s3.amazonaws.com", "amplifyapp.com", "ngrok.io", "ngrok-free.app", "blogspot.com", "deno.dev",
    "co.uk", "com.au", "co.jp",
  ])("a pattern on the public suffix %s is refused", (suffix) => {
    expectProblem({ origins: [`https://*.${suffix}`] }, "public-suffix", suffix);
  });

  test("a pattern one label below a platform suffix is your own site and compiles", () => {
    expect(corsPolicy({ origins: ["https://*.my-team.pages.dev", "https://*.me.github.io"] }).options.origins).toHaveLength(2);
  });

  test("public-suffix errors say to list your own domain", () => {
    expectProblem({ origins: ["https://*.co.uk"] }, "public-suffix", "https://*.your-site.co.uk");
  });

  test.each(["https://*.example.com", "https://*.example.co.uk", "http://*.localhost", "http://localhost:*", "http://*.localhost:*", "https://*.example.com:8443", "https://*.my-site.github.io"])(
    "%s compiles",
    (pattern) => {
      expect(() => corsPolicy({ origins: [pattern] })).not.toThrow();
    },
  );

  test("patterns are canonicalised too", () => {
    expect(corsPolicy({ origins: ["HTTPS://*.Example.com:443", "https://*.bücher.example"] }).options.origins).toEqual([
      "https://*.example.com",
      "https://*.xn--bcher-kva.example",
    ]);
  });
});

describe("§2 origins: a host longer than any DNS name", () => {
  test("an exact origin whose host has more than 253 characters is refused", () => {
    const host = `${"a".repeat(63)}.`.repeat(4) + "example";
    expect(host.length).toBeGreaterThan(253);
    expectProblem({ origins: [`https://${host}`] }, "host-too-long", "253");
  });
  test("a host of exactly 253 characters compiles", () => {
    const host = `${"a".repeat(63)}.`.repeat(3) + "b".repeat(61);
    expect(host.length).toBe(253);
    expect(corsPolicy({ origins: [`https://${host}`] }).options.origins).toEqual([`https://${host}`]);
  });
});

describe('§2 origins: "null"', () => {
  test('"null" with credentials is refused', () => {
    expectProblem({ origins: ["null"], credentials: true }, "null-with-credentials", "sandboxed");
  });
  test('"null" without credentials compiles', () => {
    expect(corsPolicy({ origins: ["null"] }).options.origins).toEqual(["null"]);
  });
});

describe("§2 origins: insecure origins with credentials", () => {
  test.each(["http://app.example.com", "http://*.example.com", "http://10.0.0.5:8080"])("%s with credentials is refused, naming https and the escape hatch", (origin) => {
    expectProblem({ origins: [origin], credentials: true }, "insecure-origin", "https://", "allowInsecureOrigins");
  });
  test.each(["http://localhost:3000", "http://localhost:*", "http://*.localhost:*", "http://app.localhost", "http://127.0.0.1:8080", "http://127.8.9.10", "http://[::1]:3000"])(
    "loopback %s with credentials compiles",
    (origin) => {
      expect(() => corsPolicy({ origins: [origin], credentials: true })).not.toThrow();
    },
  );
  test("allowInsecureOrigins: true permits http origins with credentials", () => {
    expect(() => corsPolicy({ origins: ["http://intranet.example.com"], credentials: true, allowInsecureOrigins: true })).not.toThrow();
  });
  test("http origins without credentials compile", () => {
    expect(() => corsPolicy({ origins: ["http://app.example.com"] })).not.toThrow();
  });
});

describe("§2 methods: case-sensitive tokens", () => {
  test.each(["CONNECT", "TRACE", "TRACK", "connect", "trace"])("%s is refused as a forbidden method", (method) => {
    expectProblem({ origins: "*", methods: [method] }, "forbidden-method", method);
  });
  test.each(["GET POST", "", "PATCH\n", "(PUT)", "DÉLETE"])("%j is refused as an invalid token", (method) => {
    expectProblem({ origins: "*", methods: [method] }, "invalid-method");
  });
  test("the six methods Fetch normalises are uppercased; others keep their case", () => {
    expect(corsPolicy({ origins: "*", methods: ["delete", "put", "patch", "PATCH"] }).options.methods).toEqual(["DELETE", "PUT", "patch", "PATCH"]);
  });
  test("methods of the wrong type is refused", () => {
    expectProblem({ origins: "*", methods: "PUT" }, "invalid-type");
  });
  test.each([["patch", "PATCH"], ["query", "QUERY"], ["Purge", "PURGE"], ["propFind", "PROPFIND"]])(
    "%j, which Fetch sends as written, is refused with the uppercase form to write",
    (method, upper) => {
      expectProblem({ origins: "*", methods: [method] }, "method-case", `write "${upper}"`, `method: "${upper}"`);
    },
  );
  test("listing the uppercase form too accepts both, deliberately", () => {
    expect(corsPolicy({ origins: "*", methods: ["patch", "PATCH", "Purge", "PURGE"] }).options.methods).toEqual(["patch", "PATCH", "Purge", "PURGE"]);
  });
  test.each(["delete", "Get", "head", "options", "post", "Put"])("%j is one of the six names Fetch normalises: canonicalised, not refused", (method) => {
    expect(corsPolicy({ origins: "*", methods: [method] }).options.methods).toEqual([method.toUpperCase()]);
  });
  test("every lowercase method of a list is reported, each with its own fix", () => {
    const problems = problemsOf({ origins: "*", methods: ["patch", "query", "PUT"] });
    expect(problems.map((p) => [p.code, p.value])).toEqual([["method-case", "patch"], ["method-case", "query"]]);
  });
});

describe("§2 defaults: what a JSON API called from its own pages needs", () => {
  test("methods defaults to GET, HEAD, POST, PUT, PATCH, DELETE and requestHeaders to content-type", () => {
    const { options } = corsPolicy({ origins: ["https://app.example.com"] });
    expect(options.methods).toEqual(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
    expect(options.requestHeaders).toEqual(["content-type"]);
  });
  test("authorization is never a default: it must be listed", () => {
    expect(corsPolicy({ origins: ["https://app.example.com"], credentials: true }).options.requestHeaders).not.toContain("authorization");
  });
  test("[] means safelisted only", () => {
    const { options } = corsPolicy({ origins: ["https://app.example.com"], methods: [], requestHeaders: [] });
    expect(options.methods).toEqual([]);
    expect(options.requestHeaders).toEqual([]);
  });
});

describe("§9 Private Network Access with every origin", () => {
  test('origins: "*" with privateNetwork: true is refused: every site could reach the private network', () => {
    expectProblem({ origins: "*", privateNetwork: true }, "wildcard-private-network", "every site");
  });
  test("a list or a predicate with privateNetwork compiles", () => {
    expect(corsPolicy({ origins: ["https://app.example.com"], privateNetwork: true }).options.privateNetwork).toBe(true);
    expect(corsPolicy({ origins: () => true, privateNetwork: true }).options.privateNetwork).toBe(true);
  });
});

describe("§2 request headers: tokens, lowercased, never forbidden names", () => {
  test("names are lowercased at compile time", () => {
    expect(corsPolicy({ origins: "*", requestHeaders: ["Content-Type", "X-Api-Key"] }).options.requestHeaders).toEqual(["content-type", "x-api-key"]);
  });
  test.each([
    ["cookie", "credentials: true"],
    ["Cookie", "credentials: true"],
    ["host", "Host"],
    ["origin", "Origin"],
    ["connection", "only the browser"],
    ["sec-fetch-mode", "only the browser"],
    ["proxy-authorization", "only the browser"],
    ["access-control-allow-origin", "CORS protocol"],
    ["access-control-request-headers", "CORS protocol"],
    ["content-length", "Content-Length"],
  ])("%s is refused with a message that says what was meant", (name, fragment) => {
    expectProblem({ origins: "*", requestHeaders: [name] }, "forbidden-header", fragment);
  });
  test.each(["x foo", "x:foo", "", "é"])("%j is refused as an invalid header name", (name) => {
    expectProblem({ origins: "*", requestHeaders: [name] }, "invalid-header");
  });
});

describe("§2 expose headers", () => {
  test.each(["set-cookie", "Set-Cookie", "set-cookie2"])("%s is refused", (name) => {
    expectProblem({ origins: "*", exposeHeaders: [name] }, "expose-set-cookie");
  });
  test('"*" with credentials is refused (browsers read it literally)', () => {
    expectProblem({ origins: ["https://a.example.com"], credentials: true, exposeHeaders: "*" }, "wildcard-with-credentials", "literal");
  });
  test('"*" inside a list with credentials is refused too', () => {
    expectProblem({ origins: ["https://a.example.com"], credentials: true, exposeHeaders: ["*", "x-id"] }, "wildcard-with-credentials");
  });
});

describe("§2 maxAge: whole seconds from 0 to 86400", () => {
  test.each([-1, 1.5, 86401, Number.NaN, Number.POSITIVE_INFINITY])("%s is refused", (maxAge) => {
    expectProblem({ origins: "*", maxAge }, "invalid-max-age", "7200");
  });
  test("a value of the wrong type is quoted with its type and the number to write", () => {
    expectProblem({ origins: "*", maxAge: "600" as unknown as number }, "invalid-max-age", '"600" is a string; write 600');
    expectProblem({ origins: "*", maxAge: true as unknown as number }, "invalid-max-age", "true is a boolean");
  });
  test.each([0, 600, 7200, 86400])("%s compiles", (maxAge) => {
    expect(corsPolicy({ origins: "*", maxAge }).options.maxAge).toBe(maxAge);
  });
});

describe("§2 the other options are type-checked", () => {
  test.each([
    ["credentials", "yes"],
    ["privateNetwork", 1],
    ["debug", "true"],
    ["allowInsecureOrigins", null],
  ])("%s: %j is not a boolean", (option, value) => {
    expectProblem({ origins: "*", [option]: value }, "invalid-type", `${option}: true or false`);
  });
  test("preflightStatus must be 200 or 204", () => {
    expectProblem({ origins: "*", preflightStatus: 201 }, "invalid-preflight-status", "204");
  });
  test("onReject must be a function", () => {
    expectProblem({ origins: "*", onReject: "log" }, "invalid-type");
  });
  test("options must be an object", () => {
    expectProblem(null, "invalid-type");
    expectProblem("https://a.example.com", "invalid-type");
  });
  test.each([
    ["origin", "origins"],
    ["allowedOrigins", "origins"],
    ["allowHeaders", "requestHeaders"],
    ["allowMethods", "methods"],
    ["exposedHeaders", "exposeHeaders"],
  ])("the unknown option %s says to write %s", (option, meant) => {
    expectProblem({ origins: "*", [option]: [] }, "unknown-option", `write ${meant}`);
  });
});

describe("§1 the compiled policy is immutable", () => {
  test("the policy and its options are frozen", () => {
    const policy = corsPolicy({ origins: ["https://a.example.com"], methods: ["PUT"] });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.options)).toBe(true);
    expect(Object.isFrozen(policy.options.origins)).toBe(true);
    expect(Object.isFrozen(policy.options.methods)).toBe(true);
  });
  test("changing the options object afterwards does not change the policy", () => {
    const origins = ["https://a.example.com"];
    const options = { origins, credentials: false };
    const policy = corsPolicy(options);
    origins.push("https://evil.example.net");
    options.credentials = true;
    expect(policy.options.origins).toEqual(["https://a.example.com"]);
    expect(policy.options.credentials).toBe(false);
  });
  test("defaults are filled in", () => {
    expect(corsPolicy({ origins: "*" }).options).toEqual({
      origins: "*", methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], requestHeaders: ["content-type"],
      exposeHeaders: [], credentials: false, maxAge: undefined, privateNetwork: false, preflightStatus: 204,
      allowInsecureOrigins: false, debug: false, crossOriginProtection: false,
    });
  });
});
