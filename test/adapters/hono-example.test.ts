import { describe, expect, it } from "vitest";
import app from "../../examples/hono.ts";

const ORIGIN = "https://app.example.com";

describe("Hono quick start (examples/hono.ts)", () => {
  it("answers the preflight of an authenticated DELETE without running the auth middleware", async () => {
    const response = await app.request("/api/items/7", {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "DELETE", "access-control-request-headers": "authorization" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("decorates the authenticated answer", async () => {
    const response = await app.request("/api/me", { headers: { origin: ORIGIN, authorization: "Bearer demo-token" } });
    expect(await response.json()).toEqual({ user: "demo" });
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("decorates the 401 of the auth middleware and the 404 of notFound", async () => {
    const unauthorized = await app.request("/api/me", { headers: { origin: ORIGIN } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const missing = await app.request("/elsewhere", { headers: { origin: ORIGIN } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});
