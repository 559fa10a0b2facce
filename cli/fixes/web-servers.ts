// Snippets for the web servers in front of an app: nginx, Apache httpd and Caddy. Each answers the
// preflight itself and adds the headers to every response, error pages included.
import { listedHeaders, MAX_AGE, type Fix, type FixContext } from "./snippet.ts";

function allowHeaders(fix: FixContext): { name: string; value: string }[] {
  const headers = [{ name: "Access-Control-Allow-Origin", value: fix.origin }];
  if (fix.credentials) headers.push({ name: "Access-Control-Allow-Credentials", value: "true" });
  return headers;
}

function preflightHeaders(fix: FixContext): { name: string; value: string }[] {
  const headers = [...allowHeaders(fix), { name: "Access-Control-Allow-Methods", value: fix.methods.join(", ") }];
  const listed = listedHeaders(fix);
  if (listed.length > 0) headers.push({ name: "Access-Control-Allow-Headers", value: listed.join(", ") });
  headers.push({ name: "Access-Control-Max-Age", value: String(MAX_AGE) });
  return headers;
}

export function nginxFix(fix: FixContext): Fix {
  const add = ({ name, value }: { name: string; value: string }) => `add_header ${name} "${value}" always;`;
  const lines = [`location ${fix.path} {  # "always": error responses get the headers too`];
  lines.push("  if ($request_method = OPTIONS) {", ...preflightHeaders(fix).map((h) => `    ${add(h)}`), "    return 204;", "  }");
  if (fix.code === "multiple-allow-origin") {
    lines.push("  proxy_hide_header Access-Control-Allow-Origin;  # the app adds it too: keep one copy");
    if (fix.credentials) lines.push("  proxy_hide_header Access-Control-Allow-Credentials;");
  }
  lines.push(...allowHeaders(fix).map((h) => `  ${add(h)}`), '  add_header Vary "Origin" always;', "  proxy_pass http://app;  # your upstream, as before", "}");
  return { stack: "nginx", title: "nginx", text: lines.join("\n") };
}

export function apacheFix(fix: FixContext): Fix {
  const pattern = `^${fix.path}`;
  const lines = [`<Location "${fix.path}">  # needs mod_headers and mod_rewrite; "always": error responses too`];
  // "Header always" writes a table of its own: an upstream copy would be sent beside it, so it goes.
  lines.push("  Header unset Access-Control-Allow-Origin");
  if (fix.credentials) lines.push("  Header unset Access-Control-Allow-Credentials");
  lines.push(...preflightHeaders(fix).map(({ name, value }) => `  Header always set ${name} "${value}"`), '  Header always merge Vary "Origin"', "</Location>");
  lines.push("RewriteEngine On", "RewriteCond %{REQUEST_METHOD} =OPTIONS", "RewriteCond %{HTTP:Access-Control-Request-Method} !=\"\"", `RewriteRule ${pattern} - [R=204,L]`);
  return { stack: "apache", title: "Apache httpd", text: lines.join("\n") };
}

export function caddyFix(fix: FixContext): Fix {
  const lines = ["@preflight method OPTIONS", "handle @preflight {", ...preflightHeaders(fix).map(({ name, value }) => `  header ${name} "${value}"`), "  respond 204", "}"];
  lines.push(...allowHeaders(fix).map(({ name, value }) => `header ${name} "${value}"`), "header Vary Origin");
  return { stack: "caddy", title: "Caddy", text: lines.join("\n") };
}
