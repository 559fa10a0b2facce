/** Requests, policies and a controllable clock shared by the policy-source tests. */
import { corsPolicy, type CorsPolicy } from "../../src/index.ts";

/** A policy that allows exactly one origin, so a response shows whose decision it carries. */
export function allowing(origin: string): CorsPolicy {
  return corsPolicy({ origins: [origin] });
}

/** A GET to `url` from `origin` (none when null). */
export function get(url: string, origin: string | null = null): Request {
  return new Request(url, origin === null ? {} : { headers: { origin } });
}

/** A preflight to `url` from `origin`, for a PUT with a JSON body. */
export function preflightTo(url: string, origin: string): Request {
  return new Request(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
  });
}

/** A clock the test moves by hand (milliseconds), for `cachedPolicies({ now })`. */
export function manualClock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    advance(seconds: number) {
      time += seconds * 1000;
    },
  };
}

/** A promise with its resolve and reject, for loads the test finishes when it chooses. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every settled promise run its reactions (the cache's own and the waiting requests'). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
