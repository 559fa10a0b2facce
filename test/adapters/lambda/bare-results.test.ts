import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { describe, expect, test } from "vitest";
import { withCors } from "../../../adapters/lambda.ts";
import { CONTEXT, corsOf, fixture, fixturePolicy, type AnyResult } from "./helpers.ts";

const CORS = {
  "access-control-allow-origin": "https://app.example.com",
  "access-control-allow-credentials": "true",
  "access-control-expose-headers": "x-request-id",
  vary: "Origin",
};

describe("§4 payload 2.0 bare results become the 200 JSON response API Gateway infers, plus the CORS headers", () => {
  const cases: { returned: unknown; body: string }[] = [
    { returned: "Hello from Lambda!", body: "Hello from Lambda!" },
    { returned: "", body: "" },
    { returned: { message: "Hello", nested: { n: 1 } }, body: '{"message":"Hello","nested":{"n":1}}' },
    { returned: [1, "two"], body: '[1,"two"]' },
    { returned: 42, body: "42" },
    { returned: false, body: "false" },
    { returned: { body: "not a structured result without statusCode" }, body: '{"body":"not a structured result without statusCode"}' },
  ];
  for (const name of ["http-api-actual", "function-url-actual"] as const) {
    test.each(cases)(`${name}: %j`, async ({ returned, body }) => {
      const handler = async (_event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2<unknown>> => returned;
      const result = (await withCors(handler, fixturePolicy())(fixture(name), CONTEXT)) as AnyResult;
      expect(result).toEqual({
        statusCode: 200,
        headers: { "content-type": "application/json", ...CORS },
        body,
        isBase64Encoded: false,
      });
    });
  }

  test("a synchronous handler's bare result is handled the same way", async () => {
    const result = (await withCors(() => "plain", fixturePolicy())(fixture("http-api-actual"), CONTEXT)) as AnyResult;
    expect(result).toMatchObject({ statusCode: 200, body: "plain", headers: { "access-control-allow-origin": "https://app.example.com" } });
  });

  test("an object with statusCode is a structured result, not a body", async () => {
    const result: AnyResult = await withCors(async () => ({ statusCode: 202, body: "queued" }), fixturePolicy())(fixture("http-api-actual"), CONTEXT);
    expect(result).toEqual({ statusCode: 202, body: "queued", headers: CORS });
  });

  test("a structured result without body keeps having none", async () => {
    const result: AnyResult = await withCors(async () => ({ statusCode: 304 }), fixturePolicy())(fixture("function-url-actual"), CONTEXT);
    expect(result).toEqual({ statusCode: 304, headers: CORS });
  });
});

describe("§4 bare results are a payload 2.0 feature only", () => {
  test.each(["rest-actual", "alb-actual", "alb-multi-actual"] as const)(
    "%s: a string result is a 500 with CORS headers, and onError says why",
    async (name) => {
      const errors: unknown[] = [];
      const wrapped = withCors(async () => "Hello" as unknown, fixturePolicy(), { onError: (error) => errors.push(error) });
      const result = (await wrapped(fixture(name), CONTEXT)) as AnyResult;
      expect(result.statusCode).toBe(500);
      expect(corsOf(result)["access-control-allow-origin"]).toBe("https://app.example.com");
      expect(String(errors[0])).toMatch(/returned a string value instead of a result object with a statusCode/);
    },
  );
});
