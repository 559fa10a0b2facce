// The misconfigurations of nginx and Apache httpd in front of an app.
import type { CaseContext, ServerCase } from "./server-case.ts";
import { API_KEY_PUT, CREDENTIALED, PUT } from "./server-case.ts";
import { startApache, startNginx } from "./web-servers.ts";

const q = (text: string) => JSON.stringify(text);
/** The "location /api/ { … }" block a fix replaces, or what stands without one. */
type Block = (origin: string) => string;
const MISSING = { path: "/api/missing" } as const;

function nginxCase(name: string, code: string | null, request: ServerCase["request"], api: Block, options: { upstream?: "with-cors"; rest?: string } = {}): ServerCase {
  return {
    stack: "nginx", name, code, request,
    start: (context: CaseContext, fix) => {
      // The fix replaces the API's location block, as a user replaces theirs.
      const server = `${fix ?? api(context.origin)}\n${options.rest ?? ""}`;
      return startNginx(server, options.upstream === "with-cors" ? context.upstreamWithCors : context.upstream);
    },
  };
}

const preflightAnswer = (origin: string, always: string, headers = "content-type", methods = "GET, POST, PUT") => `    if ($request_method = OPTIONS) {
      add_header Access-Control-Allow-Origin ${q(origin)}${always};
      add_header Access-Control-Allow-Methods ${q(methods)}${always};
      add_header Access-Control-Allow-Headers ${q(headers)}${always};
      return 204;
    }`;

export function nginxCases(): ServerCase[] {
  return [
    nginxCase("a healthy setup", null, { method: "PUT", headers: { "content-type": "application/json" } }, (o) => `location /api/ {
${preflightAnswer(o, " always")}
    add_header Access-Control-Allow-Origin ${q(o)} always;
    add_header Vary Origin always;
    proxy_pass http://app;
  }`),
    // Without "always", add_header skips the app's 404: the page cannot read the error.
    nginxCase('add_header without "always" on an error response', "missing-allow-origin", MISSING, (o) => `location /api/ {
${preflightAnswer(o, "")}
    add_header Access-Control-Allow-Origin ${q(o)};
    proxy_pass http://app;
  }`),
    nginxCase("no OPTIONS handling (the app answers 405)", "preflight-status", PUT, (o) => `location /api/ {
    add_header Access-Control-Allow-Origin ${q(o)} always;
    proxy_pass http://app;
  }`),
    nginxCase("Access-Control-Allow-Origin from nginx and from the app", "multiple-allow-origin", {}, (o) => `location /api/ {
    add_header Access-Control-Allow-Origin ${q(o)} always;
    proxy_pass http://app;
  }`, { upstream: "with-cors" }),
    nginxCase("a missing header", "header-not-allowed", API_KEY_PUT, (o) => `location /api/ {
${preflightAnswer(o, " always")}
    add_header Access-Control-Allow-Origin ${q(o)} always;
    proxy_pass http://app;
  }`),
    nginxCase("a missing method", "method-not-allowed", PUT, (o) => `location /api/ {
${preflightAnswer(o, " always", "content-type", "GET, POST")}
    add_header Access-Control-Allow-Origin ${q(o)} always;
    proxy_pass http://app;
  }`),
    nginxCase("missing credentials", "missing-allow-credentials", CREDENTIALED, (o) => `location /api/ {
    add_header Access-Control-Allow-Origin ${q(o)} always;
    add_header Vary Origin always;
    proxy_pass http://app;
  }`),
    nginxCase("* with credentials", "wildcard-with-credentials", CREDENTIALED, () => `location /api/ {
    add_header Access-Control-Allow-Origin "*" always;
    add_header Access-Control-Allow-Credentials "true" always;
    proxy_pass http://app;
  }`),
    nginxCase("an origin with a trailing slash", "origin-mismatch", {}, (o) => `location /api/ {
    add_header Access-Control-Allow-Origin ${q(`${o}/`)} always;
    proxy_pass http://app;
  }`),
    // A single-page app's fallback serves index.html for every path the files do not cover, /api/ too.
    nginxCase("a 200 HTML fallback instead of the API", "missing-allow-origin", {}, () => "", { rest: "location / { try_files $uri /index.html; }" }),
  ];
}

function apacheCase(name: string, code: string | null, request: ServerCase["request"], cors: Block, options: { upstream?: "with-cors"; rest?: string } = {}): ServerCase {
  return {
    stack: "apache", name, code, request,
    start: (context: CaseContext, fix) => startApache(
      `${fix ?? cors(context.origin)}\nProxyPass "/api/" "\${UPSTREAM}/api/"\n${options.rest ?? ""}`,
      options.upstream === "with-cors" ? context.upstreamWithCors : context.upstream,
    ),
  };
}

const ANSWER_OPTIONS = `RewriteEngine On
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteRule ^/api/ - [R=204,L]`;

export function apacheCases(): ServerCase[] {
  return [
    apacheCase("a healthy setup", null, { method: "PUT", headers: { "content-type": "application/json" } }, (o) => `<Location "/api/">
  Header always set Access-Control-Allow-Origin ${q(o)}
  Header always set Access-Control-Allow-Methods "GET, POST, PUT"
  Header always set Access-Control-Allow-Headers "content-type"
  Header always merge Vary "Origin"
</Location>
${ANSWER_OPTIONS}`),
    // "Header set" reaches the app's own answers, even its errors, but not those Apache makes itself (here a 403).
    apacheCase('"Header set" without "always" on an error Apache makes', "missing-allow-origin", { path: "/api/private" }, (o) => `<Location "/api/">
  Header set Access-Control-Allow-Origin ${q(o)}
</Location>`, { rest: '<Location "/api/private">\n  Require all denied\n</Location>' }),
    apacheCase("no OPTIONS handling (the app answers 405)", "preflight-status", PUT, (o) => `<Location "/api/">
  Header always set Access-Control-Allow-Origin ${q(o)}
</Location>`),
    apacheCase("Access-Control-Allow-Origin from Apache and from the app", "multiple-allow-origin", {}, (o) => `<Location "/api/">
  Header always set Access-Control-Allow-Origin ${q(o)}
</Location>`, { upstream: "with-cors" }),
    apacheCase("a missing method", "method-not-allowed", PUT, (o) => `<Location "/api/">
  Header always set Access-Control-Allow-Origin ${q(o)}
  Header always set Access-Control-Allow-Methods "GET, POST"
</Location>
${ANSWER_OPTIONS}`),
    apacheCase("a missing header", "header-not-allowed", API_KEY_PUT, (o) => `<Location "/api/">
  Header always set Access-Control-Allow-Origin ${q(o)}
  Header always set Access-Control-Allow-Methods "GET, POST, PUT"
  Header always set Access-Control-Allow-Headers "content-type"
</Location>
${ANSWER_OPTIONS}`),
    apacheCase("missing credentials", "missing-allow-credentials", CREDENTIALED, (o) => `<Location "/api/">
  Header always set Access-Control-Allow-Origin ${q(o)}
</Location>`),
    apacheCase("an origin with a trailing slash", "origin-mismatch", {}, (o) => `<Location "/api/">
  Header always set Access-Control-Allow-Origin ${q(`${o}/`)}
</Location>`),
    apacheCase("* with credentials", "wildcard-with-credentials", CREDENTIALED, () => `<Location "/api/">
  Header always set Access-Control-Allow-Origin "*"
  Header always set Access-Control-Allow-Credentials "true"
</Location>`),
  ];
}
