import type { Report } from "./read-options.ts";
import { ownEntries } from "./name-lists.ts";
import { kind, shown } from "./read-options.ts";

/** The validated `crossOriginProtection` option: off, or on with its exact exempt paths. */
export type ProtectionOption = false | { readonly exemptPaths: readonly string[] };

/**
 * `crossOriginProtection`: `true`, `false`, or `{ exemptPaths }`; absent, it follows `credentials`
 * (ambient credentials are what make a cross-origin write dangerous). Exempt paths are exact
 * pathnames as the URL parser writes them, so a path that could never match is an error.
 */
export function compileProtection(value: unknown, credentials: boolean, report: Report): ProtectionOption {
  const option = "crossOriginProtection";
  if (value === undefined) return credentials ? { exemptPaths: [] } : false;
  if (value === false) return false;
  if (value === true) return { exemptPaths: [] };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    report(option, value, "invalid-type", `${shown(value)} is ${kind(value)}; write crossOriginProtection: true, false or { exemptPaths: ["/saml/acs"] }`);
    return false;
  }
  for (const key of Object.keys(value)) {
    if (key !== "exemptPaths") report(`${option}.${key}`, (value as Record<string, unknown>)[key], "unknown-option", "unknown option; the only one is exemptPaths");
  }
  const paths = Object.hasOwn(value, "exemptPaths") ? (value as { exemptPaths: unknown }).exemptPaths : undefined;
  if (!Array.isArray(paths)) {
    report(`${option}.exemptPaths`, paths, "invalid-type", `must be a list of exact paths, e.g. exemptPaths: ["/saml/acs"]`);
    return { exemptPaths: [] };
  }
  const exemptPaths: string[] = [];
  for (const path of ownEntries(paths)) {
    const problem = pathProblem(path);
    if (problem === undefined) exemptPaths.push(path as string);
    else report(`${option}.exemptPaths`, path, "invalid-exempt-path", problem);
  }
  return { exemptPaths: [...new Set(exemptPaths)] };
}

function pathProblem(path: unknown): string | undefined {
  if (typeof path !== "string") return `${shown(path)} is ${kind(path)}; write an exact path such as "/saml/acs"`;
  if (!path.startsWith("/")) return `${shown(path)} is not absolute; write "/${path.replace(/^\/*/, "")}"`;
  if (/[*?#]/.test(path)) {
    return `${shown(path)}: exempt paths are exact (no "*" patterns, no query or fragment); list each path, e.g. "/oauth/callback"`;
  }
  let parsed: string;
  try {
    parsed = new URL(`http://x${path}`).pathname;
  } catch {
    return `${shown(path)} is not a valid path`;
  }
  // Requests are compared by the pathname the URL parser gives: dot segments resolved, spaces and
  // other characters percent-encoded.
  if (parsed !== path) return `${shown(path)} never matches a request, since the URL parser writes that path as ${shown(parsed)}; write ${shown(parsed)}`;
  return undefined;
}
