import { corsPolicy } from "./compile/policy.ts";
import type { CorsOptions, CorsPolicy, CorsPolicySource } from "./types.ts";

type Entry = { readonly policy: CorsPolicy } | { readonly error: unknown };

/**
 * A policy source for a policy built from a runtime's bindings, such as a Worker's `env` (origins
 * from `[vars]` in `wrangler.toml`): `build(env)` runs once per distinct env (objects are held
 * weakly; an isolate keeps one env) and its policy, or its failure, is kept. A failure answers every
 * request of that env with a 503 and goes to `onError`; the same env fails the same way every time.
 * `envOf` picks the env from the handler's arguments.
 *
 * @example
 * const source = policyPerEnv((env: Env) => ({ origins: env.ALLOWED_ORIGINS.split(",") }), (env: Env) => env);
 */
export function policyPerEnv<Env, Context extends unknown[]>(
  build: (env: Env) => CorsPolicy | CorsOptions,
  envOf: (...context: Context) => Env,
): CorsPolicySource<Context> {
  if (typeof build !== "function") throw new TypeError("policyPerEnv expects a function (env) => policy");
  const byObject = new WeakMap<object, Entry>();
  const byValue = new Map<unknown, Entry>();
  const compile = (env: Env): Entry => {
    try {
      const built: unknown = build(env);
      if (typeof (built as { then?: unknown } | null)?.then === "function") {
        throw new TypeError("the policy function returned a Promise; build the policy synchronously, e.g. corsPolicy({ origins: env.ALLOWED_ORIGINS.split(\",\") }), or use cachedPolicies() for policies loaded from a store");
      }
      return { policy: corsPolicy(built as CorsOptions) };
    } catch (error) {
      return { error };
    }
  };
  return Object.freeze({
    resolve(_request: Request, ...context: Context): CorsPolicy {
      const env = envOf(...context);
      const isObject = (typeof env === "object" && env !== null) || typeof env === "function";
      let entry = isObject ? byObject.get(env as object) : byValue.get(env);
      if (entry === undefined) {
        entry = compile(env);
        if (isObject) byObject.set(env as object, entry);
        else byValue.set(env, entry);
      }
      if ("error" in entry) throw entry.error;
      return entry.policy;
    },
  });
}
