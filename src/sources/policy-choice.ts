import { isCorsPolicy } from "../compiled.ts";
import { corsPolicy } from "../compile/policy.ts";
import { kind, shown } from "../compile/read-options.ts";
import { CorsConfigError, type CorsProblem } from "../errors.ts";
import { reportingSource, sourceOf } from "../policy-input.ts";
import type { CorsOptions, CorsPolicy, CorsPolicySource } from "../types.ts";

/** What a route (or a fallback) answers with: one policy for every request, or a source to ask. */
export type PolicyChoice =
  | { readonly policy: CorsPolicy; readonly source?: undefined }
  | { readonly policy?: undefined; readonly source: CorsPolicySource };

/**
 * Sorts a value given where a policy, options or a source is accepted. Options are compiled now;
 * their problems, and a value that is none of the three, are added to `problems` under `option`.
 */
export function policyChoice(value: unknown, option: string, problems: CorsProblem[]): PolicyChoice | undefined {
  if (isCorsPolicy(value)) return { policy: value };
  const source = sourceOf(value);
  if (source !== undefined) return { source };
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    try {
      return { policy: corsPolicy(value as CorsOptions) };
    } catch (error) {
      if (!CorsConfigError.is(error)) throw error;
      for (const problem of error.problems) problems.push({ ...problem, option: `${option}.${problem.option}` });
      return undefined;
    }
  }
  problems.push({
    option,
    value,
    code: "invalid-policy",
    message: `${shown(value)} is ${kind(value)}; give a policy made by corsPolicy(), options such as { origins: ["https://app.example.com"] }, or a policy source { resolve(request) }`,
  });
  return undefined;
}

/** The choice a wrapper with this error reporter resolves (see `CorsPolicySource.reportingTo`). */
export function reportingChoice(choice: PolicyChoice, report: (error: unknown, request: Request) => void): PolicyChoice {
  return choice.source === undefined ? choice : { source: reportingSource(choice.source, report, "corsRoutes") };
}
