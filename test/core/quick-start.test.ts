import { describe, expect, test } from "vitest";
import worker, { fetchStepByStep } from "../../examples/quick-start.ts";
import { actualRequest, preflightRequest } from "./requests.ts";

describe("the README quick start works as written", () => {
  test.each([["withCors", worker.fetch], ["preflight ?? addCorsHeaders", fetchStepByStep]])("%s: preflight, actual and rejected origin", async (_, fetch) => {
    const allowed = await fetch(preflightRequest("http://localhost:5173", "PATCH", { "access-control-request-headers": "content-type" }));
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-max-age")).toBe("7200");
    const actual = await fetch(actualRequest("https://preview.example.com"));
    expect(actual.headers.get("access-control-allow-origin")).toBe("https://preview.example.com");
    expect(actual.headers.get("access-control-allow-credentials")).toBe("true");
    const rejected = await fetch(preflightRequest("https://example.com.evil.test", "PUT"));
    expect(rejected.status).toBe(403);
  });
});
