/** One `fetch` the page makes, as the test runner describes it. */
export interface ProbeRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly credentials: RequestCredentials;
  /** `no-cors` sends the request without CORS: the page gets an opaque response whatever the server says. */
  readonly mode?: RequestMode;
  /** Response headers the page tries to read through `response.headers.get`. */
  readonly read: readonly string[];
}

/** The browser's verdict: the fetch resolved and the page read the body, or the fetch rejected. */
export type ProbeOutcome =
  | { readonly readable: true; readonly status: number; readonly body: string; readonly headers: Readonly<Record<string, string | null>> }
  | { readonly readable: false; readonly error: string };

/** The form encodings an HTML form can post without a preflight. */
export type FormEnctype = "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain";

/** An HTML `<form method="post">` the page submits into a hidden iframe (so the page stays). */
export interface FormRequest {
  readonly url: string;
  readonly enctype: FormEnctype;
  /** The form's fields, one `<input type="hidden">` each. */
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * What the page can tell of its form post: only that the iframe loaded something. The answer is
 * another origin's document, which the page cannot read; the server's log says what happened.
 */
export type FormOutcome = { readonly loaded: true } | { readonly loaded: false; readonly error: string };

/** A `new WebSocket(url)` that sends `message` once open. */
export interface SocketRequest {
  readonly url: string;
  readonly message: string;
}

/** Whether the handshake succeeded, and the first message the server sent back. */
export type SocketOutcome =
  | { readonly opened: true; readonly reply: string }
  | { readonly opened: false; readonly closeCode: number };
