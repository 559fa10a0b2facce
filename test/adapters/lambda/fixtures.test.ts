import {
  APIGatewayProxyEventSchema, APIGatewayProxyEventV2Schema, AlbSchema,
} from "@aws-lambda-powertools/parser/schemas";
import { describe, expect, test } from "vitest";
import { withCors } from "../../../adapters/lambda.ts";
import { CONTEXT, FIXTURES, fixture, fixturePolicy, type AnyResult } from "./helpers.ts";
import { SCHEMAS } from "./schemas.ts";

describe("fixtures are real-shaped events, validated by AWS's Powertools schemas", () => {
  test.each(FIXTURES)("%s matches its schema", (name) => {
    const parsed = SCHEMAS[name].safeParse(fixture(name));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  test.each([
    ["rest-actual", APIGatewayProxyEventV2Schema],
    ["http-api-actual", APIGatewayProxyEventSchema],
    ["alb-actual", APIGatewayProxyEventSchema],
    ["rest-actual", AlbSchema],
  ] as const)("the schemas discriminate: %s is not a valid event of another type", (name, schema) => {
    expect(schema.safeParse(fixture(name)).success).toBe(false);
  });
});

describe("§4 the event type is recognised from its shape", () => {
  // The answer's shape tells which type the adapter recognised.
  const shapes = [
    { name: "rest-preflight", headers: true, multiValueHeaders: false, statusDescription: false },
    { name: "http-api-preflight", headers: true, multiValueHeaders: false, statusDescription: false },
    { name: "function-url-preflight", headers: true, multiValueHeaders: false, statusDescription: false },
    { name: "alb-preflight", headers: true, multiValueHeaders: false, statusDescription: true },
    { name: "alb-multi-preflight", headers: false, multiValueHeaders: true, statusDescription: true },
  ] as const;
  test.each(shapes)("$name", async ({ name, headers, multiValueHeaders, statusDescription }) => {
    const result: AnyResult = await withCors(async () => ({ statusCode: 200 }), fixturePolicy())(fixture(name), CONTEXT);
    expect(result.statusCode).toBe(204);
    expect("headers" in result).toBe(headers);
    expect("multiValueHeaders" in result).toBe(multiValueHeaders);
    expect("statusDescription" in result).toBe(statusDescription);
  });

  test("payload 2.0 is recognised by requestContext.http even without version", async () => {
    const event = fixture("http-api-actual");
    delete event.version;
    const result = (await withCors(async () => "bare", fixturePolicy())(event, CONTEXT)) as AnyResult;
    expect(result).toMatchObject({ statusCode: 200, body: "bare" });
  });

  test("an HTTP API event with payload format 1.0 is answered as REST (same shape)", async () => {
    const event = fixture("rest-actual");
    event.version = "1.0";
    const result: AnyResult = await withCors(async () => ({ statusCode: 200, body: "" }), fixturePolicy())(event, CONTEXT);
    expect(result.headers["access-control-allow-origin"]).toBe("https://app.example.com");
  });
});
