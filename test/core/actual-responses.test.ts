import { describe, expect, test } from "vitest";
import { addCorsHeaders, corsPolicy, noCors, type CorsOptions } from "../../src/index.ts";
import { actualRequest, corsHeaders } from "./requests.ts";

const APP = "https://app.example.com";
const base = { origins: [APP], exposeHeaders: ["x-request-id", "ETag"] } satisfies CorsOptions;

function decorate(options: CorsOptions, request: Request, response = new Response("ok")) {
  return addCorsHeaders(request, response, corsPolicy(options));
}

describe("§3 an allowed origin gets Allow-Origin, Allow-Credentials and Expose-Headers", () => {
  test("the exact origin is echoed with the expose list and Vary: Origin", () => {
    expect(corsHeaders(decorate(base, actualRequest(APP)))).toEqual({
      "access-control-allow-origin": APP,
      "access-control-expose-headers": "x-request-id, etag",
      vary: "Origin",
    });
  });

  test("credentials add Access-Control-Allow-Credentials: true", () => {
    expect(decorate({ ...base, credentials: true }, actualRequest(APP)).headers.get("access-control-allow-credentials")).toBe("true");
  });

  test("no exposeHeaders, no Access-Control-Expose-Headers", () => {
    expect(decorate({ origins: [APP] }, actualRequest(APP)).headers.has("access-control-expose-headers")).toBe(false);
  });

  test("status, body and other headers pass through unchanged", async () => {
    const response = decorate(base, actualRequest(APP, "POST"), new Response("created", { status: 201, headers: { "x-request-id": "7", "set-cookie": "a=1" } }));
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("created");
    expect(response.headers.get("x-request-id")).toBe("7");
    expect(response.headers.getSetCookie()).toEqual(["a=1"]);
  });

  test("every method gets the same headers: an actual PUT is not re-checked against methods", () => {
    expect(decorate(base, actualRequest(APP, "PUT")).headers.get("access-control-allow-origin")).toBe(APP);
  });
});

describe("§3 a disallowed or missing Origin gets no Access-Control-* headers, but Vary: Origin", () => {
  test.each([["an unknown origin", "https://evil.test"], ["no Origin", null], ["an empty Origin", ""], ["a malformed Origin", "https://APP.example.com"]])(
    "%s",
    (_, origin) => {
      expect(corsHeaders(decorate({ ...base, credentials: true }, actualRequest(origin)))).toEqual({ vary: "Origin" });
    },
  );
});

describe('§3 origins: "*" answers every response with "*", with no Vary: Origin', () => {
  test.each([["any origin", "https://x.test"], ["no Origin", null], ["a malformed Origin", "%%%"]])("%s gets *", (_, origin) => {
    const response = decorate({ origins: "*", exposeHeaders: "*" }, actualRequest(origin));
    expect(corsHeaders(response)).toEqual({ "access-control-allow-origin": "*", "access-control-expose-headers": "*" });
  });

  test("an existing Vary is kept as it is", () => {
    const response = decorate({ origins: "*" }, actualRequest(APP), new Response("x", { headers: { vary: "Accept-Encoding" } }));
    expect(response.headers.get("vary")).toBe("Accept-Encoding");
  });
});

describe("§3 Vary: Origin is merged, never duplicated, and Vary: * is left alone", () => {
  test.each([
    ["no Vary", undefined, "Origin"],
    ["an empty Vary", "", "Origin"],
    ["another header", "Accept-Encoding", "Accept-Encoding, Origin"],
    ["Origin already", "Origin", "Origin"],
    ["origin in another case", "accept, ORIGIN", "accept, ORIGIN"],
    ["Origin with whitespace", "Accept ,  Origin\t", "Accept ,  Origin"],
    ["Vary: *", "*", "*"],
    ["* among others", "Accept, *", "Accept, *"],
    ["a name that only contains origin", "X-Origin-Id", "X-Origin-Id, Origin"],
  ])("%s", (_, vary, expected) => {
    const init = vary === undefined ? {} : { headers: { vary } };
    for (const origin of [APP, "https://evil.test"]) {
      expect(decorate(base, actualRequest(origin), new Response("x", init)).headers.get("vary")).toBe(expected);
    }
  });

  test("two Vary header lines set by the app are merged into one list", () => {
    const response = new Response("x");
    response.headers.append("vary", "Accept");
    response.headers.append("vary", "Cookie");
    expect(decorate(base, actualRequest(APP), response).headers.get("vary")).toBe("Accept, Cookie, Origin");
  });
});

describe("§3 the policy is the single source of CORS headers", () => {
  const stale = {
    "access-control-allow-origin": "*",
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": "x-secret",
    "access-control-allow-methods": "DELETE",
    "access-control-allow-headers": "x-any",
    "access-control-max-age": "86400",
    "access-control-allow-private-network": "true",
  };

  test("app-set values are replaced for an allowed origin, and preflight-only headers removed", () => {
    const response = decorate(base, actualRequest(APP), new Response("x", { headers: stale }));
    expect(corsHeaders(response)).toEqual({
      "access-control-allow-origin": APP,
      "access-control-expose-headers": "x-request-id, etag",
      vary: "Origin",
    });
  });

  test("app-set values are all removed for a disallowed origin", () => {
    expect(corsHeaders(decorate(base, actualRequest("https://evil.test"), new Response("x", { headers: stale })))).toEqual({ vary: "Origin" });
  });

  // Names no browser reads still say something about the policy that the policy did not say (SPEC §9).
  const unknown = { "access-control-allow-foo": "1", "access-control-request-method": "PUT", "access-control-x": "y" };

  test.each([
    ["an allowed origin", base, APP, { "access-control-allow-origin": APP, "access-control-expose-headers": "x-request-id, etag", vary: "Origin" }],
    ["a disallowed origin", base, "https://evil.test", { vary: "Origin" }],
    ['origins: "*"', { origins: "*" }, "https://evil.test", { "access-control-allow-origin": "*" }],
  ] as const)("every other Access-Control-* name the app set is removed, for %s", (_, options, origin, expected) => {
    const response = decorate(options, actualRequest(origin), new Response("x", { headers: { ...stale, ...unknown } }));
    expect(corsHeaders(response)).toEqual(expected);
  });

  test("noCors removes them too, and the app's other headers stay", () => {
    const response = addCorsHeaders(actualRequest(APP), new Response("x", { headers: { ...unknown, "x-app": "kept" } }), noCors);
    expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect(response.headers.get("x-app")).toBe("kept");
  });

  test("a duplicated Access-Control-Allow-Origin becomes a single value", () => {
    const response = new Response("x");
    response.headers.append("access-control-allow-origin", "https://proxy.test");
    response.headers.append("access-control-allow-origin", APP);
    expect(decorate(base, actualRequest(APP), response).headers.get("access-control-allow-origin")).toBe(APP);
  });
});

describe("§3 immutable responses are copied, 101 responses untouched", () => {
  test("a Response.redirect() (immutable headers) is copied with the CORS headers", () => {
    const original = Response.redirect("https://app.example.com/elsewhere", 302);
    const response = decorate(base, actualRequest(APP), original);
    expect(response).not.toBe(original);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://app.example.com/elsewhere");
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(original.headers.has("access-control-allow-origin")).toBe(false);
  });

  test("a Response.error() (status 0: neither changed nor copied) becomes a 500 with the policy's CORS headers", () => {
    const response = decorate(base, actualRequest(APP), Response.error());
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("vary")).toBe("Origin");
  });

  test("a mutable response is decorated in place and returned as is", () => {
    const original = new Response("x");
    expect(decorate(base, actualRequest(APP), original)).toBe(original);
  });

  test("a 101 Switching Protocols response is returned untouched", () => {
    // Node's Response refuses status 101 (workerd, Deno and Bun make them for WebSocket handshakes).
    const upgrade = new (class extends Response {
      override get status() {
        return 101;
      }
    })(null, { headers: { upgrade: "websocket" } });
    const response = decorate(base, actualRequest(APP), upgrade);
    expect(response).toBe(upgrade);
    expect([...response.headers]).toEqual([["upgrade", "websocket"]]);
  });

  test("a 101 is returned without reading the request, which Deno closes once it has been upgraded", () => {
    const upgrade = new (class extends Response {
      override get status() {
        return 101;
      }
    })(null);
    const closed = actualRequest(APP);
    Object.defineProperty(closed, "headers", { get: () => { throw new TypeError("Request closed"); } });
    expect(decorate(base, closed, upgrade)).toBe(upgrade);
  });

  test("decorating twice gives the same headers as once", () => {
    const policy = corsPolicy({ ...base, credentials: true });
    const once = addCorsHeaders(actualRequest(APP), new Response("x", { headers: { vary: "Accept" } }), policy);
    const before = [...once.headers];
    const twice = addCorsHeaders(actualRequest(APP), once, policy);
    expect([...twice.headers]).toEqual(before);
  });
});
