import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it, vi } from "vitest";
import { cors } from "../../adapters/hono.ts";
import { CorsConfigError, corsPolicy } from "../../src/index.ts";

const ORIGIN = "https://app.example.com";
const policy = corsPolicy({ origins: [ORIGIN], methods: ["PUT", "DELETE"], requestHeaders: ["authorization"], credentials: true });

const preflightInit = {
  method: "OPTIONS",
  headers: { origin: ORIGIN, "access-control-request-method": "PUT", "access-control-request-headers": "authorization" },
};
const fromOrigin = { headers: { origin: ORIGIN } };

function appWithCors(): Hono {
  const app = new Hono();
  app.use("*", cors(policy));
  return app;
}

describe("preflights are answered by the middleware", () => {
  it("for a route that does not exist, in an app that has only the middleware", async () => {
    const response = await appWithCors().request("/nothing/here", preflightInit);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("access-control-allow-methods")).toContain("PUT");
  });

  it("before an auth middleware mounted after it, which never sees the preflight", async () => {
    const app = appWithCors();
    const auth = vi.fn(async (_c: unknown, next: () => Promise<void>) => next());
    app.use("/api/*", auth);
    app.put("/api/items/:id", (c) => c.json({ ok: true }));
    const response = await app.request("/api/items/1", preflightInit);
    expect(response.status).toBe(204);
    expect(auth).not.toHaveBeenCalled();
  });

  it("and rejected ones get a 403 without reaching the app", async () => {
    const app = appWithCors();
    const route = vi.fn(() => new Response("app"));
    app.options("*", route);
    const response = await app.request("/api/items", { ...preflightInit, headers: { ...preflightInit.headers, origin: "https://evil.example.net" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(route).not.toHaveBeenCalled();
  });

  it("while an OPTIONS request that is not a preflight goes on to the app (here: to notFound)", async () => {
    const response = await appWithCors().request("/api/items", { method: "OPTIONS", headers: { origin: ORIGIN } });
    expect(response.status).toBe(404);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});

describe("every other response carries the CORS headers", () => {
  it("a 401 from an auth middleware, returned or thrown as an HTTPException", async () => {
    const app = appWithCors();
    app.use("/returned/*", async (c) => c.json({ error: "unauthorized" }, 401));
    app.use("/thrown/*", async () => {
      throw new HTTPException(401, { message: "unauthorized" });
    });
    app.get("*", (c) => c.text("never"));
    for (const path of ["/returned/x", "/thrown/x"]) {
      const response = await app.request(path, fromOrigin);
      expect(response.status).toBe(401);
      expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    }
  });

  it("Hono's default notFound and a custom one", async () => {
    const plain = await appWithCors().request("/missing", fromOrigin);
    expect(plain.status).toBe(404);
    expect(plain.headers.get("access-control-allow-origin")).toBe(ORIGIN);

    const app = appWithCors();
    app.get("/exists", (c) => c.text("yes"));
    app.notFound((c) => c.json({ error: "no such route" }, 404));
    const custom = await app.request("/missing", fromOrigin);
    expect(await custom.json()).toEqual({ error: "no such route" });
    expect(custom.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("Hono's default error handler and a custom onError", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const app = appWithCors();
      app.get("/boom", () => {
        throw new Error("secret detail");
      });
      const plain = await app.request("/boom", fromOrigin);
      expect(plain.status).toBe(500);
      expect(plain.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    } finally {
      consoleError.mockRestore();
    }
    const app = appWithCors();
    app.get("/boom", () => {
      throw new Error("secret detail");
    });
    app.onError((_error, c) => c.json({ error: "internal" }, 500));
    const custom = await app.request("/boom", fromOrigin);
    expect(await custom.json()).toEqual({ error: "internal" });
    expect(custom.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("routes of a sub-app mounted with app.route()", async () => {
    const api = new Hono();
    api.get("/items", (c) => c.json([]));
    const app = appWithCors();
    app.route("/api", api);
    expect((await app.request("/api/items", fromOrigin)).headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect((await app.request("/api/items", preflightInit)).status).toBe(204);
  });

  it("HEAD requests", async () => {
    const app = appWithCors();
    app.get("/items", (c) => c.json([]));
    const response = await app.request("/items", { method: "HEAD", headers: { origin: ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("a redirect made with Response.redirect(), whose headers are immutable", async () => {
    const app = appWithCors();
    app.get("/old", () => Response.redirect("https://api.example.com/new", 308));
    const response = await app.request("/old", fromOrigin);
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("https://api.example.com/new");
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});

describe("the policy is the single source of CORS headers", () => {
  it("replaces an Access-Control-Allow-Origin a route set and merges Origin into the route's Vary", async () => {
    const app = appWithCors();
    app.get("/items", (c) => {
      c.header("Access-Control-Allow-Origin", "*");
      c.header("Vary", "Accept-Encoding");
      return c.json([]);
    });
    const response = await app.request("/items", fromOrigin);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("vary")).toBe("Accept-Encoding, Origin");
  });

  it("removes CORS headers a route set for an origin the policy does not allow", async () => {
    const app = appWithCors();
    app.get("/items", (c) => c.json([], 200, { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true" }));
    const response = await app.request("/items", { headers: { origin: "https://evil.example.net" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    expect(response.headers.get("vary")).toBe("Origin");
  });
});

describe("a policy built from the app's bindings (c.env)", () => {
  interface Bindings {
    ALLOWED_ORIGINS: string;
  }
  const fromEnv = (env: Bindings) => corsPolicy({ origins: env.ALLOWED_ORIGINS.split(",") });

  it("is compiled once per distinct env", async () => {
    const build = vi.fn(fromEnv);
    const app = new Hono<{ Bindings: Bindings }>();
    app.use("*", cors(build));
    app.get("/items", (c) => c.json([]));
    const first = { ALLOWED_ORIGINS: ORIGIN };
    const second = { ALLOWED_ORIGINS: "https://other.example.com" };
    await app.request("/items", fromOrigin, first);
    await app.request("/items", preflightInit, first);
    const other = await app.request("/items", fromOrigin, second);
    expect(build).toHaveBeenCalledTimes(2);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  // The env form is a policy source (SPEC §7): one that fails answers 503 without CORS headers
  // and its error goes to the middleware's onError, before any route or app.onError runs.
  it("answers 503 for a policy error, on every request, gives it to cors's onError and compiles only once", async () => {
    const build = vi.fn(fromEnv);
    const seen: unknown[] = [];
    const appErrors: unknown[] = [];
    const app = new Hono<{ Bindings: Bindings }>();
    app.use("*", cors(build, { onError: (error) => { seen.push(error); } }));
    app.get("/items", (c) => c.json([]));
    app.onError((error, c) => {
      appErrors.push(error);
      return c.text("misconfigured", 500);
    });
    const bad = { ALLOWED_ORIGINS: "https://*.com" };
    for (const init of [fromOrigin, preflightInit]) {
      const response = await app.request("/items", init, bad);
      expect(response.status).toBe(503);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
    expect(build).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(2);
    expect(seen.every((error) => error instanceof CorsConfigError)).toBe(true);
    expect(appErrors).toEqual([]);
  });

  it("reports a policy function's Promise or missing result to onError, answering 503", async () => {
    const results: [string, unknown, (error: unknown) => boolean][] = [
      ["a Promise", Promise.resolve(policy), (error) => error instanceof TypeError && /returned a Promise/.test(error.message)],
      ["nothing", undefined, (error) => CorsConfigError.is(error)],
    ];
    for (const [, result, expected] of results) {
      const seen: unknown[] = [];
      const app = new Hono<{ Bindings: Bindings }>();
      app.use("*", cors(() => result as typeof policy, { onError: (error) => { seen.push(error); } }));
      app.get("/items", (c) => c.json([]));
      expect((await app.request("/items", fromOrigin, { ALLOWED_ORIGINS: ORIGIN })).status).toBe(503);
      expect(seen).toHaveLength(1);
      expect(expected(seen[0])).toBe(true);
    }
  });

  it("logs to console.error when no onError is given", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const app = new Hono<{ Bindings: Bindings }>();
      app.use("*", cors(fromEnv));
      app.get("/items", (c) => c.json([]));
      expect((await app.request("/items", fromOrigin, { ALLOWED_ORIGINS: "https://*.com" })).status).toBe(503);
      expect(consoleError).toHaveBeenCalledWith(expect.any(CorsConfigError));
    } finally {
      consoleError.mockRestore();
    }
  });
});

describe("cors() refuses what is not a policy when the app is built", () => {
  it("throws the CorsConfigError of raw options given as the policy", () => {
    expect(() => cors({ origins: "*", credentials: true } as unknown as typeof policy)).toThrow(CorsConfigError);
  });

  it("throws a TypeError for a missing policy", () => {
    expect(() => cors(undefined as unknown as typeof policy)).toThrow(/policy made by corsPolicy\(options\)/);
  });
});
