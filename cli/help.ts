// The text of `fetch-cors --help`, `fetch-cors check --help` and `fetch-cors explain --help`.

export const MAIN_HELP = `fetch-cors: CORS for Fetch-API servers, and a doctor for any server's CORS.

Usage:
  fetch-cors check <url> --origin <origin> [options]   diagnose a cross-origin request like a browser
  fetch-cors check --policy <policy.json> [--json]     validate a fetch-cors policy file offline
  fetch-cors explain "<console message>" [--json]      explain what a browser printed (or pipe it in)
  fetch-cors --help | fetch-cors check --help | fetch-cors explain --help
`;

export const CHECK_HELP = `fetch-cors check <url> --origin <origin> [options]

Sends the request the way a browser would for fetch() from a page on <origin>: the CORS
preflight when the browser would send one, then the actual request when it is safe (GET,
HEAD) or --send is given, and never after a failed preflight. Applies the browser's checks
(WHATWG Fetch Standard) to each answer, recognises the server's software (nginx, Apache,
Express, Fastify, Koa, Hono, Flask, Django, API Gateway, CloudFront, Cloudflare, Caddy) and
prints the root cause with the fix for that software.

Options:
  --origin <origin>        origin of the calling page, e.g. https://app.example.com (required)
  -X, --method <method>    request method (default GET); sent as fetch() sends it: only
                           DELETE, GET, HEAD, OPTIONS, POST, PUT are uppercased
  -H, --header <h>         request header "Name: value", repeatable. A name alone ("X-Api-Key")
                           is sent with a placeholder value ("1"; content-type: application/json),
                           enough to ask whether the server allows that header
  --credentials            the request uses credentials: "include" (cookies, HTTP auth); a
                           Cookie header is then sent with the actual request, and only to the
                           URL's host (never to a redirect target elsewhere)
  --send                   also send a non-GET/HEAD actual request (it may change data);
                           a POST that needs no preflight can only be checked this way
  --all-fixes              the fix for every stack, not only the detected one
  --json                   print the whole report as JSON (every fix included)
  --timeout <seconds>      bounds the whole check, redirects included (default 10)
  --policy <file>          validate a policy file offline instead (JSON: origins is "*" or a list)
  -h, --help               show this help

Exit status: 0 Chromium and Firefox would allow the request (a warning says where the Fetch
Standard is stricter), 1 they would block it (or the policy file is invalid), 2 usage error.

Examples:
  fetch-cors check https://api.example.com/items --origin https://app.example.com
  fetch-cors check https://api.example.com/items --origin https://app.example.com \\
    -X PUT -H "Content-Type: application/json" -H Authorization --credentials
  fetch-cors check --policy cors-policy.json
`;

export const EXPLAIN_HELP = `fetch-cors explain "<console message>" [--json] [--all-fixes]

Explains a CORS error as Chromium (fetch and XMLHttpRequest), Firefox or Safari printed it in
the console: the failed check (the codes fetch-cors check uses), what the message names (URL,
origin, method, header, status), the cause, the fixes, and the fetch-cors check command that
reproduces it against the live server. Without a message, it is read from standard input, so
several pasted lines work too:  pbpaste | fetch-cors explain

Options:
  --json        print { browser, code, codes, url, origin, method, header, status, check, cause, fixes }
  --all-fixes   the fix for every stack, not only fetch-cors, Express, nginx and API Gateway
  -h, --help    show this help

Exit status: 0 the message was recognised, 2 it is not a CORS message fetch-cors knows.
`;
