/** Fixture loading and result inspection shared by the Lambda adapter tests. */
import { readFileSync } from "node:fs";
import { corsPolicy, type CorsOptions } from "../../../src/index.ts";

export const FIXTURES = [
  "rest-preflight", "rest-actual",
  "http-api-preflight", "http-api-actual",
  "function-url-preflight", "function-url-actual",
  "alb-preflight", "alb-actual",
  "alb-multi-preflight", "alb-multi-actual",
] as const;
export type FixtureName = (typeof FIXTURES)[number];

/** One fixture per integration, for tests that run a rule over every event type. */
export const EVENT_TYPES = [
  { type: "REST API (payload 1.0)", preflight: "rest-preflight", actual: "rest-actual", field: "headers" },
  { type: "HTTP API (payload 2.0)", preflight: "http-api-preflight", actual: "http-api-actual", field: "headers" },
  { type: "Function URL", preflight: "function-url-preflight", actual: "function-url-actual", field: "headers" },
  { type: "ALB", preflight: "alb-preflight", actual: "alb-actual", field: "headers" },
  { type: "ALB with multi-value headers", preflight: "alb-multi-preflight", actual: "alb-multi-actual", field: "multiValueHeaders" },
] as const;

const cache = new Map<string, string>();

/** A fresh, mutable copy of a fixture event (tests may edit it). */
export function fixture<T = Record<string, any>>(name: FixtureName): T {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8");
    cache.set(name, text);
  }
  return JSON.parse(text) as T;
}

/** The policy the fixtures were written for: the preflights ask for PUT/DELETE with JSON and a token. */
export const FIXTURE_OPTIONS = {
  origins: ["https://app.example.com"],
  methods: ["PUT", "DELETE"],
  requestHeaders: ["content-type", "authorization"],
  exposeHeaders: ["x-request-id"],
  credentials: true,
  maxAge: 600,
} satisfies CorsOptions;

export function fixturePolicy(overrides: Partial<CorsOptions> = {}) {
  return corsPolicy({ ...FIXTURE_OPTIONS, ...overrides });
}

export const PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

export type AnyResult = Record<string, any>;

/**
 * Every header of a result as the client would receive it: names lowercased, `headers` and
 * `multiValueHeaders` merged the way API Gateway merges them, each value listed separately.
 */
export function receivedHeaders(result: AnyResult): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (name: string, value: unknown) => {
    const key = name.toLowerCase();
    const list = (out[key] ??= []);
    if (!list.includes(String(value))) list.push(String(value));
  };
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) for (const v of values as unknown[]) add(name, v);
  for (const [name, value] of Object.entries(result.headers ?? {})) add(name, value);
  return out;
}

/** The CORS headers (Access-Control-* and Vary) of a result, one string each, for exact comparisons. */
export function corsOf(result: AnyResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(receivedHeaders(result))) {
    if (name.startsWith("access-control-") || name === "vary") out[name] = values.join(", ");
  }
  return out;
}

/** How many times a header name (any case) is written across `headers` and `multiValueHeaders`. */
export function writesOf(result: AnyResult, name: string): number {
  const lower = name.toLowerCase();
  let count = 0;
  for (const key of Object.keys(result.headers ?? {})) if (key.toLowerCase() === lower) count++;
  for (const key of Object.keys(result.multiValueHeaders ?? {})) if (key.toLowerCase() === lower) count++;
  return count;
}

/** A handler that records its calls and answers with a fixed result. */
export function recordingHandler<R>(result: R) {
  const calls: { event: unknown; context: unknown }[] = [];
  const handler = async (event: unknown, context: unknown): Promise<R> => {
    calls.push({ event, context });
    return result;
  };
  return { handler, calls };
}

export const CONTEXT = { awsRequestId: "test-request", functionName: "orders" };

/** Sets a header in every map the event carries (`headers`, `multiValueHeaders`), keeping the key's case. */
export function setHeader(event: Record<string, any>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const field of ["headers", "multiValueHeaders"] as const) {
    const map = event[field];
    if (!map) continue;
    const key = Object.keys(map).find((k) => k.toLowerCase() === lower) ?? name;
    map[key] = field === "headers" ? value : [value];
  }
}

/** Removes a header (any case) from every map the event carries. */
export function deleteHeader(event: Record<string, any>, name: string): void {
  const lower = name.toLowerCase();
  for (const field of ["headers", "multiValueHeaders"] as const) {
    const map = event[field];
    if (!map) continue;
    for (const key of Object.keys(map)) if (key.toLowerCase() === lower) delete map[key];
  }
}
