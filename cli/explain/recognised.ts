// What a console message says, once recognised: the browser, the failed check and the facts it names.
import type { ProblemCode } from "../problems.ts";

/**
 * The checks a message can name: those of `fetch-cors check`, plus four a server cannot cause
 * (a page or URL that is not http(s), CORS turned off in Firefox, an Origin a browser extension
 * removed, Chrome's Local Network Access permission).
 */
export type MessageCode = ProblemCode | "not-http" | "cors-disabled" | "origin-not-sent" | "local-network-access";

export type Browser = "Chromium" | "Firefox" | "Safari";

export interface Recognised {
  readonly browser: Browser;
  /** Which message it is, e.g. `fetch`, `XMLHttpRequest`, `Reason`, `network error`. */
  readonly form: string;
  /** The failed check; null for a line that only accompanies another (Chrome's net::ERR_FAILED, Safari's summary). */
  readonly code: MessageCode | null;
  /** Every check the message points to, the root first. */
  readonly codes: readonly MessageCode[];
  readonly url: string | null;
  readonly origin: string | null;
  readonly method: string | null;
  readonly header: string | null;
  readonly status: number | null;
  /** The value the message quotes (an Access-Control-Allow-Origin or -Credentials value, a token). */
  readonly value: string | null;
  /** True when the message says the preflight failed, false when it says the request did, null when it does not say. */
  readonly preflight: boolean | null;
  /** True when the message says the request carried credentials. */
  readonly credentials: boolean;
  /** The first URL of a redirect chain, when the message names one. */
  readonly redirectedFrom: string | null;
  /** The net:: error Chrome names, or another network failure's words. */
  readonly network: string | null;
  /**
   * Which of Chrome's private-network messages: Local Network Access's refused permission, Private
   * Network Access's missing Access-Control-Allow-Private-Network, or its older insecure-context refusal.
   */
  readonly privateNetwork: "permission" | "allow-header" | "secure-context" | null;
}

export const NO_FACTS = {
  url: null, origin: null, method: null, header: null, status: null, value: null,
  preflight: null, credentials: false, redirectedFrom: null, network: null, privateNetwork: null,
} as const;

/** A recognised message built from the facts it names; `codes` defaults to the root alone. */
export function recognised(browser: Browser, form: string, code: MessageCode | null, facts: Partial<Omit<Recognised, "browser" | "form" | "code">>): Recognised {
  return { ...NO_FACTS, codes: code === null ? [] : [code], ...facts, browser, form, code };
}

/** The status of a non-2xx answer decides the root: a redirect, or an error status. */
export function statusRoot(status: number): "preflight-redirect" | "preflight-status" {
  return status >= 300 && status < 400 ? "preflight-redirect" : "preflight-status";
}
