// Ready-to-paste configuration that fixes a CORS failure, for the library and the usual suspects.
import type { CheckProblemCode } from "../src/check/index.ts";
import { CorsConfigError, corsPolicy, type CorsOptions } from "../src/index.ts";

/** What the fix must allow: taken from the request that was checked. */
export interface FixContext {
  readonly origin: string;
  /** Methods to list beyond GET, HEAD and POST. */
  readonly methods: readonly string[];
  /** Request headers to list (lowercase). */
  readonly headers: readonly string[];
  readonly credentials: boolean;
  /** Status of the failed preflight, when there was one. */
  readonly preflightStatus?: number | undefined;
}

export interface Snippet {
  readonly title: string;
  readonly code: string;
}

function quoted(items: readonly string[]): string {
  return items.map((item) => JSON.stringify(item)).join(", ");
}

/** Why corsPolicy() refuses these options, one line each (empty when it accepts them). */
function refusals(options: CorsOptions): string[] {
  try {
    corsPolicy(options);
    return [];
  } catch (error) {
    return CorsConfigError.is(error) ? error.problems.map((p) => `${p.option}: ${p.message}`) : [String(error)];
  }
}

function fetchCors(fix: FixContext): Snippet {
  const options = [`origins: [${JSON.stringify(fix.origin)}]`];
  if (fix.methods.length > 0) options.push(`methods: [${quoted(fix.methods)}]`);
  if (fix.headers.length > 0) options.push(`requestHeaders: [${quoted(fix.headers)}]`);
  if (fix.credentials) options.push("credentials: true");
  options.push("maxAge: 7200");
  const code = [
    'import { corsPolicy, withCors } from "fetch-cors";',
    "",
    `const policy = corsPolicy({ ${options.join(", ")} });`,
    "export default { fetch: withCors(handler, policy) }; // answers preflights before your handler runs",
  ];
  // The snippet is checked with the library itself: a request it refuses to allow (e.g. the "null"
  // origin with credentials) gets the library's reason instead of a snippet that throws.
  const refused = refusals({ origins: [fix.origin], methods: [...fix.methods], requestHeaders: [...fix.headers], credentials: fix.credentials, maxAge: 7200 });
  if (refused.length > 0) code.push("// corsPolicy() refuses this on purpose:", ...refused.map((reason) => `//   ${reason}`));
  return { title: "fetch-cors", code: code.join("\n") };
}

function express(fix: FixContext, code: CheckProblemCode): Snippet {
  const options = [`origin: ${JSON.stringify(fix.origin)}`];
  if (fix.methods.length > 0) options.push(`methods: [${quoted(["GET", "HEAD", "POST", ...fix.methods])}]`);
  if (fix.headers.length > 0) options.push(`allowedHeaders: [${quoted(fix.headers)}]`);
  if (fix.credentials) options.push("credentials: true");
  options.push("maxAge: 7200");
  const lines = [
    'import cors from "cors";',
    "",
    "// First middleware: before auth, body parsers and routes, so OPTIONS gets its answer.",
    `app.use(cors({ ${options.join(", ")} }));`,
  ];
  if (code === "multiple-allow-origin") lines.push("// …and remove any other layer (proxy, res.setHeader) that adds Access-Control-Allow-Origin.");
  return { title: "Express (cors package)", code: lines.join("\n") };
}

function nginx(fix: FixContext, code: CheckProblemCode): Snippet {
  const common = [`add_header Access-Control-Allow-Origin "${fix.origin}" always;`];
  if (fix.credentials) common.push('add_header Access-Control-Allow-Credentials "true" always;');
  common.push('add_header Vary "Origin" always;');
  const preflight = [...common, `add_header Access-Control-Allow-Methods "${["GET", "HEAD", "POST", ...fix.methods].join(", ")}" always;`];
  if (fix.headers.length > 0) preflight.push(`add_header Access-Control-Allow-Headers "${fix.headers.join(", ")}" always;`);
  preflight.push("add_header Access-Control-Max-Age 7200 always;", "return 204;");
  const lines = ["location /api/ {"];
  if (code === "multiple-allow-origin") lines.push("  proxy_hide_header Access-Control-Allow-Origin;  # the app sets it too: keep one");
  lines.push("  if ($request_method = OPTIONS) {", ...preflight.map((line) => `    ${line}`), "  }");
  lines.push('  # "always" adds them to error responses too', ...common.map((line) => `  ${line}`), "  proxy_pass http://app;", "}");
  return { title: "nginx", code: lines.join("\n") };
}

function apiGateway(fix: FixContext): Snippet {
  const settings: Record<string, unknown> = { AllowOrigins: [fix.origin], AllowMethods: ["GET", "POST", ...fix.methods] };
  if (fix.headers.length > 0) settings.AllowHeaders = fix.headers;
  if (fix.credentials) settings.AllowCredentials = true;
  settings.MaxAge = 7200;
  const lines = [
    "# HTTP API: API Gateway answers preflights itself",
    `aws apigatewayv2 update-api --api-id <api-id> --cors-configuration '${JSON.stringify(settings)}'`,
    "# REST API: \"Enable CORS\" on the resource (an OPTIONS mock without authorizer), return",
    "# Access-Control-Allow-Origin from your Lambda, and add it to the DEFAULT_4XX/5XX gateway responses.",
  ];
  if (fix.preflightStatus === 401 || fix.preflightStatus === 403) lines.push("# The 401/403 on OPTIONS: set the OPTIONS method's authorization to NONE.");
  return { title: "AWS API Gateway", code: lines.join("\n") };
}

/**
 * Snippets that fix the root cause `code` for this request (none for a network failure or a
 * redirect, which no CORS setting fixes); with `caseMismatch`, first the change to the calling page.
 */
export function fixSnippets(code: CheckProblemCode, rawFix: FixContext, caseMismatch = false): Snippet[] {
  // A network failure or a redirect is fixed by the URL or the server's routing, not by CORS settings.
  if (code === "unreachable" || code === "preflight-redirect" || code === "redirect-refused") return [];
  // Access-Control-* request headers are a mistake on the page, which the fix removes rather than allows.
  const fix = { ...rawFix, headers: rawFix.headers.filter((name) => !name.startsWith("access-control-")) };
  const snippets = [fetchCors(fix), express(fix, code), nginx(fix, code), apiGateway(fix)];
  if (caseMismatch) {
    const method = fix.methods[0] ?? "PATCH";
    snippets.unshift({ title: "the calling page", code: `fetch(url, { method: ${JSON.stringify(method.toUpperCase())} }); // fetch() uppercases only DELETE, GET, HEAD, OPTIONS, POST, PUT` });
  }
  return snippets;
}
