// The preflight's Access-Control-Allow-Methods and -Headers: parsed as the Fetch Standard's
// CORS-preflight fetch parses them (https://fetch.spec.whatwg.org/#cors-preflight-fetch, steps 7.3–7.8),
// then matched against the request's method and headers.
import { splitHeaderValue } from "./headers.ts";
import { error, warning, type Finding } from "./problems.ts";
import { withCredentials, type CorsRequestInfo } from "./verdict.ts";
import { isSafelistedMethod } from "../fetch/names.ts";
import { isToken } from "../fetch/tokens.ts";

export type ParsedList = readonly string[] | null | { readonly invalid: string };

/** https://fetch.spec.whatwg.org/#extract-header-list-values for `#token` lists: null when absent. */
export function extractTokenList(value: string | null): ParsedList {
  if (value === null) return null;
  const items: string[] = [];
  for (const item of splitHeaderValue(value)) {
    if (item === "") continue;
    if (!isToken(item)) return { invalid: item };
    items.push(item);
  }
  return items;
}

function isList(list: ParsedList): list is readonly string[] {
  return Array.isArray(list);
}

/** Step 7.3/7.4: a list that does not parse fails the preflight, whatever it holds. */
function unparsable(name: "Methods" | "Headers", raw: string | null, invalid: string): Finding[] {
  const methods = name === "Methods";
  return [{
    problem: error(methods ? "invalid-allow-methods" : "invalid-allow-headers", `The preflight response's Access-Control-Allow-${name} "${raw}" cannot be parsed: "${invalid}" is not a ${methods ? "method" : "header"} name.`,
      `Send a comma-separated list of ${methods ? "method" : "header"} names, e.g. Access-Control-Allow-${name}: ${methods ? "GET, POST, PUT" : "content-type, authorization"}.`),
    chromeRank: methods ? 4 : 5,
    chromeText: `Cannot parse Access-Control-Allow-${name} response header field in preflight response.`,
  }];
}

export function methodFindings(request: CorsRequestInfo, raw: string | null, listed: ParsedList): Finding[] {
  const { method } = request;
  const credentials = withCredentials(request);
  // Step 7.5: with the use-CORS-preflight flag and no list, the request's own method is allowed.
  const methods = listed === null && request.useCorsPreflight === true ? [method] : listed;
  if (!isList(methods) && methods !== null) return unparsable("Methods", raw, methods.invalid);
  const list = methods ?? [];
  // Step 7.7: `*` is a wildcard only without credentials.
  if (list.includes(method) || isSafelistedMethod(method) || (!credentials && list.includes("*"))) return [];
  const sameLetters = list.find((item) => item.toLowerCase() === method.toLowerCase());
  let message = `${method} is not in the preflight response's Access-Control-Allow-Methods ("${raw}").`;
  if (methods === null) message = `The preflight response has no Access-Control-Allow-Methods, so ${method} is not allowed (only GET, HEAD and POST need not be listed).`;
  else if (list.includes("*")) message = `The preflight response has Access-Control-Allow-Methods "${raw}", and "*" is a literal name, not a wildcard, for a request with credentials, so ${method} is not allowed.`;
  else if (sameLetters !== undefined) message = `${method} is not in Access-Control-Allow-Methods ("${raw}"): methods are case-sensitive, and "${sameLetters}" is not "${method}".`;
  const findings: Finding[] = [{
    problem: error("method-not-allowed", message, `Add ${method} to Access-Control-Allow-Methods.`),
    chromeRank: 6,
    chromeText: `Method ${method} is not allowed by Access-Control-Allow-Methods in preflight response.`,
  }];
  if (sameLetters !== undefined) {
    findings.push({
      // Whichever side is not in capitals is the one to change: servers expect PATCH, not patch.
      problem: method === method.toUpperCase()
        ? warning("method-case", `The allowed method "${sameLetters}" differs from the request's "${method}" only in case; methods are compared byte for byte.`,
          `Write "${method}" in Access-Control-Allow-Methods.`)
        : warning("method-case", `The request's method "${method}" differs from the allowed "${sameLetters}" only in case; fetch() sends custom methods exactly as written (it uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT).`,
          `Write method: "${sameLetters}" in the fetch() call, or allow "${method}" as written.`),
    });
  }
  return findings;
}

function headerMessage(lower: string, raw: string | null, listed: readonly string[] | null, wildcard: boolean, credentials: boolean): string {
  let message = `The request header ${lower} is not in the preflight response's Access-Control-Allow-Headers ("${raw}")`;
  if (listed === null) message = `The preflight response has no Access-Control-Allow-Headers, so the request header ${lower} is not allowed`;
  else if (wildcard && credentials) message = `The preflight response has Access-Control-Allow-Headers "${raw}", and "*" is a literal name, not a wildcard, for a request with credentials, so ${lower} is not allowed`;
  else if (wildcard) message = `Access-Control-Allow-Headers "${raw}" does not cover authorization: "*" never does (Fetch Standard); Chromium and Firefox still let it through today, but Chrome has deprecated it, so list authorization by name`;
  // One sentence each: the clause says why this header in particular.
  if (lower === "content-type") message += "; a content-type other than application/x-www-form-urlencoded, multipart/form-data or text/plain (e.g. application/json) must be allowed explicitly";
  if (lower.startsWith("access-control-")) message += `; ${lower} is a response header: the server sends it, and on a request it only makes the browser ask for a preflight`;
  return `${message}.`;
}

export function headerFindings(request: CorsRequestInfo, raw: string | null, listed: ParsedList): Finding[] {
  if (!isList(listed) && listed !== null) return unparsable("Headers", raw, listed.invalid);
  const credentials = withCredentials(request);
  const allowed = new Set((listed ?? []).map((name) => name.toLowerCase()));
  const wildcard = allowed.has("*");
  const findings: Finding[] = [];
  // Browsers check the names as the preflight sent them: lowercase, sorted, each once, so the first
  // refused one in that order is the one Chrome names.
  const names = [...new Set((request.unsafeHeaders ?? []).map((name) => name.toLowerCase()))].sort();
  for (const lower of names) {
    if (allowed.has(lower)) continue;
    // https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name: `*` never covers Authorization.
    const authorization = lower === "authorization";
    if (!authorization && wildcard && !credentials) continue;
    const fix = lower.startsWith("access-control-")
      ? `Remove ${lower} from the request's headers (the fetch() call); the server, not the page, sends Access-Control-* headers.`
      : `Add ${lower} to Access-Control-Allow-Headers${authorization && wildcard ? ` (e.g. "*, authorization")` : ""}.`;
    const browsersAllow = authorization && wildcard && !credentials;
    const problem = error("header-not-allowed", headerMessage(lower, raw, listed, wildcard, credentials), fix);
    findings.push({
      problem: browsersAllow ? { ...problem, browsersAllow: true as const } : problem,
      chromeRank: 7,
      chromeText: `Request header field ${lower} is not allowed by Access-Control-Allow-Headers in preflight response.`,
    });
  }
  return findings;
}
