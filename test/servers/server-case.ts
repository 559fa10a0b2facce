// A real server with a CORS setup, the request a page makes to it, and what fetch-cors check must
// say: the root cause, and a fix for that stack which, applied, makes Chromium let the page read.
import type { StackId } from "../../cli/stack.ts";
import type { Running } from "./process.ts";

export interface CaseRequest {
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly credentials?: boolean;
}

/** What a case's servers are started with: the page's origin, and the upstream apps for proxies. */
export interface CaseContext {
  readonly origin: string;
  /** An app without CORS of its own. */
  readonly upstream: number;
  /** An app that adds Access-Control-Allow-Origin itself. */
  readonly upstreamWithCors: number;
}

export interface ServerCase {
  readonly stack: StackId;
  /** The misconfiguration, or "a healthy setup". */
  readonly name: string;
  /** The root cause check must name; null for a healthy setup (check exits 0). */
  readonly code: string | null;
  readonly request: CaseRequest;
  /** Starts the server as set up, or with `fix` (check's snippet for this stack) put in. */
  readonly start: (context: CaseContext, fix: string | null) => Promise<Running>;
  /** False when the responses carry no mark of the stack (check then cannot put its fix first). */
  readonly recognised?: boolean;
  /** The fix is the page's (a method in the wrong case): applied by changing the request. */
  readonly pageFix?: boolean;
}

export const PUT = { method: "PUT" } as const;
export const AUTHORIZED = { headers: { authorization: "Bearer t" } } as const;
export const API_KEY_PUT = { method: "PUT", headers: { "x-api-key": "k" } } as const;
export const CREDENTIALED = { credentials: true } as const;
export const LOWERCASE = { method: "patch" } as const;
