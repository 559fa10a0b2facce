// Snippets for managed edges: AWS API Gateway, Amazon CloudFront and Cloudflare.
import { optionsLiteral } from "./fetch-cors.ts";
import { listedHeaders, MAX_AGE, type Fix, type FixContext } from "./snippet.ts";

export function apiGatewayFix(fix: FixContext): Fix {
  const settings: Record<string, unknown> = { AllowOrigins: [fix.origin], AllowMethods: fix.methods };
  const headers = listedHeaders(fix);
  if (headers.length > 0) settings.AllowHeaders = headers;
  if (fix.credentials) settings.AllowCredentials = true;
  settings.MaxAge = MAX_AGE;
  const lines = [
    "# HTTP API: API Gateway answers preflights itself",
    `aws apigatewayv2 update-api --api-id <api-id> --cors-configuration '${JSON.stringify(settings)}'`,
    "# REST API: \"Enable CORS\" on the resource (an OPTIONS mock without authorizer), return",
    "# Access-Control-Allow-Origin from your Lambda, and add it to the DEFAULT_4XX/5XX gateway responses.",
  ];
  if (fix.authFirst) lines.push("# The 401/403 on OPTIONS: set the OPTIONS method's authorization to NONE.");
  return { stack: "api-gateway", title: "AWS API Gateway", text: lines.join("\n") };
}

export function cloudFrontFix(fix: FixContext): Fix {
  const config = {
    AccessControlAllowOrigins: { Quantity: 1, Items: [fix.origin] },
    AccessControlAllowMethods: { Quantity: fix.methods.length, Items: fix.methods },
    AccessControlAllowHeaders: { Quantity: listedHeaders(fix).length, Items: listedHeaders(fix) },
    AccessControlAllowCredentials: fix.credentials,
    AccessControlMaxAgeSec: MAX_AGE,
    OriginOverride: true,
  };
  const lines = [
    "# A response headers policy with CORS, attached to the behavior; the behavior must allow OPTIONS",
    "# and its cache policy must include the Origin header (or the origin's own CORS answers get mixed up).",
    `aws cloudfront create-response-headers-policy --response-headers-policy-config '${JSON.stringify({ Name: "cors", CorsConfig: config })}'`,
  ];
  return { stack: "cloudfront", title: "Amazon CloudFront", text: lines.join("\n") };
}

export function cloudflareFix(fix: FixContext): Fix {
  const lines = [
    "// A Worker on the route answers CORS for the origin behind it (fetch-cors/cloudflare):",
    'import { withCors } from "fetch-cors/cloudflare";',
    "",
    `export default withCors({ fetch: (request) => fetch(request) }, ${optionsLiteral(fix)});`,
  ];
  return { stack: "cloudflare", title: "Cloudflare (a Worker with fetch-cors)", text: lines.join("\n") };
}
