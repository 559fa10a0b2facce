/**
 * `fetch-cors/check`: the browser side of CORS, from the WHATWG Fetch Standard, in Web APIs only.
 * It answers what a browser would do: whether it sends a preflight (and with which headers), and
 * whether it lets a script read the response, listing every failed check with its cause and fix.
 *
 * @example
 * import { needsPreflight, checkPreflightResponse } from "fetch-cors/check";
 *
 * const need = needsPreflight({ method: "PUT", headers: [["Content-Type", "application/json"]] });
 * // need.preflight === true, need.accessControlRequestHeaders === "content-type"
 * const res = await fetch(url, {
 *   method: "OPTIONS",
 *   redirect: "manual",
 *   headers: { Origin: origin, "Access-Control-Request-Method": need.method, "Access-Control-Request-Headers": "content-type" },
 * });
 * const { allowed, problems } = checkPreflightResponse(res, { origin, method: need.method, unsafeHeaders: need.unsafeHeaders });
 */
export {
  needsPreflight,
  type HeaderInput, type RequestInput, type NeedsPreflightOptions, type PreflightNeed,
} from "./request.ts";
export { checkActualResponse, corsCheckPasses } from "./cors-check.ts";
export { checkPreflightResponse, preflightAllows } from "./preflight-check.ts";
export type { ResponseInput, CorsRequestInfo, CheckResult, PreflightCheckResult } from "./verdict.ts";
export { isForbiddenRequestHeader, normalizeHeaderValue, notSafelistedReason } from "./headers.ts";
export { isForbiddenMethod, isSafelistedMethod, normalizeMethod } from "../fetch/names.ts";
export type { CheckProblem, CheckProblemCode } from "./problems.ts";
