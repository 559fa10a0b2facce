// How the demo page words what happened to a call: from what the browser let the page see (the
// answer, or a rejected fetch) and what the Worker recorded of each request and its answer.

const isPreflight = (exchange) => exchange.method === "OPTIONS" && "access-control-request-method" in exchange.sent;

/** The verdict and the reason for a fetch call, as its card says them. */
export function explainFetch(call, outcome, exchanges, pageOrigin) {
  const preflight = exchanges.find(isPreflight);
  const actual = exchanges.find((exchange) => !isPreflight(exchange));
  const method = call.request.method ?? "GET";
  if (outcome.readable) {
    const credentialed = call.request.credentials === "include";
    let why = preflight === undefined
      ? "There was no preflight: a GET without custom headers is a simple request. "
      : `A preflight came first, and its answer allowed ${[method, preflight.sent["access-control-request-headers"]].filter(Boolean).join(" with ")}. `;
    why += `The answer carried Access-Control-Allow-Origin: ${actual?.received["access-control-allow-origin"] ?? "(not recorded)"}`;
    why += credentialed ? " and Access-Control-Allow-Credentials: true, as a call with credentials needs (with the page's exact origin, never *)." : ".";
    if (credentialed) why += ` ${cookieNote(outcome.body)}`;
    return { verdict: "Allowed", why };
  }
  if (exchanges.length === 0) return { verdict: "Blocked", why: "Nothing reached the API: is it running? The Console says what the browser saw." };
  if (preflight !== undefined && actual === undefined) {
    if (preflight.received["access-control-allow-origin"] === undefined) {
      return { verdict: "Blocked", why: `Blocked at the preflight: ${pageOrigin} is not in the policy's origins, so the answer (${preflight.status}) has no Access-Control-Allow-Origin, and the browser never sent the ${method}.` };
    }
    const reason = preflight.received["cors-rejected"] ?? `the answer's Access-Control-Allow-Methods is ${preflight.received["access-control-allow-methods"]}`;
    return { verdict: "Blocked", why: `Blocked at the preflight: the answer allows this origin but not this request: ${reason}. The browser never sent the ${method}.` };
  }
  if (actual !== undefined && actual.received["access-control-allow-origin"] === undefined) {
    return {
      verdict: "Blocked",
      why: `The request reached the API, which answered ${actual.status}, but without Access-Control-Allow-Origin: ${pageOrigin} is not in the policy's origins, so the browser hid the answer from the page. CORS decides who may read an answer, not who may send a request.`,
    };
  }
  return { verdict: "Blocked", why: "The browser refused the answer; the Console says why." };
}

/** The verdict and the reason for the form post, from the Worker's record of it alone. */
export function explainForm(exchanges) {
  const post = exchanges.find((exchange) => exchange.method === "POST");
  if (post === undefined) return { verdict: "Not seen", why: "The API recorded no form post for this card (yet): is it running?" };
  const sent = `The browser sent it with Origin: ${post.sent.origin ?? "(none)"}${post.sent["sec-fetch-site"] ? ` and Sec-Fetch-Site: ${post.sent["sec-fetch-site"]}` : ""}.`;
  const cors = "CORS cannot stop a form post: it needs no preflight, it carries the user's cookies, and CORS only hides the answer from the posting page.";
  if (post.status === 403) {
    const rejected = post.received["cors-rejected"];
    return {
      verdict: "Blocked",
      why: `The API refused it with 403 before its handler ran, so no note was added. ${sent}${rejected ? ` Its CORS-Rejected header (CORS_DEBUG) says: ${rejected}.` : ""} ${cors} fetch-cors's crossOriginProtection, on because the policy has credentials, refuses a write whose Origin the policy does not allow.`,
    };
  }
  return { verdict: "Allowed", why: `The handler ran and answered ${post.status}. ${sent} ${cors} This origin is allowed (or crossOriginProtection is off), so the write went through.` };
}

/** What the API saw of the credentials, from its /api/me answer. */
function cookieNote(body) {
  let cookie = null;
  try {
    cookie = JSON.parse(body).cookie ?? null;
  } catch {
    // Not the JSON /api/me answers with: say nothing about cookies.
    return "";
  }
  return cookie === null
    ? 'The API saw no cookie: this demo sets none, so the bearer token in Authorization is what identified you. credentials: "include" is what made the browser insist on Access-Control-Allow-Credentials.'
    : `The API saw the cookie ${cookie}.`;
}

/** The recorded requests and answers, one block each, for the card's details. */
export function describeExchanges(exchanges) {
  if (exchanges.length === 0) return "(the API recorded nothing for this call)";
  return exchanges.map((exchange) => [
    `${exchange.method} ${exchange.path}${isPreflight(exchange) ? " (preflight)" : ""}`,
    ...Object.entries(exchange.sent).map(([name, value]) => `  sent      ${name}: ${value}`),
    `  answered  ${exchange.status}`,
    ...Object.entries(exchange.received).map(([name, value]) => `  received  ${name}: ${value}`),
  ].join("\n")).join("\n\n");
}
