// The text of `fetch-cors --help` and `fetch-cors check --help`.

export const MAIN_HELP = `fetch-cors: CORS for Fetch-API servers, and a doctor for any server's CORS.

Usage:
  fetch-cors check <url> --origin <origin> [options]   diagnose a cross-origin request like a browser
  fetch-cors check --policy <policy.json> [--json]     validate a fetch-cors policy file offline
  fetch-cors --help | fetch-cors check --help

Run "fetch-cors check --help" for the options.
`;

export const CHECK_HELP = `fetch-cors check <url> --origin <origin> [options]

Sends the request the way a browser would for fetch() from a page on <origin>: the CORS
preflight when the browser would send one, then the actual request when it is safe (GET,
HEAD) or --send is given, and never after a failed preflight. Applies the browser's checks
(WHATWG Fetch Standard) to each answer and lists every problem, root cause first, with the fix.

Options:
  --origin <origin>        origin of the calling page, e.g. https://app.example.com (required)
  -X, --method <method>    request method (default GET); sent as fetch() sends it: only
                           DELETE, GET, HEAD, OPTIONS, POST, PUT are uppercased
  -H, --header <h>         request header "Name: value", repeatable. A name alone ("X-Api-Key")
                           is sent with a placeholder value ("1"; content-type: application/json),
                           enough to ask whether the server allows that header
  --credentials            the request uses credentials: "include" (cookies, HTTP auth);
                           a Cookie header is then sent with the actual request only
  --send                   also send a non-GET/HEAD actual request (it may change data);
                           a POST that needs no preflight can only be checked this way
  --json                   print the report as JSON
  --timeout <seconds>      per-request timeout (default 10)
  --policy <file>          validate a policy file offline instead (JSON: origins is "*" or a list)
  -h, --help               show this help

Exit status: 0 a browser would allow the request, 1 it would block it (or the policy file is
invalid), 2 usage error.

Examples:
  fetch-cors check https://api.example.com/items --origin https://app.example.com
  fetch-cors check https://api.example.com/items --origin https://app.example.com \\
    -X PUT -H "Content-Type: application/json" -H Authorization --credentials
  fetch-cors check --policy cors-policy.json
`;
