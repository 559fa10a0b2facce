// The cause and the fix of each message, in the words `fetch-cors check` uses for the same check,
// saying what the message leaves open (which status, which header) and how to find out.
import type { Recognised } from "./recognised.ts";

export interface Advice {
  readonly cause: string;
  readonly fix: string;
}

const ANSWER_PREFLIGHT = "Answer OPTIONS preflights (before routing and authentication) with 204 and the CORS headers";

function subject(message: Recognised): string {
  if (message.preflight === true) return "The preflight (OPTIONS) response";
  return message.preflight === false ? "The response" : "The response (or, for a request that needs one, its preflight)";
}

function statusCause(status: number | null): string {
  if (status === null) return "The preflight (OPTIONS) was answered with a status outside 200–299; a browser requires a 2xx status (the message does not say which: fetch-cors check shows it).";
  const base = `The preflight (OPTIONS) was answered with status ${status}; a browser requires a 2xx status`;
  if (status === 401 || status === 403) return `${base}, and a ${status} here usually means authentication rejected it: browsers never send cookies or Authorization on a preflight.`;
  if (status === 404 || status === 405 || status === 501) return `${base}, and a ${status} means nothing on the server handles OPTIONS for this URL.`;
  return status >= 500 ? `${base}; the server failed while handling OPTIONS.` : `${base}.`;
}

function statusFix(status: number | null): string {
  if (status === 401 || status === 403) return "Answer OPTIONS preflights before authentication runs, with 204 and the CORS headers.";
  if (status === 404 || status === 405 || status === 501) return "Add CORS handling that answers OPTIONS preflights (before routing) with 204 and the CORS headers.";
  return `${ANSWER_PREFLIGHT}.`;
}

function missingOrigin(message: Recognised, echo: string): Advice {
  const who = subject(message);
  let cause = `${who} has no Access-Control-Allow-Origin header.`;
  if (message.redirectedFrom !== null) {
    cause = `The request was redirected from ${message.redirectedFrom} to ${message.url ?? "another URL"}, and that answer has no Access-Control-Allow-Origin header (a redirect to a sign-in page, usually).`;
    return { cause, fix: "Answer 401 instead of redirecting (the page can then send the user to sign in itself), or call the final URL directly." };
  }
  if (message.preflight === true) cause += " Chrome names the header first even when the status is wrong too (a 404/405 where nothing handles OPTIONS, a 401/403 from authentication): fetch-cors check shows the status.";
  else if (message.status !== null && message.status >= 400) cause += ` The ${message.status} is an error page without CORS headers: error responses need them too, or the browser hides the error behind a CORS failure.`;
  else cause += " The server sends no CORS headers for this URL, or the request reached something else (a fallback page, the wrong host or path).";
  return { cause, fix: `Answer with ${echo}${message.credentials ? "" : ' (or "*" for a public resource)'}.` };
}

/** Cause and fix for a recognised message. */
export function adviceFor(message: Recognised): Advice {
  const origin = message.origin ?? "<your page's origin>";
  const echo = `Access-Control-Allow-Origin: ${origin}`;
  const value = message.value === null ? "" : ` ("${message.value}")`;
  switch (message.code) {
    case "missing-allow-origin":
      return missingOrigin(message, echo);
    case "origin-mismatch":
      return {
        cause: `${subject(message)} has an Access-Control-Allow-Origin${value} that is not the page's origin${message.origin === null ? "" : ` "${message.origin}"`}; browsers compare it byte for byte (a trailing slash, another port or scheme all differ).`,
        fix: `Change the Access-Control-Allow-Origin value in your existing CORS configuration${message.value === null ? "" : ` from "${message.value}"`} to "${origin}" (with Vary: Origin).`,
      };
    case "multiple-allow-origin":
      return {
        cause: `${subject(message)} has several Access-Control-Allow-Origin values${value} where only one is allowed, usually because two layers (a proxy and the app) both add it.`,
        fix: "Set Access-Control-Allow-Origin in one place only (remove it from the proxy, or drop the upstream copy, e.g. nginx proxy_hide_header).",
      };
    case "wildcard-with-credentials":
      return {
        cause: `${subject(message)} has Access-Control-Allow-Origin: *, which browsers refuse for a request with credentials ("include", or XMLHttpRequest's withCredentials).`,
        fix: `Echo the request's origin instead of "*": ${echo}, with Vary: Origin.`,
      };
    case "missing-allow-credentials":
      return {
        cause: `${subject(message)} lacks Access-Control-Allow-Credentials: true${message.value === null || message.value === "" ? "" : ` (it says "${message.value}")`}, which a request with credentials needs.`,
        fix: `Add Access-Control-Allow-Credentials: true${message.preflight === true ? " (to the preflight and to the actual response)" : ""}.`,
      };
    case "preflight-status": {
      // Firefox's "missing … Status code: 405" does not say whether the preflight or the request got it.
      const unsure = message.preflight === null ? ` If the request needs no preflight, the ${message.status ?? "error"} answered the request itself, without CORS headers: error responses need them too.` : "";
      return { cause: `${statusCause(message.status)}${unsure}`, fix: statusFix(message.status) };
    }
    case "preflight-redirect":
      return {
        cause: `The ${message.preflight === null ? "request (usually its preflight)" : "preflight"} was answered with a redirect${message.status === null ? "" : ` (${message.status})`}; browsers never follow a redirect of a preflight (often authentication sending it to a sign-in page, or http→https, or a missing trailing slash).`,
        fix: "Answer preflights before anything that redirects (a preflight carries no cookies or Authorization), answer unauthenticated API requests with 401 instead of redirecting, or call the final URL directly.",
      };
    case "method-not-allowed":
      return methodAdvice(message);
    case "header-not-allowed":
      return headerAdvice(message);
    case "invalid-allow-methods":
    case "invalid-allow-headers": {
      const name = message.code === "invalid-allow-methods" ? "Access-Control-Allow-Methods" : "Access-Control-Allow-Headers";
      return {
        cause: `The preflight response's ${name} cannot be parsed${message.value === null ? "" : `: "${message.value}" is not a valid name`}.`,
        fix: `Send a comma-separated list of names, e.g. ${name}: ${message.code === "invalid-allow-methods" ? "GET, POST, PUT" : "content-type, authorization"}.`,
      };
    }
    default:
      return otherAdvice(message);
  }
}

function methodAdvice(message: Recognised): Advice {
  const method = message.method;
  if (method === null) {
    return {
      cause: "The preflight response's Access-Control-Allow-Methods does not list the request's method (Firefox does not say which; only GET, HEAD and POST need not be listed, and methods are case-sensitive).",
      fix: "Add the method to Access-Control-Allow-Methods, keeping the methods you allow already.",
    };
  }
  if (message.codes.includes("method-case")) {
    const upper = method.toUpperCase();
    return {
      cause: `The page sends the method "${method}": fetch() sends custom methods exactly as written (it uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT), and the server allows "${upper}", not "${method}".`,
      fix: `Write method: "${upper}" in the fetch() call: fetch() sends custom methods exactly as written, and servers expect ${upper}.`,
    };
  }
  return {
    cause: `${method} is not in the preflight response's Access-Control-Allow-Methods (only GET, HEAD and POST need not be listed).`,
    fix: `Add ${method} to Access-Control-Allow-Methods.`,
  };
}

function headerAdvice(message: Recognised): Advice {
  const header = message.header ?? "the header";
  if (message.form === "Warning" || message.form === "deprecation") {
    return {
      cause: 'Access-Control-Allow-Headers: * does not cover authorization: "*" never does (Fetch Standard); the browser still lets it through today, but it has deprecated this and will block it.',
      fix: 'Add authorization to Access-Control-Allow-Headers (e.g. "*, authorization").',
    };
  }
  let cause = `The request header ${header} is not in the preflight response's Access-Control-Allow-Headers.`;
  if (header === "content-type") cause += " A content-type other than application/x-www-form-urlencoded, multipart/form-data or text/plain (e.g. application/json) must be allowed explicitly.";
  if (header === "authorization") cause += ' "*" never covers it: it must be listed by name.';
  if (header.startsWith("access-control-")) {
    return { cause: `${cause} ${header} is a response header: the server sends it, and on a request it only makes the browser ask for a preflight.`, fix: `Remove ${header} from the request's headers (the fetch() call); the server, not the page, sends Access-Control-* headers.` };
  }
  return { cause, fix: `Add ${header} to Access-Control-Allow-Headers.` };
}

function otherAdvice(message: Recognised): Advice {
  switch (message.code) {
    case "unreachable":
      return {
        cause: `The request got no response${message.network === null ? "" : ` (${message.network})`}: the server is down, the URL or port is wrong, a certificate is refused, or (Firefox, after another CORS line) the browser gave up after a refused preflight.`,
        fix: "Check the URL, the port and that the server is up and reachable from the browser; a network error carries no CORS headers.",
      };
    case "redirect-refused":
      return {
        cause: `The browser refused to follow a redirect${message.network === null ? "" : ` (${message.network})`}: to a URL with a user name or password, to a scheme other than http(s), or too many of them.`,
        fix: "Redirect to an http(s) URL without credentials, or call the final URL directly.",
      };
    case "not-http":
      return {
        cause: "The page or the URL is not http(s): a page opened from file:// has the origin null and cannot fetch file:// URLs.",
        fix: "Serve the page over http (e.g. a local dev server) and call http(s) URLs.",
      };
    case "cors-disabled":
      return { cause: "CORS is turned off in this Firefox (the preference content.cors.disable).", fix: "Set content.cors.disable back to false in about:config." };
    case "origin-not-sent":
      return { cause: "Firefox could not add the Origin header to the request (usually an extension that rewrites headers).", fix: "Disable the extension for this page, or check without it." };
    case "local-network-access":
      if (message.privateNetwork === "allow-header") {
        return {
          cause: "Chrome's Private Network Access sent the preflight with Access-Control-Request-Private-Network: true (a page calling a more private address: localhost or a private network), and the preflight response lacks Access-Control-Allow-Private-Network: true.",
          fix: "Answer that preflight with Access-Control-Allow-Private-Network: true besides the CORS headers (with fetch-cors: privateNetwork: true, with a list of origins, not \"*\"). Newer Chrome replaces this with Local Network Access, which asks the user instead.",
        };
      }
      if (message.privateNetwork === "secure-context") {
        return {
          cause: "Chrome's Private Network Access refuses requests to a more private address (localhost or a private network) from a page that is not a secure context (served over plain http from a public address).",
          fix: "Serve the page over HTTPS; the API then needs HTTPS too (a secure page cannot call plain http).",
        };
      }
      return {
        cause: "Chrome's Local Network Access blocked a request from a page to a more private address (localhost or a private network) without the user's permission.",
        fix: "Allow the page's local network access when Chrome asks, or serve the page and the API from the same kind of address (both local, or both public).",
      };
    default:
      return { cause: "The browser blocked the request.", fix: "Run fetch-cors check against the URL to see which check fails." };
  }
}
