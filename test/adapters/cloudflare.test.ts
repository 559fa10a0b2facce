import { describe, expect, it, vi } from "vitest";
import { withCors } from "../../adapters/cloudflare.ts";
import { CorsConfigError, corsPolicy, type CorsPolicy } from "../../src/index.ts";

const ORIGIN = "https://app.example.com";
const policy = corsPolicy({ origins: [ORIGIN], methods: ["PUT"] });
const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined };

function get(path = "/", origin = ORIGIN): Request {
  return new Request(`https://api.example.com${path}`, { headers: { origin } });
}

function preflightFor(origin = ORIGIN): Request {
  return new Request("https://api.example.com/", {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "PUT" },
  });
}

interface Env {
  ALLOWED_ORIGINS: string;
}

const fromEnv = (env: Env) => corsPolicy({ origins: env.ALLOWED_ORIGINS.split(",") });

describe("withCors wraps an ExportedHandler and returns the same shape", () => {
  it("wraps fetch and leaves every other handler and property to the original, which is not touched", async () => {
    const scheduled = vi.fn((_controller: unknown, _env: unknown, _ctx: unknown) => "scheduled ran");
    const queue = vi.fn();
    const email = vi.fn();
    const fetch = () => new Response("hi");
    const handler = { fetch, scheduled, queue, email, version: 3 };
    const wrapped = withCors(handler, policy);

    expect(wrapped).not.toBe(handler);
    expect(handler.fetch).toBe(fetch);
    expect(Object.keys(handler).sort()).toEqual(["email", "fetch", "queue", "scheduled", "version"]);
    expect(Object.keys(wrapped).sort()).toEqual(["email", "fetch", "queue", "scheduled", "version"]);
    expect(wrapped.version).toBe(3);

    const controller = { cron: "* * * * *" };
    expect(wrapped.scheduled(controller, {}, ctx)).toBe("scheduled ran");
    expect(scheduled).toHaveBeenCalledWith(controller, {}, ctx);
    expect(scheduled.mock.contexts[0]).toBe(handler);
    wrapped.queue({ messages: [] });
    wrapped.email({ from: "a@example.com" });
    expect(queue).toHaveBeenCalledWith({ messages: [] });
    expect(email).toHaveBeenCalledWith({ from: "a@example.com" });

    const response = await wrapped.fetch(get(), {}, ctx);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("runs fetch and the other handlers on the original object, so they share its state", async () => {
    const handler = {
      hits: 0,
      fetch(this: { hits: number; count(): number }) {
        return new Response(String(this.count()));
      },
      count(this: { hits: number }) {
        return ++this.hits;
      },
      scheduled(this: { hits: number }) {
        this.hits = 100;
      },
    };
    const wrapped = withCors(handler, policy);
    wrapped.scheduled();
    expect(await (await wrapped.fetch(get(), {}, ctx)).text()).toBe("101");
    expect(handler.hits).toBe(101);
    expect(wrapped.hits).toBe(101);
  });

  it("keeps a class instance's private fields within reach of its methods", async () => {
    class Api {
      #greeting = "hello";
      #ticks = 0;
      fetch() {
        return new Response(`${this.#greeting} after ${this.#ticks} ticks`);
      }
      scheduled() {
        this.#ticks++;
      }
    }
    const wrapped = withCors(new Api(), policy);
    wrapped.scheduled();
    const response = await wrapped.fetch(get(), {}, ctx);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello after 1 ticks");
  });

  it("falls back to the original handler as `this` when fetch is called detached", async () => {
    const handler = {
      name: "original",
      fetch(this: { name: string } | undefined) {
        return new Response(this?.name ?? "no this");
      },
    };
    const { fetch } = withCors(handler, policy);
    expect(await (await fetch(get(), {}, ctx)).text()).toBe("original");
  });

  it("keeps a class instance's prototype methods and getters, also through a spread ({ ...worker }) as tools make", async () => {
    class Api {
      get greeting() {
        return "hello";
      }
      fetch() {
        return new Response(this.greeting);
      }
      scheduled() {
        return "tick";
      }
    }
    const wrapped = withCors(new Api(), policy);
    expect(wrapped.scheduled()).toBe("tick");
    expect(wrapped.greeting).toBe("hello");
    expect(await (await wrapped.fetch(get(), {}, ctx)).text()).toBe("hello");
    const spread = { ...wrapped };
    expect(spread.scheduled()).toBe("tick");
    expect((await spread.fetch(get(), {}, ctx)).headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("works on a frozen handler", async () => {
    const wrapped = withCors(Object.freeze({ fetch: () => new Response("frozen") }), policy);
    const response = await wrapped.fetch(get(), {}, ctx);
    expect(await response.text()).toBe("frozen");
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});

describe("withCors wraps a bare fetch(request, env, ctx) function", () => {
  it("passes env and ctx through untouched and decorates the response", async () => {
    const env = { ALLOWED_ORIGINS: ORIGIN };
    const fetch = vi.fn((_request: Request, _env: Env, _ctx: typeof ctx) => new Response("ok"));
    const wrapped = withCors(fetch, policy);
    const response = await wrapped(get(), env, ctx);
    expect(fetch).toHaveBeenCalledWith(expect.any(Request), env, ctx);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("vary")).toBe("Origin");
  });

  it("answers a preflight without calling the handler", async () => {
    const fetch = vi.fn(() => new Response("not for preflights"));
    const response = await withCors(fetch, policy)(preflightFor(), {}, ctx);
    expect(fetch).not.toHaveBeenCalled();
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-methods")).toContain("PUT");
  });

  it("turns a thrown error into a 500 with CORS headers and gives the error to onError", async () => {
    const onError = vi.fn();
    const failure = new Error("secret detail");
    const wrapped = withCors(() => {
      throw failure;
    }, policy, { onError });
    const response = await wrapped(get(), {}, ctx);
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await response.text()).not.toContain("secret");
    expect(onError).toHaveBeenCalledWith(failure, expect.any(Request));
  });
});

describe("a policy built from env", () => {
  it("is compiled once per distinct env object", async () => {
    const build = vi.fn(fromEnv);
    const wrapped = withCors({ fetch: () => new Response("ok") }, build);
    const first = { ALLOWED_ORIGINS: ORIGIN };
    const second = { ALLOWED_ORIGINS: "https://other.example.com" };
    for (let i = 0; i < 3; i++) await wrapped.fetch(get(), first, ctx);
    const fromSecond = await wrapped.fetch(get("/", "https://other.example.com"), second, ctx);
    await wrapped.fetch(get(), second, ctx);
    expect(build).toHaveBeenCalledTimes(2);
    expect(build).toHaveBeenNthCalledWith(1, first);
    expect(build).toHaveBeenNthCalledWith(2, second);
    expect(fromSecond.headers.get("access-control-allow-origin")).toBe("https://other.example.com");
  });

  it("gives each env its own policy: an origin allowed in one env is not allowed in another", async () => {
    const wrapped = withCors(() => new Response("ok"), fromEnv);
    const allowed = await wrapped(get(), { ALLOWED_ORIGINS: ORIGIN }, ctx);
    const refused = await wrapped(get(), { ALLOWED_ORIGINS: "https://other.example.com" }, ctx);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("is compiled once for an env that is not an object (a handler called without bindings)", async () => {
    const build = vi.fn((_env: undefined) => policy);
    const wrapped = withCors((_request: Request, _env: undefined, _ctx: undefined) => new Response("ok"), build);
    await wrapped(get(), undefined, undefined);
    await wrapped(get(), undefined, undefined);
    expect(build).toHaveBeenCalledTimes(1);
  });
});

// The env form is a policy source (SPEC §7): one that fails answers 503 without CORS headers.
describe("a policy function that throws for a bad env", () => {
  const badEnv = { ALLOWED_ORIGINS: "https://*.com,https://app.example.com/path" };

  it("answers every request, preflight or not, with a plain 503 and never calls the handler", async () => {
    const fetch = vi.fn(() => new Response("ok"));
    const wrapped = withCors({ fetch }, fromEnv, { onError: () => undefined });
    for (const request of [get(), preflightFor(), get("/other")]) {
      const response = await wrapped.fetch(request, badEnv, ctx);
      expect(response.status).toBe(503);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      // The config (which origins are allowed) is not disclosed.
      expect(await response.text()).toBe("Service Unavailable");
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it("gives the CorsConfigError, listing every problem, to onError on every request", async () => {
    const onError = vi.fn();
    const wrapped = withCors({ fetch: () => new Response("ok") }, fromEnv, { onError });
    await wrapped.fetch(get(), badEnv, ctx);
    await wrapped.fetch(get(), badEnv, ctx);
    expect(onError).toHaveBeenCalledTimes(2);
    const [error, request] = onError.mock.calls[0] ?? [];
    expect(CorsConfigError.is(error)).toBe(true);
    expect((error as CorsConfigError).problems.map((problem) => problem.value)).toEqual(
      expect.arrayContaining(["https://*.com", "https://app.example.com/path"]),
    );
    expect(request).toBeInstanceOf(Request);
  });

  it("does not retry the failing env on every request, and still serves a good env", async () => {
    const build = vi.fn(fromEnv);
    const wrapped = withCors({ fetch: () => new Response("ok") }, build, { onError: () => undefined });
    await wrapped.fetch(get(), badEnv, ctx);
    await wrapped.fetch(get(), badEnv, ctx);
    const good = await wrapped.fetch(get(), { ALLOWED_ORIGINS: ORIGIN }, ctx);
    expect(build).toHaveBeenCalledTimes(2);
    expect(good.status).toBe(200);
    expect(good.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("reports a plain exception from the policy function (a missing var) the same way", async () => {
    const onError = vi.fn();
    const wrapped = withCors(() => new Response("ok"), (env: Partial<Env>) => {
      if (env.ALLOWED_ORIGINS === undefined) throw new Error("ALLOWED_ORIGINS is not set in [vars]");
      return corsPolicy({ origins: [env.ALLOWED_ORIGINS] });
    }, { onError });
    const response = await wrapped(get(), {}, ctx);
    expect(response.status).toBe(503);
    expect(onError).toHaveBeenCalledWith(new Error("ALLOWED_ORIGINS is not set in [vars]"), expect.any(Request));
  });

  it("logs with console.error by default, and a throwing onError does not cost the response", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const byDefault = await withCors(() => new Response("ok"), fromEnv)(get(), badEnv, ctx);
      expect(byDefault.status).toBe(503);
      expect(consoleError).toHaveBeenCalledWith(expect.any(CorsConfigError));
    } finally {
      consoleError.mockRestore();
    }
    const failingLogger = withCors(() => new Response("ok"), fromEnv, {
      onError: () => {
        throw new Error("logger down");
      },
    });
    expect((await failingLogger(get(), badEnv, ctx)).status).toBe(503);
  });
});

describe("a policy function that returns no valid policy", () => {
  const cases: [string, (env: Env) => unknown, (error: unknown) => boolean][] = [
    ["a Promise (policies are built synchronously)", async (env) => fromEnv(env), (error) => error instanceof TypeError && /returned a Promise/.test(error.message)],
    ["nothing", () => undefined, (error) => CorsConfigError.is(error) && /undefined is undefined; expected an object/.test(error.message)],
    ["raw options that corsPolicy() refuses", () => ({ origins: ["https://*.com"] }), (error) => CorsConfigError.is(error)],
  ];
  for (const [what, build, expected] of cases) {
    it(`is answered like a throwing one, for ${what}: a plain 503 and the error to onError, compiled once`, async () => {
      const builder = vi.fn(build);
      const onError = vi.fn();
      const fetch = vi.fn(() => new Response("ok"));
      const wrapped = withCors({ fetch }, builder as unknown as (env: Env) => CorsPolicy, { onError });
      const env = { ALLOWED_ORIGINS: ORIGIN };
      for (const request of [get(), preflightFor()]) {
        const response = await wrapped.fetch(request, env, ctx);
        expect(response.status).toBe(503);
        expect(await response.text()).toBe("Service Unavailable");
      }
      expect(fetch).not.toHaveBeenCalled();
      expect(builder).toHaveBeenCalledTimes(1);
      expect(onError).toHaveBeenCalledTimes(2);
      expect(expected(onError.mock.calls[0]?.[0])).toBe(true);
    });
  }

  it("accepts raw options that are valid, as the core does", async () => {
    const wrapped = withCors(() => new Response("ok"), () => ({ origins: [ORIGIN] }) as unknown as CorsPolicy);
    expect((await wrapped(get(), {}, ctx)).headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});

describe("withCors refuses what it cannot wrap, at wrap time", () => {
  it("throws the CorsConfigError of raw options given as the policy, listing every problem", () => {
    let thrown: unknown;
    try {
      withCors(() => new Response(), { origins: ["https://*.com", "https://app.example.com/"] } as unknown as CorsPolicy);
    } catch (error) {
      thrown = error;
    }
    expect(CorsConfigError.is(thrown)).toBe(true);
    expect((thrown as CorsConfigError).problems.map((problem) => problem.value)).toEqual(["https://*.com", "https://app.example.com/"]);
  });

  const cases: [string, () => unknown, RegExp][] = [
    ["a handler without fetch", () => withCors({ scheduled: () => undefined } as never, policy), /no fetch method/],
    ["a class instead of an instance", () => withCors(class { fetch() { return new Response(); } } as never, policy), /got a class/],
    ["a string", () => withCors("fetch" as never, policy), /got string/],
    ["null", () => withCors(null as never, policy), /got null/],
    ["a missing policy", () => withCors(() => new Response(), undefined as unknown as CorsPolicy), /policy made by corsPolicy\(options\)/],
    ["a policy that is a string", () => withCors({ fetch: () => new Response() }, "*" as unknown as CorsPolicy), /got string/],
  ];
  for (const [what, wrap, message] of cases) {
    it(`throws a TypeError for ${what}`, () => {
      expect(wrap).toThrow(TypeError);
      expect(wrap).toThrow(message);
    });
  }
});
