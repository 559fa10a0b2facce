// Snippets for the Node frameworks and their CORS packages: one table, since they differ only in
// names (Express + cors, Fastify + @fastify/cors, Koa + @koa/cors, Hono + hono/cors).
import type { StackId } from "../stack.ts";
import { listedHeaders, MAX_AGE, placement, quotedList, type Fix, type FixContext } from "./snippet.ts";

interface Framework {
  readonly title: string;
  readonly importLine: string;
  /** The registration, given the options object. */
  readonly register: (options: string) => string;
  readonly first: string;
  readonly methods: string;
  readonly headers: string;
}

const FRAMEWORKS: Readonly<Record<"express" | "fastify" | "koa" | "hono", Framework>> = {
  express: {
    title: "Express (cors package)", importLine: 'import cors from "cors";', register: (options) => `app.use(cors(${options}));`,
    first: "The first app.use()", methods: "methods", headers: "allowedHeaders",
  },
  fastify: {
    title: "Fastify (@fastify/cors)", importLine: 'import cors from "@fastify/cors";', register: (options) => `await app.register(cors, ${options});`,
    first: "Registered first", methods: "methods", headers: "allowedHeaders",
  },
  koa: {
    title: "Koa (@koa/cors)", importLine: 'import cors from "@koa/cors";', register: (options) => `app.use(cors(${options}));`,
    first: "The first app.use()", methods: "allowMethods", headers: "allowHeaders",
  },
  hono: {
    title: "Hono (hono/cors)", importLine: 'import { cors } from "hono/cors";', register: (options) => `app.use("*", cors(${options}));`,
    first: "The first app.use()", methods: "allowMethods", headers: "allowHeaders",
  },
};

export type NodeFramework = keyof typeof FRAMEWORKS;

export function isNodeFramework(stack: StackId): stack is NodeFramework {
  return stack in FRAMEWORKS;
}

export function nodeFrameworkFix(stack: NodeFramework, fix: FixContext): Fix {
  const framework = FRAMEWORKS[stack];
  const options = [`origin: ${JSON.stringify(fix.origin)}`, `${framework.methods}: [${quotedList(fix.methods)}]`];
  const headers = listedHeaders(fix);
  if (headers.length > 0) options.push(`${framework.headers}: [${quotedList(headers)}]`);
  if (fix.credentials) options.push("credentials: true");
  options.push(`maxAge: ${MAX_AGE}`);
  const text = [
    framework.importLine,
    "",
    `// ${placement(fix, framework.first)}:`,
    framework.register(`{ ${options.join(", ")} }`),
  ];
  return { stack, title: framework.title, text: text.join("\n") };
}
