/** One thing wrong with a policy: which option, the offending value, a stable code and the fix. */
export interface CorsProblem {
  /** The option at fault, e.g. `"origins"` or `"maxAge"`. */
  readonly option: string;
  /** The offending value as given. */
  readonly value: unknown;
  /** A stable code to switch on, e.g. `"wildcard-with-credentials"`. */
  readonly code: string;
  /** What is wrong and what to write instead; it quotes the value. */
  readonly message: string;
}

const NAME = "CorsConfigError";

/**
 * Thrown by {@link corsPolicy} (and by `withCors` and the adapters when given options) with
 * **every** problem of a configuration, not just the first.
 *
 * @example
 * try {
 *   corsPolicy({ origins: "*", credentials: true });
 * } catch (error) {
 *   if (CorsConfigError.is(error)) for (const p of error.problems) console.log(p.code, p.message);
 * }
 */
export class CorsConfigError extends Error {
  static {
    // Bundlers rename classes (esbuild emits `class _CorsConfigError`); the names stay as documented.
    Object.defineProperty(this, "name", { value: NAME });
    Object.defineProperty(this.prototype, "name", { value: NAME, writable: true, configurable: true });
  }

  readonly problems: readonly CorsProblem[];

  constructor(problems: readonly CorsProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`Invalid CORS policy (${count}):\n${problems.map((p) => `  - ${p.option}: ${p.message}`).join("\n")}`);
    this.problems = Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
  }

  /** True for a CorsConfigError, also one made by another copy of this library (checks `name`). */
  static is(error: unknown): error is CorsConfigError {
    return error instanceof Error && error.name === NAME && Array.isArray((error as { problems?: unknown }).problems);
  }
}
