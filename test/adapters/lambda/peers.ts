/**
 * The same Lambda app behind three CORS layers, configured alike: fetch-cors's Lambda adapter,
 * Powertools for AWS Lambda's HTTP Router with its `cors()` middleware, and Hono's `handle()` with
 * `hono/cors`. Used by the behaviour comparison in peers.test.ts.
 */
import { Router } from "@aws-lambda-powertools/event-handler/http";
import { cors as powertoolsCors } from "@aws-lambda-powertools/event-handler/http/middleware";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { cors as honoCors } from "hono/cors";
import { withCors } from "../../../adapters/lambda.ts";
import { corsPolicy } from "../../../src/index.ts";

export type LambdaHandler = (event: any, context: any) => Promise<any>;
export type Peer = "fetch-cors" | "powertools" | "hono";
export const PEERS: readonly Peer[] = ["fetch-cors", "powertools", "hono"];

/** What the app's own route answers (the CORS layer decorates it). */
export interface AppAnswer {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface PeerConfig {
  origins: "*" | string[];
  credentials: boolean;
  /** fetch-cors only: the peers have no such protection. */
  crossOriginProtection?: boolean;
}

const ALLOWED = {
  methods: ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"],
  headers: ["content-type", "authorization"],
  expose: ["x-request-id"],
  maxAge: 600,
};

// Every path the fixtures use, for the router that needs routes declared.
const PATHS = ["/", "/orders", "/orders/:id", "/items/:id"] as const;

export const CONTEXT = {
  awsRequestId: "peer-comparison",
  functionName: "orders",
  getRemainingTimeInMillis: () => 3000,
};

/**
 * Builds the three handlers. `app` answers every route; when `fail` is set it throws instead.
 * A peer whose configuration is refused gets the thrown error as its handler (called it throws).
 */
export function buildPeers(config: PeerConfig, app: () => AppAnswer, fail = false): Record<Peer, LambdaHandler> {
  const route = () => {
    if (fail) throw new Error("database password is hunter2");
    return app();
  };
  return {
    "fetch-cors": fetchCors(config, route),
    powertools: powertools(config, route),
    hono: hono(config, route),
  };
}

function fetchCors(config: PeerConfig, route: () => AppAnswer): LambdaHandler {
  let policy;
  try {
    policy = corsPolicy({
      origins: config.origins,
      methods: ALLOWED.methods.filter((m) => m !== "GET" && m !== "HEAD" && m !== "POST"),
      requestHeaders: ALLOWED.headers,
      exposeHeaders: ALLOWED.expose,
      credentials: config.credentials,
      ...(config.crossOriginProtection === undefined ? {} : { crossOriginProtection: config.crossOriginProtection }),
      maxAge: ALLOWED.maxAge,
    });
  } catch (error) {
    return async () => { throw error; };
  }
  return withCors(async () => route(), policy, { onError: () => {} }) as LambdaHandler;
}

function powertools(config: PeerConfig, route: () => AppAnswer): LambdaHandler {
  const router = new Router();
  router.use(powertoolsCors({
    origin: config.origins,
    allowMethods: ALLOWED.methods,
    allowHeaders: ALLOWED.headers,
    exposeHeaders: ALLOWED.expose,
    credentials: config.credentials,
    maxAge: ALLOWED.maxAge,
  }));
  const answer = async () => ({ body: "", ...route() });
  for (const path of PATHS) {
    router.get(path, answer);
    router.post(path, answer);
    router.put(path, answer);
    router.delete(path, answer);
    router.patch(path, answer);
    router.options(path, answer);
  }
  // Powertools logs handled errors itself; keep test output clean.
  router.errorHandler(Error, async () => ({ statusCode: 500, body: "Internal Server Error" }));
  return (event, context) => router.resolve(event, context);
}

function hono(config: PeerConfig, route: () => AppAnswer): LambdaHandler {
  const app = new Hono();
  app.use("*", honoCors({
    origin: config.origins,
    allowMethods: ALLOWED.methods,
    allowHeaders: ALLOWED.headers,
    exposeHeaders: ALLOWED.expose,
    credentials: config.credentials,
    maxAge: ALLOWED.maxAge,
  }));
  app.all("*", (c) => {
    const answer = route();
    return c.body(answer.body ?? "", answer.statusCode as 200, answer.headers ?? {});
  });
  app.onError((_error, c) => c.text("Internal Server Error", 500));
  return handle(app) as LambdaHandler;
}
