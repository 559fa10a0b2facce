import type { CorsProblem } from "../errors.ts";
import type { CorsOptions } from "../types.ts";

export type Report = (option: string, value: unknown, code: string, message: string) => void;

const KNOWN_OPTIONS: readonly (keyof CorsOptions)[] = [
  "origins", "methods", "requestHeaders", "exposeHeaders", "credentials", "maxAge", "privateNetwork",
  "preflightStatus", "allowInsecureOrigins", "debug", "onReject", "crossOriginProtection",
];

/**
 * A frozen lookup table without a prototype: a key such as "constructor", or a polluted
 * `Object.prototype`, finds nothing in it.
 */
export function table<T>(entries: Readonly<Record<string, T>>): Readonly<Partial<Record<string, T>>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

// The names other CORS libraries use, so a ported config says what to write here.
const ALIASES = table({
  origin: "origins", allowedOrigins: "origins", allowOrigins: "origins", allowMethods: "methods",
  allowedMethods: "methods", allowHeaders: "requestHeaders", allowedHeaders: "requestHeaders",
  headers: "requestHeaders", exposedHeaders: "exposeHeaders", allowCredentials: "credentials",
  maxAgeSeconds: "maxAge", allowPrivateNetwork: "privateNetwork", optionsSuccessStatus: "preflightStatus",
});

/**
 * The options as own properties only: a polluted `Object.prototype` (or a class instance's
 * inherited getters) must not change a policy. Unknown names are reported with what to write.
 */
export function readOptions(options: object, problems: CorsProblem[]): Partial<Record<keyof CorsOptions, unknown>> {
  // No prototype: reading an option that was not given finds nothing, whatever Object.prototype holds.
  const read = Object.create(null) as Partial<Record<keyof CorsOptions, unknown>>;
  for (const key of KNOWN_OPTIONS) {
    if (Object.hasOwn(options, key)) read[key] = (options as Record<string, unknown>)[key];
  }
  for (const key of Object.keys(options)) {
    if ((KNOWN_OPTIONS as readonly string[]).includes(key)) continue;
    const meant = ALIASES[key];
    problems.push({
      option: key,
      value: (options as Record<string, unknown>)[key],
      code: "unknown-option",
      message: meant ? `unknown option; write ${meant} instead` : `unknown option; known: ${KNOWN_OPTIONS.join(", ")}`,
    });
  }
  return read;
}

/** A boolean option (absent: false). */
export function readFlag(name: string, value: unknown, report: Report): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") report(name, value, "invalid-type", `${shown(value)} is ${kind(value)}, not a boolean; write ${name}: true or false`);
  return value === true;
}

/** How a value reads in a message: quoted strings, and a word for what has no literal. */
export function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

/** "a string", "a number", "an array"… for messages such as `maxAge: "600" is a string`. */
export function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" || type === "undefined" ? (type === "object" ? "an object" : "undefined") : `a ${type}`;
}
