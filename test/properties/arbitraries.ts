// Random policies and browser-like requests drawn from small alphabets, so that hits are frequent.
import fc from "fast-check";
import { corsPolicy, type CorsOptions, type CorsPolicy, type CorsRejection } from "../../src/index.ts";
import type { OriginsSpec } from "./oracle.ts";

export const RUNS = 10_000;

/** SPEC §2's defaults, written out independently of the core. */
const DEFAULT_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const DEFAULT_REQUEST_HEADERS = ["content-type"];

const POLICY_ORIGINS = [
  "https://app.example.com", "https://*.example.com", "https://*.b.example.com", "http://localhost:*",
  "http://*.localhost:*", "https://api.example.org:8443", "https://*.example.net:8443", "http://127.0.0.1:3000",
  "https://xn--bcher-kva.example", "null",
];

/** Request origins: the policy's own entries, near misses, non-canonical forms and malformed values. */
export const REQUEST_ORIGINS = [
  ...POLICY_ORIGINS, "https://a.example.com", "https://a.b.example.com", "https://x.a.b.example.com", "https://example.com",
  "https://evilexample.com", "https://example.com.evil.com", "http://a.example.com", "https://a.example.com:8443",
  "https://APP.example.com", "https://app.example.com/", "https://app.example.com:443", "https://app.example.com.",
  "http://localhost", "http://localhost:3000", "http://localhost:03000", "http://localhost:0", "http://localhost:65536",
  "http://x.localhost:5173", "http://x.localhost", "http://localhost.:3000", "https://api.example.org",
  "https://api.example.org:8443", "https://x.example.net:8443", "https://x.example.net", "http://127.0.0.1:3000",
  "http://127.0.0.1:3001", "https://bücher.example", "https://-a.example.com", "https://a_b.example.com",
  "file://", "https://*.example.com", "https://a..example.com", "", " https://app.example.com", "null ", "NULL",
];

export const requestOrigin = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...REQUEST_ORIGINS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const predicate = (origin: string) => origin.endsWith(".example.com") || origin === "https://app.example.com";

/** Test options: the `origins` spec the oracle reads, and the CorsOptions built from it. */
export interface PolicyCase {
  readonly spec: { origins: OriginsSpec; methods: "*" | string[]; requestHeaders: "*" | string[] };
  readonly options: CorsOptions;
  readonly policy: CorsPolicy;
  /** Rejections reported by the policy's onReject since the last `take()`. */
  readonly rejections: { take: () => CorsRejection[] };
}

// A lowercase custom method is a config error unless its uppercase form is listed too (SPEC §2).
const methodsList = fc.oneof(
  fc.constant<"*">("*"),
  fc.subarray(["PUT", "DELETE", "PATCH", "patch", "PROPFIND", "GET", "*"])
    .map((methods) => (methods.includes("patch") && !methods.includes("PATCH") ? [...methods, "PATCH"] : methods)),
);
const headersList = fc.oneof(
  fc.constant<"*">("*"),
  fc.subarray(["content-type", "authorization", "x-api-key", "x-requested-with", "*"]),
);

export const policyCase: fc.Arbitrary<PolicyCase> = fc.boolean().chain((credentials) => fc.record({
  origins: fc.oneof(
    { weight: 1, arbitrary: fc.constant<OriginsSpec>("*") },
    { weight: 1, arbitrary: fc.constant<OriginsSpec>({ predicate }) },
    { weight: 6, arbitrary: fc.subarray(POLICY_ORIGINS.filter((o) => !credentials || o !== "null"), { minLength: 1 }) },
  ).filter((origins) => !credentials || origins !== "*"),
  // Absent lists stand for the defaults, which the oracle reads from SPEC §2.
  methods: fc.option(methodsList, { nil: undefined }),
  requestHeaders: fc.option(headersList, { nil: undefined }),
  exposeHeaders: fc.subarray(["x-request-id", "x-trace"]),
  maxAge: fc.option(fc.integer({ min: 0, max: 86400 }), { nil: undefined }),
  debug: fc.boolean(),
  preflightStatus: fc.constantFrom<200 | 204>(200, 204),
  privateNetwork: fc.boolean(),
}).filter((spec) => !(spec.privateNetwork && spec.origins === "*")).map((spec): PolicyCase => {
  let taken: CorsRejection[] = [];
  const origins = typeof spec.origins === "object" && !Array.isArray(spec.origins)
    ? (spec.origins as { predicate: (o: string) => boolean }).predicate
    : (spec.origins as "*" | string[]);
  const options: CorsOptions = {
    origins,
    ...(spec.methods === undefined ? {} : { methods: spec.methods }),
    ...(spec.requestHeaders === undefined ? {} : { requestHeaders: spec.requestHeaders }),
    exposeHeaders: spec.exposeHeaders,
    credentials,
    allowInsecureOrigins: true,
    debug: spec.debug,
    preflightStatus: spec.preflightStatus,
    privateNetwork: spec.privateNetwork,
    ...(spec.maxAge === undefined ? {} : { maxAge: spec.maxAge }),
    onReject: (rejection) => { taken.push(rejection); },
  };
  return {
    spec: {
      origins: spec.origins,
      methods: spec.methods ?? DEFAULT_METHODS,
      requestHeaders: spec.requestHeaders ?? DEFAULT_REQUEST_HEADERS,
    },
    options,
    policy: corsPolicy(options),
    rejections: { take: () => { const out = taken; taken = []; return out; } },
  };
}));

/** What a script passes to fetch(): a method and headers, from a small alphabet. */
export const scriptRequest = fc.record({
  origin: requestOrigin,
  method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch", "PROPFIND", "OPTIONS", "get"),
  headers: fc.subarray<[string, string]>([
    ["Content-Type", "application/json"], ["Content-Type", "text/plain"], ["Authorization", "Bearer t"], ["X-Api-Key", "k"],
    ["X-Requested-With", "XMLHttpRequest"], ["Accept", "application/json"], ["X-Unknown", "1"], ["Accept-Language", "en_US"],
  ]),
  credentials: fc.boolean(),
});

export const API = "https://api.test/resource";
