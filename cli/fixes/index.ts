// The fixes for a failed check: the sentence, then a snippet per stack, the detected stacks first.
import type { StackId } from "../stack.ts";
import { apiGatewayFix, cloudflareFix, cloudFrontFix } from "./cloud.ts";
import { fetchCorsFix, pageMethodFix } from "./fetch-cors.ts";
import { isNodeFramework, nodeFrameworkFix } from "./node-frameworks.ts";
import { djangoFix, flaskFix } from "./python.ts";
import type { Fix, FixContext } from "./snippet.ts";
import { apacheFix, caddyFix, nginxFix } from "./web-servers.ts";

export type { Fix, FixContext, FixTarget } from "./snippet.ts";

/** The snippets shown when the stack is unknown (SPEC §8), then the others, for --all-fixes. */
export const DEFAULT_ORDER: readonly (StackId | "fetch-cors")[] = [
  "fetch-cors", "express", "nginx", "api-gateway",
  "apache", "fastify", "koa", "hono", "flask", "django", "caddy", "cloudflare", "cloudfront",
];
export const DEFAULT_SHOWN = 4;

function snippet(stack: StackId | "fetch-cors", fix: FixContext): Fix {
  if (stack === "fetch-cors") return fetchCorsFix(fix);
  if (isNodeFramework(stack)) return nodeFrameworkFix(stack, fix);
  switch (stack) {
    case "flask": return flaskFix(fix);
    case "django": return djangoFix(fix);
    case "nginx": return nginxFix(fix);
    case "apache": return apacheFix(fix);
    case "caddy": return caddyFix(fix);
    case "api-gateway": return apiGatewayFix(fix);
    case "cloudfront": return cloudFrontFix(fix);
    case "cloudflare": return cloudflareFix(fix);
  }
}

/** True when a CORS setting is what fixes this cause (not the URL, the network or the page alone). */
export function configFixes(fix: FixContext): boolean {
  if (fix.code === "unreachable" || fix.code === "redirect-refused" || fix.afterRedirect) return false;
  // A preflight redirected by authentication is fixed by answering it first; any other redirect by the URL.
  return fix.code !== "preflight-redirect" || fix.authFirst;
}

/**
 * The sentence first, then the calling page's change (a method in the wrong case), then a snippet
 * per stack: the `detected` ones first (for two Access-Control-Allow-Origin values, the proxy's
 * first: that is where the second copy is dropped), then {@link DEFAULT_ORDER}.
 */
export function fixesFor(sentence: string, fix: FixContext, detected: readonly StackId[]): Fix[] {
  const fixes: Fix[] = [{ stack: "any", title: "What to change", text: sentence }];
  if (fix.pageMethod !== null) fixes.push(pageMethodFix(fix.pageMethod));
  if (!configFixes(fix)) return fixes;
  const proxies: readonly StackId[] = ["nginx", "apache", "caddy", "cloudfront", "cloudflare"];
  const first = fix.code === "multiple-allow-origin"
    ? [...detected.filter((s) => proxies.includes(s)), ...detected.filter((s) => !proxies.includes(s))]
    : detected;
  const order: (StackId | "fetch-cors")[] = [...first];
  for (const stack of DEFAULT_ORDER) if (!order.includes(stack)) order.push(stack);
  return [...fixes, ...order.map((stack) => snippet(stack, fix))];
}
