// How an application is set up in a test, and how a printed fix is put into it the way a user would:
// the snippet's imports go to the top of the file, the rest where the snippet says (first, before
// authentication), and the CORS setup the app had is taken out.

/** A misconfiguration of an app's CORS, in the app's own language. */
export interface AppSetup {
  /** The app's CORS setup as written (may be empty): replaced by the fix. */
  readonly cors: string;
  /** The CORS setup comes after the authentication middleware (so auth answers the preflight). */
  readonly corsAfterAuth?: boolean;
  /** Authentication that refuses requests without an Authorization header: with 401, or by redirecting to /login. */
  readonly auth?: "401" | "redirect";
  /** A catch-all after the routes that answers everything else, OPTIONS included, with an HTML page. */
  readonly fallback?: boolean;
}

/** The source's parts, once a fix is applied (or not). */
export interface Placed {
  readonly imports: string;
  /** What goes first, before authentication: the fix. */
  readonly first: string;
  readonly corsBeforeAuth: string;
  readonly corsAfterAuth: string;
}

const IMPORT = /^(import |from \S+ import )/;

/** Puts the fix into the setup: its import lines apart (unless the file has them), the rest first, the old CORS setup out. */
export function place(setup: AppSetup, fix: string | null, existingImports: string): Placed {
  if (fix === null) {
    return { imports: "", first: "", corsBeforeAuth: setup.corsAfterAuth === true ? "" : setup.cors, corsAfterAuth: setup.corsAfterAuth === true ? setup.cors : "" };
  }
  const lines = fix.split("\n");
  const imports = lines.filter((line) => IMPORT.test(line) && !existingImports.includes(line));
  const body = lines.filter((line) => !IMPORT.test(line));
  return { imports: imports.join("\n"), first: body.join("\n"), corsBeforeAuth: "", corsAfterAuth: "" };
}
