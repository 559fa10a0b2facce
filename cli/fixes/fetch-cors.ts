// The fix with fetch-cors itself, checked with the library's own corsPolicy(): a request it refuses
// to allow on purpose (the "null" origin with credentials, …) gets its reason, not a snippet that throws.
import { CorsConfigError, corsPolicy, type CorsOptions } from "../../src/index.ts";
import { extraMethods, MAX_AGE, quotedList, type Fix, type FixContext } from "./snippet.ts";

function refusals(options: CorsOptions): string[] {
  try {
    corsPolicy(options);
    return [];
  } catch (error) {
    return CorsConfigError.is(error) ? error.problems.map((p) => `${p.option}: ${p.message}`) : [String(error)];
  }
}

/** The fetch-cors options for this fix, as a literal. */
export function optionsLiteral(fix: FixContext): string {
  const options = [`origins: [${JSON.stringify(fix.origin)}]`];
  const methods = extraMethods(fix);
  if (methods.length > 0) options.push(`methods: [${quotedList(methods)}]`);
  if (fix.headers.length > 0) options.push(`requestHeaders: [${quotedList(fix.headers)}]`);
  if (fix.credentials) options.push("credentials: true");
  options.push(`maxAge: ${MAX_AGE}`);
  return `{ ${options.join(", ")} }`;
}

export function fetchCorsFix(fix: FixContext): Fix {
  const text = [
    'import { corsPolicy, withCors } from "fetch-cors";',
    "",
    `const policy = corsPolicy(${optionsLiteral(fix)});`,
    "export default { fetch: withCors(handler, policy) }; // answers preflights before your handler runs",
  ];
  const options: CorsOptions = {
    origins: [fix.origin], methods: extraMethods(fix), requestHeaders: [...fix.headers], credentials: fix.credentials, maxAge: MAX_AGE,
  };
  const refused = refusals(options);
  if (refused.length > 0) text.push("// corsPolicy() refuses this on purpose:", ...refused.map((reason) => `//   ${reason}`));
  return { stack: "fetch-cors", title: "fetch-cors", text: text.join("\n") };
}

/** The change to the calling page when it wrote a method in the wrong case. */
export function pageMethodFix(method: string): Fix {
  return {
    stack: "page",
    title: "the calling page",
    text: `fetch(url, { method: ${JSON.stringify(method)} }); // fetch() uppercases only DELETE, GET, HEAD, OPTIONS, POST, PUT`,
  };
}
