import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  ALBEvent, ALBHandler, ALBResult, APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyHandler,
  APIGatewayProxyHandlerV2, APIGatewayProxyResult, LambdaFunctionURLHandler, StreamifyHandler,
} from "aws-lambda";
import * as lambdaLocal from "lambda-local";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withCors, withCorsStreaming } from "../../../adapters/lambda.ts";
import { PREFLIGHT_VARY, corsOf, fixture, fixturePolicy, type AnyResult, type FixtureName } from "./helpers.ts";

// lambda-local reads AWS profile files from $HOME; an empty home keeps the runs hermetic.
let home: string;
let savedHome: string | undefined;
beforeAll(() => {
  savedHome = process.env["HOME"];
  home = mkdtempSync(join(tmpdir(), "fetch-cors-lambda-"));
  process.env["HOME"] = home;
});
afterAll(() => {
  if (savedHome === undefined) delete process.env["HOME"];
  else process.env["HOME"] = savedHome;
  rmSync(home, { recursive: true, force: true });
});

function invoke(handler: unknown, event: unknown): Promise<AnyResult> {
  return lambdaLocal.execute({ event, lambdaFunc: { handler }, verboseLevel: 0, timeoutMs: 5000 }) as Promise<AnyResult>;
}

const policy = fixturePolicy();

// Declared with the official handler types: the wrapped handlers must be assignable to them.
const restHandler: APIGatewayProxyHandler = withCors(
  async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => ({
    statusCode: 200,
    multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"] },
    body: JSON.stringify({ path: event.path }),
  }),
  policy,
);
const httpApiHandler: APIGatewayProxyHandlerV2<{ path: string }> = withCors(async (event: APIGatewayProxyEventV2) => ({ path: event.rawPath }), policy);
const functionUrlHandler: LambdaFunctionURLHandler = withCors(
  async (event: APIGatewayProxyEventV2) => ({ statusCode: 200, cookies: ["a=1"], body: event.rawPath }),
  policy,
);
const albHandler: ALBHandler = withCors(
  async (event: ALBEvent): Promise<ALBResult> => ({
    statusCode: 200,
    statusDescription: "200 OK",
    ...(event.multiValueHeaders ? { multiValueHeaders: { "content-type": ["text/plain"] } } : { headers: { "content-type": "text/plain" } }),
    body: event.path,
    isBase64Encoded: false,
  }),
  policy,
);

const CASES: { name: FixtureName; handler: unknown }[] = [
  { name: "rest-preflight", handler: restHandler },
  { name: "rest-actual", handler: restHandler },
  { name: "http-api-preflight", handler: httpApiHandler },
  { name: "http-api-actual", handler: httpApiHandler },
  { name: "function-url-preflight", handler: functionUrlHandler },
  { name: "function-url-actual", handler: functionUrlHandler },
  { name: "alb-preflight", handler: albHandler },
  { name: "alb-actual", handler: albHandler },
  { name: "alb-multi-preflight", handler: albHandler },
  { name: "alb-multi-actual", handler: albHandler },
];

describe("§4 handlers invoked through lambda-local behave as when called directly", () => {
  test.each(CASES)("$name", async ({ name, handler }) => {
    const viaLambdaLocal = await invoke(handler, fixture(name));
    const direct = await (handler as (e: unknown, c: unknown) => Promise<AnyResult>)(fixture(name), {});
    expect(viaLambdaLocal).toEqual(direct);
    if (name.endsWith("-preflight")) {
      expect(viaLambdaLocal.statusCode).toBe(204);
      expect(corsOf(viaLambdaLocal)["vary"]).toBe(PREFLIGHT_VARY);
    } else {
      expect(viaLambdaLocal.statusCode).toBe(200);
      expect(corsOf(viaLambdaLocal)["access-control-allow-origin"]).toBe("https://app.example.com");
    }
  });

  test("REST: the multi-value Set-Cookie pair survives the round trip", async () => {
    const result = await invoke(restHandler, fixture("rest-actual"));
    expect(result.multiValueHeaders["Set-Cookie"]).toEqual(["a=1", "b=2"]);
    expect(result.headers["access-control-allow-credentials"]).toBe("true");
  });

  test("HTTP API: a bare object result becomes a JSON 200", async () => {
    const result = await invoke(httpApiHandler, fixture("http-api-actual"));
    expect(result).toMatchObject({ statusCode: 200, body: '{"path":"/orders"}', headers: { "content-type": "application/json" } });
  });

  test("ALB multi-value: only multiValueHeaders in the answer", async () => {
    const result = await invoke(albHandler, fixture("alb-multi-actual"));
    expect(result.headers).toBeUndefined();
    expect(result.multiValueHeaders["access-control-allow-origin"]).toEqual(["https://app.example.com"]);
  });

  test("a throwing handler gives lambda-local a 500 result, not an invocation error", async () => {
    const failing = withCors(async () => { throw new Error("boom"); }, policy, { onError: () => {} });
    const result = await invoke(failing, fixture("function-url-actual"));
    expect(result.statusCode).toBe(500);
    expect(result.headers["access-control-allow-origin"]).toBe("https://app.example.com");
  });
});

describe("§4 a streaming handler runs under lambda-local's awslambda.streamifyResponse", () => {
  function streamed() {
    const runtime = (globalThis as { awslambda?: { streamifyResponse(handler: unknown): unknown } }).awslambda;
    expect(runtime, "lambda-local installs the awslambda global").toBeDefined();
    // Declared with the official type: the wrapped handler must be what awslambda.streamifyResponse takes.
    const handler: StreamifyHandler = withCorsStreaming(
      () => new Response(new Blob(["one ", "two"]).stream(), { headers: { "content-type": "text/plain" } }),
      policy,
    );
    return runtime!.streamifyResponse(handler);
  }

  async function text(body: unknown): Promise<string> {
    let out = "";
    for await (const chunk of body as AsyncIterable<Buffer>) out += chunk.toString("utf8");
    return out;
  }

  test.each(["function-url-actual", "rest-actual"] as const)("%s: the prelude carries the CORS headers, the body streams through", async (name) => {
    const result = await invoke(streamed(), fixture(name));
    expect(result.statusCode).toBe(200);
    expect(corsOf(result)).toEqual({
      "access-control-allow-origin": "https://app.example.com",
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "x-request-id",
      vary: "Origin",
    });
    expect(await text(result.body)).toBe("one two");
  });

  test.each(["function-url-preflight", "rest-preflight"] as const)("%s: answered in the prelude, with an empty body", async (name) => {
    const result = await invoke(streamed(), fixture(name));
    expect(result.statusCode).toBe(204);
    expect(corsOf(result)["vary"]).toBe(PREFLIGHT_VARY);
    expect(await text(result.body)).toBe("");
  });
});
