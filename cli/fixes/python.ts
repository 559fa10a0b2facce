// Snippets for the Python stacks: Flask with flask-cors, and Django with a small middleware
// (the same as django-cors-headers would do, without a package to install).
import { listedHeaders, MAX_AGE, placement, type Fix, type FixContext } from "./snippet.ts";

function pythonList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(", ")}]`;
}

export function flaskFix(fix: FixContext): Fix {
  const options = [`origins=${pythonList([fix.origin])}`, `methods=${pythonList(fix.methods)}`];
  const headers = listedHeaders(fix);
  if (headers.length > 0) options.push(`allow_headers=${pythonList(headers)}`);
  if (fix.credentials) options.push("supports_credentials=True");
  options.push(`max_age=${MAX_AGE}`);
  const lines = [
    fix.authFirst ? "from flask import request" : "",
    "from flask_cors import CORS",
    "",
    `# ${placement(fix, "Right after app = Flask(__name__)")}:`,
    `CORS(app, ${options.join(", ")})`,
  ].filter((line, index) => index > 0 || line !== "");
  if (fix.authFirst) {
    // flask-cors adds its headers after the request; a before_request hook that refuses the
    // preflight runs first, so preflights are answered by a hook registered before it.
    lines.push(
      "",
      "@app.before_request",
      "def answer_preflight():  # registered before your authentication hook",
      '    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:',
      "        return app.make_default_options_response()",
    );
  }
  return { stack: "flask", title: "Flask (flask-cors)", text: lines.join("\n") };
}

export function djangoFix(fix: FixContext): Fix {
  const headers = listedHeaders(fix);
  const lines = [
    `# cors.py in your project (or django-cors-headers); ${placement(fix, 'put "yourproject.cors.cors" first in MIDDLEWARE')}`,
    "from django.http import HttpResponse",
    "from django.utils.cache import patch_vary_headers",
    "def cors(get_response):",
    "    def middleware(request):",
    '        preflight = request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META',
    "        response = HttpResponse(status=204) if preflight else get_response(request)",
    `        if request.headers.get("Origin") == ${JSON.stringify(fix.origin)}:`,
    `            response["Access-Control-Allow-Origin"] = ${JSON.stringify(fix.origin)}`,
  ];
  if (fix.credentials) lines.push('            response["Access-Control-Allow-Credentials"] = "true"');
  lines.push("            if preflight:", `                response["Access-Control-Allow-Methods"] = ${JSON.stringify(fix.methods.join(", "))}`);
  if (headers.length > 0) lines.push(`                response["Access-Control-Allow-Headers"] = ${JSON.stringify(headers.join(", "))}`);
  lines.push('        patch_vary_headers(response, ["Origin"])', "        return response", "    return middleware");
  return { stack: "django", title: "Django (middleware)", text: lines.join("\n") };
}
