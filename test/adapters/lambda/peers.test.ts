// Behaviour comparison on the same fixture events: fetch-cors's Lambda adapter, Powertools for AWS
// Lambda's Router + cors(), and hono/aws-lambda + hono/cors, configured alike (test/adapters/lambda/peers.ts).
// Each test pins what all three do, so the README's comparison stays true as the peers evolve.
import { describe, expect, test } from "vitest";
import { withCors } from "../../../adapters/lambda.ts";
import { CorsConfigError, corsPolicy } from "../../../src/index.ts";
import { PREFLIGHT_VARY, corsOf, deleteHeader, fixture, setHeader, writesOf, type AnyResult, type FixtureName } from "./helpers.ts";
import { CONTEXT, PEERS, buildPeers, type AppAnswer, type Peer, type PeerConfig } from "./peers.ts";

const LISTED: PeerConfig = { origins: ["https://app.example.com"], credentials: true };
const PLAIN: AppAnswer = { statusCode: 200, headers: { "content-type": "text/plain" }, body: "app" };

async function runAll(event: () => unknown, app: () => AppAnswer = () => PLAIN, config = LISTED, fail = false) {
  const handlers = buildPeers(config, app, fail);
  const results = {} as Record<Peer, AnyResult>;
  for (const peer of PEERS) results[peer] = await handlers[peer](event(), CONTEXT);
  return results;
}

function edited(name: FixtureName, edit: (event: AnyResult) => void) {
  return () => {
    const event = fixture(name);
    edit(event);
    return event;
  };
}

describe("peers: an allowed preflight", () => {
  test("all answer 204; only fetch-cors varies on every preflight request header", async () => {
    const r = await runAll(() => fixture("http-api-preflight"));
    for (const peer of PEERS) expect(r[peer].statusCode, peer).toBe(204);
    expect(corsOf(r["fetch-cors"])["vary"]).toBe(PREFLIGHT_VARY);
    expect(corsOf(r.hono)["vary"]).toBe("Origin, Access-Control-Request-Headers");
    expect(corsOf(r.powertools)["vary"]).toBe("Origin");
  });
});

describe("peers: a preflight from an origin that is not allowed", () => {
  test("fetch-cors: 403 disclosing nothing; hono: 204 with the allowed lists; Powertools: the app's route answers it", async () => {
    const r = await runAll(edited("http-api-preflight", (e) => setHeader(e, "origin", "https://evil.example")));
    expect(r["fetch-cors"].statusCode).toBe(403);
    expect(corsOf(r["fetch-cors"])).toEqual({ vary: PREFLIGHT_VARY });

    expect(r.hono.statusCode).toBe(204);
    expect(corsOf(r.hono)["access-control-allow-origin"]).toBeUndefined();
    expect(corsOf(r.hono)["access-control-allow-methods"]).toBe("GET,HEAD,POST,PUT,DELETE,PATCH");
    expect(corsOf(r.hono)["access-control-allow-headers"]).toBe("content-type,authorization");

    expect(r.powertools.statusCode).toBe(200);
    expect(r.powertools.body).toBe("app");
  });
});

describe("peers: a preflight asking for a method that is not allowed", () => {
  test("fetch-cors: 204 with its lists and the reason (the browser names the method); hono: 204 with Allow-Origin (the browser fails later); Powertools: the app's route answers it", async () => {
    const r = await runAll(edited("http-api-preflight", (e) => setHeader(e, "access-control-request-method", "PURGE")));
    expect(r["fetch-cors"].statusCode).toBe(204);
    expect(corsOf(r["fetch-cors"])["access-control-allow-methods"]).toBe("PUT, DELETE, PATCH");
    expect(r["fetch-cors"].headers["cors-rejected"]).toMatch(/^method "PURGE" is not allowed/);
    expect(r.hono.statusCode).toBe(204);
    expect(corsOf(r.hono)["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(r.powertools.body).toBe("app");
  });
});

describe("peers: a preflight asking for a header that is not allowed", () => {
  test("fetch-cors: 204 with its lists, lacking the header, and the reason; hono: 204 with the allowed lists; Powertools: the app's route answers it", async () => {
    const r = await runAll(edited("http-api-preflight", (e) => setHeader(e, "access-control-request-headers", "content-type,x-debug")));
    expect(r["fetch-cors"].statusCode).toBe(204);
    expect(corsOf(r["fetch-cors"])).toEqual({
      "access-control-allow-origin": "https://app.example.com",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "PUT, DELETE, PATCH",
      "access-control-allow-headers": "content-type, authorization",
      vary: PREFLIGHT_VARY,
    });
    expect(r["fetch-cors"].headers["cors-rejected"]).toBe('header "x-debug" is not allowed (allowed: content-type, authorization)');
    expect(r.hono.statusCode).toBe(204);
    expect(corsOf(r.hono)["access-control-allow-headers"]).toBe("content-type,authorization");
    expect(r.powertools.body).toBe("app");
  });
});

describe("peers: a preflight for a lowercase method (fetch sends `patch` as written, and it is not PATCH)", () => {
  test("all three: 204 listing PATCH, which the browser then refuses naming the method; fetch-cors also says why", async () => {
    const r = await runAll(edited("http-api-preflight", (e) => setHeader(e, "access-control-request-method", "patch")));
    expect(r["fetch-cors"].headers["cors-rejected"]).toMatch(/methods are case-sensitive/);
    for (const peer of PEERS) {
      expect(r[peer].statusCode, peer).toBe(204);
      expect(corsOf(r[peer])["access-control-allow-methods"], peer).toMatch(/PATCH/);
      expect(corsOf(r[peer])["access-control-allow-methods"], peer).not.toMatch(/patch/);
    }
  });

  test("fetch-cors says why in the CORS-Rejected header, with or without debug", async () => {
    const policy = corsPolicy({ origins: ["https://app.example.com"], methods: ["PATCH"], requestHeaders: ["content-type", "authorization"] });
    const event = fixture("http-api-preflight");
    setHeader(event, "access-control-request-method", "patch");
    const result: AnyResult = await withCors(async () => PLAIN, policy)(event, CONTEXT);
    expect(result.headers["cors-rejected"]).toMatch(/method "patch" is not allowed \(methods are case-sensitive/);
  });
});

describe("peers: a preflight for a route the app does not have", () => {
  test("all three answer it (a preflight carries no credentials, and routing is not CORS's business)", async () => {
    const r = await runAll(edited("http-api-preflight", (e) => {
      e.rawPath = "/no/such/route";
      e.requestContext.http.path = "/no/such/route";
    }));
    for (const peer of PEERS) expect(r[peer].statusCode, peer).toBe(204);
  });
});

describe("peers: an OPTIONS request that is not a preflight", () => {
  test("fetch-cors and Powertools let the app's OPTIONS route answer; hono swallows it as a preflight", async () => {
    const app = (): AppAnswer => ({ statusCode: 200, headers: { allow: "GET, PUT, OPTIONS" }, body: "app options" });
    const r = await runAll(edited("http-api-preflight", (e) => {
      deleteHeader(e, "access-control-request-method");
      deleteHeader(e, "access-control-request-headers");
    }), app);
    expect(r["fetch-cors"].body).toBe("app options");
    expect(r.powertools.body).toBe("app options");
    expect(r.hono.statusCode).toBe(204);
    expect(r.hono.body).toBe("");
  });
});

describe("peers: an app that sets its own Vary", () => {
  test("fetch-cors and hono merge Origin into it; Powertools loses Vary: Origin", async () => {
    const app = (): AppAnswer => ({ statusCode: 200, headers: { vary: "Accept-Encoding" }, body: "" });
    const r = await runAll(() => fixture("http-api-actual"), app);
    expect(corsOf(r["fetch-cors"])["vary"]).toBe("Accept-Encoding, Origin");
    expect(corsOf(r.hono)["vary"]).toBe("Accept-Encoding, Origin");
    expect(corsOf(r.powertools)["vary"]).toBe("Accept-Encoding");
  });
});

describe("peers: an app that sets a stale Access-Control-Allow-Origin", () => {
  test("fetch-cors and hono replace it; Powertools sends * together with credentials (browsers refuse it)", async () => {
    const app = (): AppAnswer => ({ statusCode: 200, headers: { "Access-Control-Allow-Origin": "*" }, body: "" });
    const r = await runAll(() => fixture("http-api-actual"), app);
    expect(corsOf(r["fetch-cors"])["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(corsOf(r.hono)["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(corsOf(r.powertools)).toMatchObject({ "access-control-allow-origin": "*", "access-control-allow-credentials": "true" });
  });
});

describe("peers: an actual request from an origin that is not allowed", () => {
  test("fetch-cors: its POST refused before the app runs (credentialed: cross-origin protection); hono and Powertools: the app runs", async () => {
    const r = await runAll(edited("http-api-actual", (e) => setHeader(e, "origin", "https://evil.example")));
    expect(r["fetch-cors"].statusCode).toBe(403);
    expect(r["fetch-cors"].body).not.toBe("app");
    for (const peer of ["hono", "powertools"] as const) expect(r[peer].body, peer).toBe("app");
  });

  test("with protection off, fetch-cors: Vary: Origin only; hono: Vary plus stray Allow-Credentials and Expose-Headers; Powertools: no Vary at all", async () => {
    const r = await runAll(edited("http-api-actual", (e) => setHeader(e, "origin", "https://evil.example")), () => PLAIN, { ...LISTED, crossOriginProtection: false });
    expect(corsOf(r["fetch-cors"])).toEqual({ vary: "Origin" });
    expect(corsOf(r.hono)).toEqual({
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "x-request-id",
      vary: "Origin",
    });
    expect(corsOf(r.powertools)).toEqual({});
  });
});

describe("peers: a request without Origin (same-origin, curl, a server)", () => {
  test("fetch-cors: Vary: Origin only; hono: Vary plus Allow-Credentials and Expose-Headers; Powertools: nothing, not even Vary", async () => {
    const r = await runAll(edited("rest-actual", (e) => deleteHeader(e, "origin")));
    expect(corsOf(r["fetch-cors"])).toEqual({ vary: "Origin" });
    expect(corsOf(r.hono)).toEqual({
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "x-request-id",
      vary: "Origin",
    });
    expect(corsOf(r.powertools)).toEqual({});
  });
});

describe("peers: origins * together with credentials", () => {
  test("fetch-cors refuses the config at startup; hono and Powertools send * with credentials, which browsers reject", async () => {
    const r = buildPeers({ origins: "*", credentials: true }, () => PLAIN);
    await expect(r["fetch-cors"](fixture("http-api-actual"), CONTEXT)).rejects.toBeInstanceOf(CorsConfigError);
    for (const peer of ["hono", "powertools"] as const) {
      const result: AnyResult = await r[peer](fixture("http-api-actual"), CONTEXT);
      expect(corsOf(result), peer).toMatchObject({ "access-control-allow-origin": "*", "access-control-allow-credentials": "true" });
    }
  });
});

describe("peers: an ALB target group with multi-value headers enabled", () => {
  test("fetch-cors and hono answer in multiValueHeaders only; Powertools puts most CORS headers in headers", async () => {
    for (const name of ["alb-multi-preflight", "alb-multi-actual"] as const) {
      const r = await runAll(() => fixture(name));
      for (const peer of ["fetch-cors", "hono"] as const) {
        expect(r[peer].headers, `${peer} ${name}`).toBeUndefined();
        expect(Object.keys(r[peer].multiValueHeaders), `${peer} ${name}`).toContain("access-control-allow-origin");
      }
      expect(Object.keys(r.powertools.headers), name).toContain("access-control-allow-origin");
    }
  });

  test("no peer writes one CORS header in both fields", async () => {
    for (const name of ["rest-preflight", "rest-actual", "alb-multi-preflight", "alb-multi-actual"] as const) {
      const r = await runAll(() => fixture(name));
      for (const peer of PEERS) {
        for (const header of Object.keys(corsOf(r[peer]))) expect(writesOf(r[peer], header), `${peer} ${name} ${header}`).toBe(1);
      }
    }
  });
});

describe("peers: an app that throws", () => {
  test("all three answer 500 with the CORS headers and keep the error out of the body", async () => {
    const r = await runAll(() => fixture("http-api-actual"), () => PLAIN, LISTED, true);
    for (const peer of PEERS) {
      expect(r[peer].statusCode, peer).toBe(500);
      expect(corsOf(r[peer])["access-control-allow-origin"], peer).toBe("https://app.example.com");
      expect(JSON.stringify(r[peer]), peer).not.toContain("hunter2");
    }
  });
});
