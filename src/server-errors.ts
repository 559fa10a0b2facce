// The two answers the library gives on its own when something fails. Neither says anything about
// the error: that goes to `onError`, not to the client.

/** The handler failed (or gave something that is not a Response). */
export function internalServerError(): Response {
  return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** The policy for this request could not be found (a store outage, a failing source). */
export function serviceUnavailable(): Response {
  return new Response("Service Unavailable", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
}
