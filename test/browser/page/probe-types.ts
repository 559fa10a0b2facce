/** One `fetch` the page makes, as the test runner describes it. */
export interface ProbeRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly credentials: RequestCredentials;
  /** Response headers the page tries to read through `response.headers.get`. */
  readonly read: readonly string[];
}

/** The browser's verdict: the fetch resolved and the page read the body, or the fetch rejected. */
export type ProbeOutcome =
  | { readonly readable: true; readonly status: number; readonly body: string; readonly headers: Readonly<Record<string, string | null>> }
  | { readonly readable: false; readonly error: string };
