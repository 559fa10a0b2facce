// The misconfigurations of Express, Fastify, Koa and Hono apps, each written as its users write it.
import type { AppSetup } from "./app-setup.ts";
import { startNodeApp, type NodeStack } from "./node-apps.ts";
import { API_KEY_PUT, AUTHORIZED, CREDENTIALED, LOWERCASE, PUT, type CaseRequest, type ServerCase } from "./server-case.ts";

/** How each package registers its middleware with these options. */
const REGISTER: Readonly<Record<NodeStack, (options: string) => string>> = {
  express: (options) => `app.use(cors(${options}));`,
  fastify: (options) => `await app.register(cors, ${options});`,
  koa: (options) => `app.use(cors(${options}));`,
  hono: (options) => `app.use("*", cors(${options}));`,
};

/** Each package's names for the allowed methods and headers. */
const NAMES: Readonly<Record<NodeStack, { methods: string; headers: string }>> = {
  express: { methods: "methods", headers: "allowedHeaders" },
  fastify: { methods: "methods", headers: "allowedHeaders" },
  koa: { methods: "allowMethods", headers: "allowHeaders" },
  hono: { methods: "allowMethods", headers: "allowHeaders" },
};

type Options = (origin: string, names: { methods: string; headers: string }) => string;

interface Misconfiguration {
  readonly name: string;
  readonly code: string | null;
  readonly request: CaseRequest;
  /** The options of the CORS package; null for an app without it. */
  readonly options: Options | null;
  readonly setup?: Omit<AppSetup, "cors">;
  /** Stacks where this cannot happen (the package prevents it). */
  readonly not?: readonly NodeStack[];
  readonly pageFix?: boolean;
  /** Stacks whose answers to this request carry no mark of them. */
  readonly unmarked?: readonly NodeStack[];
  /** Where a stack's package turns the same setup into another failure. */
  readonly codes?: Partial<Record<NodeStack, string>>;
}

const ALL_METHODS = '["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]';

const MISCONFIGURATIONS: readonly Misconfiguration[] = [
  {
    name: "a healthy setup", code: null, request: { method: "PUT", headers: { authorization: "Bearer t", "content-type": "application/json" }, credentials: true },
    options: (origin, n) => `{ origin: ${JSON.stringify(origin)}, ${n.methods}: ${ALL_METHODS}, ${n.headers}: ["content-type", "authorization"], credentials: true }`,
    setup: { auth: "401", corsAfterAuth: false },
  },
  { name: "authentication before CORS", code: "preflight-status", request: AUTHORIZED, options: (origin) => `{ origin: ${JSON.stringify(origin)} }`, setup: { auth: "401", corsAfterAuth: true } },
  { name: "no CORS, so nothing answers OPTIONS", code: null, request: PUT, options: null },
  { name: "a redirect to sign in on OPTIONS", code: "preflight-redirect", request: { method: "PUT", headers: { authorization: "Bearer t" } }, options: (origin) => `{ origin: ${JSON.stringify(origin)} }`, setup: { auth: "redirect", corsAfterAuth: true }, unmarked: ["koa", "hono"] },
  { name: "a 200 HTML fallback answering OPTIONS", code: "missing-allow-origin", request: PUT, options: null, setup: { fallback: true }, not: ["fastify", "koa", "hono"] },
  { name: "* with credentials", code: "wildcard-with-credentials", request: CREDENTIALED, options: () => '{ origin: "*", credentials: true }', not: ["koa"], unmarked: ["hono"] },
  { name: "a missing method", code: "method-not-allowed", request: PUT, options: (origin, n) => `{ origin: ${JSON.stringify(origin)}, ${n.methods}: ["GET", "POST"] }`, unmarked: ["koa", "hono"] },
  { name: "a missing header", code: "header-not-allowed", request: API_KEY_PUT, options: (origin, n) => `{ origin: ${JSON.stringify(origin)}, ${n.methods}: ${ALL_METHODS}, ${n.headers}: ["content-type"] }`, unmarked: ["koa", "hono"] },
  { name: "missing credentials", code: "missing-allow-credentials", request: CREDENTIALED, options: (origin) => `{ origin: ${JSON.stringify(origin)} }`, unmarked: ["koa", "hono"] },
  // hono/cors compares a string origin with the request's and sends nothing when they differ.
  { name: "an origin with a trailing slash", code: "origin-mismatch", request: {}, options: (origin) => `{ origin: ${JSON.stringify(`${origin}/`)} }`, unmarked: ["koa", "hono"], codes: { hono: "missing-allow-origin" } },
  { name: "a lowercase method from the page", code: "method-not-allowed", request: LOWERCASE, options: (origin, n) => `{ origin: ${JSON.stringify(origin)}, ${n.methods}: ${ALL_METHODS} }`, pageFix: true, unmarked: ["koa", "hono"] },
];

// Without CORS each framework answers OPTIONS its own way: Express with a 200 listing the methods,
// the others with their 404.
const NO_CORS_CODE: Readonly<Record<NodeStack, string>> = { express: "missing-allow-origin", fastify: "preflight-status", koa: "preflight-status", hono: "preflight-status" };

export function nodeCases(stack: NodeStack): ServerCase[] {
  return MISCONFIGURATIONS.filter((m) => !(m.not ?? []).includes(stack)).map((m) => ({
    stack,
    name: m.name,
    code: m.options === null && m.setup?.fallback !== true ? NO_CORS_CODE[stack] : m.codes?.[stack] ?? m.code,
    request: m.request,
    recognised: !(m.unmarked ?? []).includes(stack) && !(m.name === "a healthy setup"),
    ...(m.pageFix === true ? { pageFix: true } : {}),
    start: (context, fix) => {
      const cors = m.options === null ? "" : REGISTER[stack](m.options(context.origin, NAMES[stack]));
      return startNodeApp(stack, { cors, ...m.setup }, fix);
    },
  }));
}
