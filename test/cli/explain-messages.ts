// Console messages as the browsers print them, with what `fetch-cors explain` must read from each.
// Chromium's and Firefox's were captured from Chromium 156 and Firefox ESR 153 (the browser suite
// captures them again on every run); Safari's are WebKit's source texts.

const API = "http://127.0.0.1:8787/api/items";
const PAGE = "http://localhost:3000";
const chrome = (what: string, reason: string, from = "") => `Access to ${what} at '${API}'${from} from origin '${PAGE}' has been blocked by CORS policy: ${reason}`;
const PRE = "Response to preflight request doesn't pass access control check: ";
const firefox = (reason: string, status?: string) => `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${API}. (Reason: ${reason}).${status === undefined ? "" : ` Status code: ${status}.`}`;
const XHR_CREDENTIALS = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";
const VALID = " Have the server send the header with a valid value.";

export interface MessageCase {
  readonly name: string;
  readonly text: string;
  readonly browser: "Chromium" | "Firefox" | "Safari";
  readonly codes: readonly string[];
  readonly facts?: Partial<Record<"url" | "origin" | "method" | "header", string>> & { status?: number };
}

export const MESSAGES: readonly MessageCase[] = [
  // Chromium, fetch() and XMLHttpRequest
  { name: "no Access-Control-Allow-Origin", browser: "Chromium", text: chrome("fetch", "No 'Access-Control-Allow-Origin' header is present on the requested resource."), codes: ["missing-allow-origin"], facts: { url: API, origin: PAGE } },
  { name: "no Access-Control-Allow-Origin, with the older opaque-response hint", browser: "Chromium", text: chrome("fetch", "No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled."), codes: ["missing-allow-origin"] },
  { name: "no Access-Control-Allow-Origin on the preflight (XHR)", browser: "Chromium", text: chrome("XMLHttpRequest", `${PRE}No 'Access-Control-Allow-Origin' header is present on the requested resource.`), codes: ["missing-allow-origin"] },
  { name: "a value that is not the origin (fetch)", browser: "Chromium", text: chrome("fetch", `The 'Access-Control-Allow-Origin' header has a value '${PAGE}/' that is not equal to the supplied origin.${VALID}`), codes: ["origin-mismatch"] },
  { name: "a value that is not the origin (XHR, no hint)", browser: "Chromium", text: chrome("XMLHttpRequest", `The 'Access-Control-Allow-Origin' header has a value '${PAGE}/' that is not equal to the supplied origin.`), codes: ["origin-mismatch"] },
  { name: "an older mismatch hint", browser: "Chromium", text: chrome("fetch", `The 'Access-Control-Allow-Origin' header has a value 'https://x.example' that is not equal to the supplied origin. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.`), codes: ["origin-mismatch"] },
  { name: "an invalid value", browser: "Chromium", text: chrome("fetch", `The 'Access-Control-Allow-Origin' header contains the invalid value 'localhost'.${VALID}`), codes: ["origin-mismatch"] },
  { name: "two values (fetch)", browser: "Chromium", text: chrome("fetch", `The 'Access-Control-Allow-Origin' header contains multiple values '${PAGE}, ${PAGE}', but only one is allowed.${VALID}`), codes: ["multiple-allow-origin"] },
  { name: "two values on the preflight (XHR)", browser: "Chromium", text: chrome("XMLHttpRequest", `${PRE}The 'Access-Control-Allow-Origin' header contains multiple values '${PAGE}, ${PAGE}', but only one is allowed.`), codes: ["multiple-allow-origin"] },
  { name: "* with credentials (fetch)", browser: "Chromium", text: chrome("fetch", "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."), codes: ["wildcard-with-credentials"] },
  { name: "* with credentials (XHR)", browser: "Chromium", text: chrome("XMLHttpRequest", `${PRE}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.${XHR_CREDENTIALS}`), codes: ["wildcard-with-credentials"] },
  { name: "credentials without Access-Control-Allow-Credentials", browser: "Chromium", text: chrome("fetch", "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'."), codes: ["missing-allow-credentials"] },
  { name: "credentials with Access-Control-Allow-Credentials: false (XHR)", browser: "Chromium", text: chrome("XMLHttpRequest", `The value of the 'Access-Control-Allow-Credentials' header in the response is 'false' which must be 'true' when the request's credentials mode is 'include'.${XHR_CREDENTIALS}`), codes: ["missing-allow-credentials"] },
  { name: "a preflight without an ok status", browser: "Chromium", text: chrome("fetch", `${PRE}It does not have HTTP ok status.`), codes: ["preflight-status"] },
  { name: "a redirected preflight", browser: "Chromium", text: chrome("fetch", `${PRE}Redirect is not allowed for a preflight request.`), codes: ["preflight-redirect"] },
  { name: "a method not allowed", browser: "Chromium", text: chrome("fetch", "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."), codes: ["method-not-allowed"], facts: { method: "PUT" } },
  { name: "a lowercase method", browser: "Chromium", text: chrome("XMLHttpRequest", "Method patch is not allowed by Access-Control-Allow-Methods in preflight response."), codes: ["method-not-allowed", "method-case"], facts: { method: "patch" } },
  { name: "a header not allowed", browser: "Chromium", text: chrome("fetch", "Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response."), codes: ["header-not-allowed"], facts: { header: "x-api-key" } },
  { name: "an unparsable method list", browser: "Chromium", text: chrome("fetch", "Cannot parse Access-Control-Allow-Methods response header field in preflight response."), codes: ["invalid-allow-methods"] },
  { name: "an unparsable header list", browser: "Chromium", text: chrome("XMLHttpRequest", "Cannot parse Access-Control-Allow-Headers response header field in preflight response."), codes: ["invalid-allow-headers"] },
  { name: "a redirect to a sign-in page without CORS", browser: "Chromium", text: chrome("fetch", "No 'Access-Control-Allow-Origin' header is present on the requested resource.", ` (redirected from '${API}?x=1')`).replace(`at '${API}'`, `at '${PAGE}/login'`), codes: ["missing-allow-origin"], facts: { url: `${PAGE}/login` } },
  { name: "a redirect to a URL with a password", browser: "Chromium", text: chrome("fetch", "Redirect location '' contains a username and password, which is disallowed for cross-origin requests."), codes: ["redirect-refused"] },
  { name: "a redirect to another scheme", browser: "Chromium", text: chrome("fetch", "Cross origin requests are only supported for protocol schemes: chrome, data, http, https.", ` (redirected from '${API}')`).replace(`at '${API}'`, "at 'ftp://x.example/f'"), codes: ["redirect-refused"] },
  { name: "a file: page", browser: "Chromium", text: "Access to fetch at 'file:///tmp/data.json' from origin 'null' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, data, http, https.", codes: ["not-http"] },
  { name: "Local Network Access", browser: "Chromium", text: chrome("fetch", "Permission was denied for this request to access the `loopback` address space."), codes: ["local-network-access"] },
  { name: "another kind of load (a font)", browser: "Chromium", text: chrome("font", "No 'Access-Control-Allow-Origin' header is present on the requested resource."), codes: ["missing-allow-origin"] },
  { name: "connection refused, as DevTools shows it", browser: "Chromium", text: `GET ${API} net::ERR_CONNECTION_REFUSED`, codes: ["unreachable"], facts: { method: "GET", url: API } },
  { name: "connection refused, as the protocol reports it", browser: "Chromium", text: "Failed to load resource: net::ERR_CONNECTION_REFUSED", codes: ["unreachable"] },
  { name: "a redirect to data:", browser: "Chromium", text: "Failed to load resource: net::ERR_UNSAFE_REDIRECT", codes: ["redirect-refused"] },
  { name: "too many redirects", browser: "Chromium", text: `GET ${API} net::ERR_TOO_MANY_REDIRECTS`, codes: ["redirect-refused"] },
  { name: "the deprecation of * covering Authorization", browser: "Chromium", text: "[Deprecation] Authorization will not be covered by the wildcard symbol (*) in CORS Access-Control-Allow-Headers handling.", codes: ["header-not-allowed"], facts: { header: "authorization" } },

  // Firefox
  { name: "ACAO missing, status 200", browser: "Firefox", text: firefox("CORS header ‘Access-Control-Allow-Origin’ missing", "200"), codes: ["missing-allow-origin"], facts: { url: API, status: 200 } },
  { name: "ACAO missing, status 405: the status is the root", browser: "Firefox", text: firefox("CORS header ‘Access-Control-Allow-Origin’ missing", "405"), codes: ["preflight-status", "missing-allow-origin"], facts: { status: 405 } },
  { name: "ACAO missing, status 301: a redirect", browser: "Firefox", text: firefox("CORS header ‘Access-Control-Allow-Origin’ missing", "301"), codes: ["preflight-redirect", "missing-allow-origin"] },
  { name: "ACAO missing, without a status (older Firefox)", browser: "Firefox", text: firefox("CORS header ‘Access-Control-Allow-Origin’ missing"), codes: ["missing-allow-origin"] },
  { name: "ACAO does not match", browser: "Firefox", text: firefox(`CORS header ‘Access-Control-Allow-Origin’ does not match ‘${PAGE}/’`), codes: ["origin-mismatch"] },
  { name: "two ACAO values read as one that does not match", browser: "Firefox", text: firefox(`CORS header ‘Access-Control-Allow-Origin’ does not match ‘${PAGE}, ${PAGE}’`), codes: ["multiple-allow-origin"] },
  { name: "with straight quotes, as pasted", browser: "Firefox", text: firefox("CORS header 'Access-Control-Allow-Origin' does not match 'http://a.example'"), codes: ["origin-mismatch"] },
  { name: "multiple ACAO (older Firefox)", browser: "Firefox", text: firefox("Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed"), codes: ["multiple-allow-origin"] },
  { name: "* with credentials", browser: "Firefox", text: `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘${API}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`, codes: ["wildcard-with-credentials"], facts: { url: API } },
  { name: "no Access-Control-Allow-Credentials", browser: "Firefox", text: firefox("expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’"), codes: ["missing-allow-credentials"] },
  { name: "a method not allowed (never named)", browser: "Firefox", text: firefox("Did not find method in CORS header ‘Access-Control-Allow-Methods’"), codes: ["method-not-allowed"] },
  { name: "a method not allowed (older Firefox names it)", browser: "Firefox", text: firefox("missing token ‘PUT’ in CORS header ‘Access-Control-Allow-Methods’ from CORS preflight channel"), codes: ["method-not-allowed"], facts: { method: "PUT" } },
  { name: "a header not allowed", browser: "Firefox", text: firefox("header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response"), codes: ["header-not-allowed"], facts: { header: "x-api-key" } },
  { name: "a header not allowed (older Firefox)", browser: "Firefox", text: firefox("missing token ‘x-api-key’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel"), codes: ["header-not-allowed"], facts: { header: "x-api-key" } },
  { name: "an invalid method token", browser: "Firefox", text: firefox("invalid token ‘P(T’ in CORS header ‘Access-Control-Allow-Methods’"), codes: ["invalid-allow-methods"] },
  { name: "an invalid header token", browser: "Firefox", text: firefox("invalid token ‘x(y’ in CORS header ‘Access-Control-Allow-Headers’"), codes: ["invalid-allow-headers"] },
  { name: "a preflight without an ok status", browser: "Firefox", text: firefox("CORS preflight response did not succeed", "403"), codes: ["preflight-status"], facts: { status: 403 } },
  { name: "a preflight that did not succeed (older Firefox)", browser: "Firefox", text: firefox("CORS preflight channel did not succeed"), codes: ["preflight-status"] },
  { name: "a redirected preflight", browser: "Firefox", text: firefox("CORS request external redirect not allowed"), codes: ["preflight-redirect"] },
  { name: "nothing answered", browser: "Firefox", text: firefox("CORS request did not succeed", "(null)"), codes: ["unreachable"] },
  { name: "not http", browser: "Firefox", text: firefox("CORS request not HTTP"), codes: ["not-http"] },
  { name: "CORS turned off", browser: "Firefox", text: firefox("CORS disabled"), codes: ["cors-disabled"] },
  { name: "no Origin could be added", browser: "Firefox", text: firefox("CORS header ‘Origin’ cannot be added"), codes: ["origin-not-sent"] },
  { name: "the warning for * covering Authorization", browser: "Firefox", text: `Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at ${API} soon. (Reason: When the \`Access-Control-Allow-Headers\` is \`*\`, the \`Authorization\` header is not covered. To include the \`Authorization\` header, it must be explicitly listed in CORS header \`Access-Control-Allow-Headers\`).`, codes: ["header-not-allowed"], facts: { header: "authorization" } },

  // Safari
  { name: "origin not allowed", browser: "Safari", text: `[Error] Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 200`, codes: ["missing-allow-origin", "origin-mismatch"], facts: { origin: PAGE, status: 200 } },
  { name: "origin not allowed, as a failed load", browser: "Safari", text: `Failed to load resource: Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 204`, codes: ["missing-allow-origin", "origin-mismatch"] },
  { name: "* with credentials", browser: "Safari", text: "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.", codes: ["wildcard-with-credentials"] },
  { name: "more than one origin", browser: "Safari", text: "Access-Control-Allow-Origin cannot contain more than one origin.", codes: ["multiple-allow-origin"] },
  { name: "credentials flag", browser: "Safari", text: 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".', codes: ["missing-allow-credentials"] },
  { name: "a method not allowed", browser: "Safari", text: "Method DELETE is not allowed by Access-Control-Allow-Methods.", codes: ["method-not-allowed"], facts: { method: "DELETE" } },
  { name: "a header not allowed", browser: "Safari", text: "Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.", codes: ["header-not-allowed"], facts: { header: "x-api-key" } },
  { name: "a preflight without success", browser: "Safari", text: "Preflight response is not successful. Status code: 405", codes: ["preflight-status"], facts: { status: 405 } },
  { name: "a redirected preflight", browser: "Safari", text: "Preflight response is not successful. Status code: 302", codes: ["preflight-redirect"] },
  { name: "an invalid method list", browser: "Safari", text: "Header Access-Control-Allow-Methods has an invalid value: GET,,P(T", codes: ["invalid-allow-methods"] },
  { name: "a redirect whose target refuses", browser: "Safari", text: `Cross-origin redirection to ${PAGE}/login denied by Cross-Origin Resource Sharing policy: Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 200`, codes: ["missing-allow-origin", "origin-mismatch"], facts: { url: `${PAGE}/login` } },
  { name: "no connection", browser: "Safari", text: "Could not connect to the server.", codes: ["unreachable"] },
];

/** Lines that only accompany a CORS error, or are not CORS messages: exit 2. */
export const NOT_EXPLAINED: readonly [string, string][] = [
  ["Chromium's net::ERR_FAILED under a CORS line", `GET ${API} net::ERR_FAILED 200 (OK)`],
  ["Safari's summary line", `Fetch API cannot load ${API} due to access control checks.`],
  ["the page's TypeError", "Uncaught (in promise) TypeError: Failed to fetch"],
  ["Firefox's TypeError", "TypeError: NetworkError when attempting to fetch resource."],
  ["an unrelated error", "Uncaught ReferenceError: x is not defined"],
  ["nothing", ""],
];

/** Several lines pasted at once: the line that names the check decides. */
export const PASTED: readonly [string, string, readonly string[]][] = [
  ["Chromium's CORS line and its net::ERR_FAILED", `${chrome("fetch", "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.")}\nPUT ${API} net::ERR_FAILED`, ["method-not-allowed"]],
  ["Firefox's reason and its 'did not succeed' line", `${firefox("CORS header ‘Access-Control-Allow-Origin’ missing", "405")}\n${firefox("CORS request did not succeed", "(null)")}`, ["preflight-status", "missing-allow-origin"]],
  ["Safari's reason and its summary", `Preflight response is not successful. Status code: 401\nFetch API cannot load ${API} due to access control checks.`, ["preflight-status"]],
];
