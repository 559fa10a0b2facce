import { describe, expect, test } from "vitest";
import worker, { fetchWithCors } from "../../examples/quick-start.ts";
import { actualRequest, preflightRequest } from "./requests.ts";

const PAGE = "http://localhost:5173";

describe("the README quick start works as written", () => {
  test.each(["POST", "PUT", "PATCH", "DELETE"])("with only origins set, a JSON %s from the page is allowed", async (method) => {
    const answer = await worker.fetch(preflightRequest(PAGE, method, { "access-control-request-headers": "content-type" }));
    expect(answer.status).toBe(204);
    expect(answer.headers.has("cors-rejected")).toBe(false);
    expect(answer.headers.get("access-control-allow-methods")).toContain(method);
  });

  test("with only origins set, the page reads the response, and another origin gets no CORS headers", async () => {
    expect((await worker.fetch(actualRequest(PAGE))).headers.get("access-control-allow-origin")).toBe(PAGE);
    expect((await worker.fetch(actualRequest("https://evil.test"))).headers.has("access-control-allow-origin")).toBe(false);
  });

  test("with only origins set, an Authorization header is refused and the refusal says so", async () => {
    const answer = await worker.fetch(preflightRequest(PAGE, "GET", { "access-control-request-headers": "authorization" }));
    expect(answer.headers.get("cors-rejected")).toBe('header "authorization" is not allowed (allowed: content-type)');
  });

  test("step by step: preflight, cross-origin guard and decoration with the credentialed policy", async () => {
    const allowed = await fetchWithCors(preflightRequest("http://localhost:3000", "PATCH", { "access-control-request-headers": "authorization,content-type" }));
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-max-age")).toBe("7200");
    const actual = await fetchWithCors(actualRequest("https://pr-7.preview.example.com"));
    expect(actual.headers.get("access-control-allow-origin")).toBe("https://pr-7.preview.example.com");
    expect(actual.headers.get("access-control-allow-credentials")).toBe("true");
    expect((await fetchWithCors(preflightRequest("https://example.com.evil.test", "PUT"))).status).toBe(403);
    // Credentials are on, so a cross-site form post from another origin never reaches handle().
    expect((await fetchWithCors(actualRequest("https://evil.test", "POST", { "sec-fetch-site": "cross-site" }))).status).toBe(403);
  });
});
