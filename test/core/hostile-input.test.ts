import { describe, expect, test } from "vitest";
import { addCorsHeaders, corsPolicy, guardCrossOrigin, preflight } from "../../src/index.ts";
import { API, actualRequest, preflightRequest } from "./requests.ts";

const APP = "https://app.example.com";
const policy = corsPolicy({ origins: [APP, "https://*.example.org", "http://localhost:*"], requestHeaders: "*", debug: true });

describe("§2 hostile Access-Control-Request-Headers are refused without being read", () => {
  test.each([
    ["100 KB of one name", "x-a,".repeat(25_000)],
    ["a 10,000-comma bomb", ",".repeat(10_000)],
    ["10,000 commas around one name", `${",".repeat(5_000)}x-a${",".repeat(5_000)}`],
    ["100 KB of spaces between two names", `x-a${" ".repeat(100_000)},x-b`],
    ["one 100 KB name", `x-${"a".repeat(100_000)}`],
  ])("%s: refused as headers-too-large (informatively, to an allowed origin; 403 to any other)", (_, value) => {
    const response = preflight(preflightRequest(APP, "POST", { "access-control-request-headers": value }), policy)!;
    expect(response.status).toBe(204);
    expect(response.headers.get("cors-rejected")).toMatch(/^Access-Control-Request-Headers is too large/);
    // The browser could pass a list of only allowed names, so the answer names no header at all.
    expect(response.headers.has("access-control-allow-headers")).toBe(false);
    const stranger = preflight(preflightRequest("https://evil.test", "POST", { "access-control-request-headers": value }), policy)!;
    expect(stranger.status).toBe(403);
  });

  test("4,000 commas and one name (under the size limit) are read as one name", () => {
    const response = preflight(preflightRequest(APP, "POST", { "access-control-request-headers": `${",".repeat(4_000)}x-a` }), policy)!;
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-headers")).toBe("*");
  });
});

describe("§1 preflight never throws, whatever it is handed as a request", () => {
  const unreadable: [string, unknown][] = [
    ["null", null],
    ["undefined", undefined],
    ["an object without headers", { method: "OPTIONS" }],
    ["headers whose get throws", { method: "OPTIONS", url: "https://api.example.com/", headers: { get() { throw new Error("boom"); } } }],
    ["a method getter that throws", { get method(): string { throw new Error("boom"); }, headers: new Headers() }],
  ];

  test.each(unreadable)("%s is not taken for a preflight (null), and the guard and addCorsHeaders fail closed", (_, value) => {
    const request = value as Request;
    expect(preflight(request, policy)).toBeNull();
    const guarded = corsPolicy({ origins: [APP], credentials: true });
    expect(guardCrossOrigin(request, guarded)?.status).toBe(403);
    const response = addCorsHeaders(request, new Response("x"), guarded);
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
  });
});

describe("§1 odd methods and header values never crash", () => {
  test.each(["PURGE", "M-SEARCH", "x", "!#$%&'*+-.^_`|~", "A".repeat(1_000)])("the method %j gets a verdict", (method) => {
    const response = preflight(preflightRequest(APP, method), policy);
    expect(response).toBeInstanceOf(Response);
  });

  test.each([
    ["control characters", "x-a\u0001, x-b"],
    ["DEL", "x-\u007f"],
    ["Latin-1", "x-\u00ff"],
    ["a semicolon", "x-a; x-b"],
    ["an equals sign", "x=a"],
    ["brackets", "[x-a]"],
  ])("%s in Access-Control-Request-Headers: 403 malformed, never a crash", (_, value) => {
    let request: Request;
    try {
      request = preflightRequest(APP, "POST", { "access-control-request-headers": value });
    } catch {
      return; // The Headers class refuses it, so no runtime could deliver it.
    }
    const response = preflight(request, policy)!;
    expect(response.status).toBe(403);
    expect(response.headers.get("cors-rejected")).toMatch(/^Access-Control-Request-Headers names an invalid header/);
  });

  test.each([
    ["a 100 KB origin", `https://${"a".repeat(100_000)}.example.org`],
    ["a host of 300 labels", `https://${"a.".repeat(300)}example.org`],
    ["a port of many digits", `http://localhost:${"9".repeat(1_000)}`],
    ["unicode", "https://ünïcödé.example.org"],
    ["Latin-1 bytes", "https://\u00e9.example.org"],
    ["an IPv6 literal that never closes", "http://[::1"],
    ["only a scheme", "https://"],
    ["an opaque scheme", "data:text/plain,hi"],
  ])("%s is not allowed, on preflights and actual responses", (_, origin) => {
    let pre: Request;
    let actual: Request;
    try {
      pre = preflightRequest(origin, "POST");
      actual = actualRequest(origin);
    } catch {
      return;
    }
    expect(preflight(pre, policy)?.status).toBe(403);
    expect(addCorsHeaders(actual, new Response("x"), policy).headers.has("access-control-allow-origin")).toBe(false);
  });

  test("a 100 KB Vary on the app's response is merged without a crash", () => {
    const vary = "X-A, ".repeat(20_000);
    const response = addCorsHeaders(actualRequest(APP), new Response("x", { headers: { vary } }), policy);
    expect(response.headers.get("vary")?.endsWith(", Origin")).toBe(true);
  });

  test("a request with hundreds of headers is answered normally", () => {
    const headers = new Headers({ origin: APP, "access-control-request-method": "PUT" });
    for (let i = 0; i < 500; i++) headers.append(`x-filler-${i}`, "v".repeat(100));
    expect(preflight(new Request(API, { method: "OPTIONS", headers }), policy)?.status).toBe(204);
  });
});
