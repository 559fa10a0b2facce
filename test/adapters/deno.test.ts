import { describe, expect, it, vi } from "vitest";
import { withCors } from "../../adapters/deno.ts";
import { corsPolicy } from "../../src/index.ts";

const ORIGIN = "https://app.example.com";
const policy = corsPolicy({ origins: [ORIGIN], methods: ["DELETE"] });
const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 51234 }, completed: Promise.resolve() };

describe("withCors for Deno.serve handlers", () => {
  it("gives the handler Deno's info as it came and decorates the response", async () => {
    const handler = vi.fn((_request: Request, _info: typeof info) => new Response("ok"));
    const response = await withCors(handler, policy)(new Request("http://localhost:8000/", { headers: { origin: ORIGIN } }), info);
    expect(handler).toHaveBeenCalledWith(expect.any(Request), info);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("answers a preflight without calling the handler", async () => {
    const handler = vi.fn(() => new Response("not for preflights"));
    const response = await withCors(handler, policy)(new Request("http://localhost:8000/", {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "DELETE" },
    }), info);
    expect(handler).not.toHaveBeenCalled();
    expect(response.status).toBe(204);
  });

  it("turns a thrown error into a 500 with CORS headers and gives it to onError", async () => {
    const onError = vi.fn();
    const response = await withCors(() => {
      throw new Error("secret detail");
    }, policy, { onError })(new Request("http://localhost:8000/", { headers: { origin: ORIGIN } }), info);
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
