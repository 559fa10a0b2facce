// User callbacks run on the request path, where an attacker chooses the input: a throw, a rejected
// promise or a thenable that misbehaves must neither crash the process nor change the answer.

/** Leaves no rejected promise unhandled (an unhandled rejection can end a Node process). */
export function ignoreRejection(value: unknown): void {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return;
  try {
    const then = (value as { then?: unknown }).then;
    if (typeof then === "function") then.call(value, undefined, () => undefined);
  } catch {
    // A thenable whose `then` throws has nothing left to reject.
  }
}

/** Whether a value is a promise or another thenable, whose result is to be awaited. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

/** Calls an observer (`onReject`, `onError`), whatever it throws or returns. */
export function notify<A, B>(observer: ((a: A, b: B) => unknown) | undefined, a: A, b: B): void {
  if (observer === undefined) return;
  try {
    ignoreRejection(observer(a, b));
  } catch {
    // An observer must not turn a refusal or an error page into a crash.
  }
}

/** What `onError` does when none is given. */
export function logError(error: unknown): void {
  console.error(error);
}
