// Flask + flask-cors and Django, from Debian's python3-flask, python3-flask-cors and python3-django,
// run by Debian's own Python (not a pyenv one on PATH, which lacks those packages).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { place, type AppSetup } from "./app-setup.ts";
import { freePort, startServer, type Running } from "./process.ts";
import { inTempDir } from "./temp-dir.ts";

export const PYTHON = "/usr/bin/python3";

const FLASK_IMPORTS = "import os\nfrom flask import Flask, jsonify, redirect, request\nfrom flask_cors import CORS";

function flaskSource(setup: AppSetup, fix: string | null): string {
  const placed = place(setup, fix, FLASK_IMPORTS);
  const refuse = setup.auth === "401" ? 'return ("Unauthorized", 401)' : 'return redirect("/login")';
  const auth = setup.auth === undefined ? "" : `@app.before_request
def require_login():
    if request.path != "/login" and "Authorization" not in request.headers:
        ${refuse}
`;
  return `${FLASK_IMPORTS}
${placed.imports}
app = Flask(__name__)
${placed.first}
${placed.corsBeforeAuth}
${auth}
${placed.corsAfterAuth}
@app.route("/login")
def login():
    return "<form>sign in</form>"

@app.route("/api/items", methods=["GET", "PUT", "PATCH", "DELETE", "POST"])
def items():
    return jsonify(ok=True)

app.run(host="127.0.0.1", port=int(os.environ["PORT"]), threaded=True)
`;
}

/** Django settings of a one-file project: the middleware list is the CORS setup. */
function djangoSource(middleware: readonly string[]): string {
  return `import os
from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

def require_login(get_response):
    # What LoginRequiredMiddleware or @login_required do for a request without a session.
    def middleware(request):
        if request.path != "/accounts/login/" and "HTTP_AUTHORIZATION" not in request.META:
            return HttpResponseRedirect("/accounts/login/?next=" + request.path)
        return get_response(request)
    return middleware

def origin_only(get_response):
    # A hand-written CORS middleware that sets the origin and nothing else.
    def middleware(request):
        response = get_response(request)
        response["Access-Control-Allow-Origin"] = request.headers.get("Origin", "")
        return response
    return middleware

def full_cors(get_response):
    # A complete hand-written CORS middleware, first in the list.
    def middleware(request):
        preflight = request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        response = HttpResponse(status=204) if preflight else get_response(request)
        if request.headers.get("Origin") == os.environ["PAGE_ORIGIN"]:
            response["Access-Control-Allow-Origin"] = os.environ["PAGE_ORIGIN"]
            response["Access-Control-Allow-Credentials"] = "true"
            response["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
            response["Access-Control-Allow-Headers"] = "content-type, authorization"
        response["Vary"] = "Origin"
        return response
    return middleware

@csrf_exempt
def items(request):
    return JsonResponse({"ok": True})

def login(request):
    return HttpResponse("<form>sign in</form>")

urlpatterns = [path("api/items", items), path("accounts/login/", login)]

settings.configure(
    DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, SECRET_KEY="only-for-this-test",
    MIDDLEWARE=${JSON.stringify(middleware)},
)

import django
django.setup()
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application
run("127.0.0.1", int(os.environ["PORT"]), get_wsgi_application(), threading=True)
`;
}

const DJANGO_DEFAULTS = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware"];

/** A Django setup: the CORS middleware the project lists, and whether a sign-in redirect comes first. */
export interface DjangoSetup {
  readonly cors: "none" | "origin-only" | "full";
  readonly loginRequired?: boolean;
}

async function run(dir: string, file: string, source: string, env: Record<string, string> = {}): Promise<Running> {
  await writeFile(join(dir, file), source);
  const port = await freePort();
  return startServer(PYTHON, [join(dir, file)], port, { cwd: dir, env: { ...env, PORT: String(port), PYTHONDONTWRITEBYTECODE: "1" } });
}

export function startFlask(setup: AppSetup, fix: string | null): Promise<Running> {
  return inTempDir("flask", (dir) => run(dir, "app.py", flaskSource(setup, fix)));
}

/** Django; `fix` is the middleware snippet, saved as cors.py and put first in MIDDLEWARE, as its comment says. */
export function startDjango(origin: string, setup: DjangoSetup, fix: string | null): Promise<Running> {
  return inTempDir("django", async (dir) => {
    const middleware = [...DJANGO_DEFAULTS];
    // Where Django puts LoginRequiredMiddleware: after the others, so its redirect passes through them.
    if (setup.loginRequired === true) middleware.push("__main__.require_login");
    if (fix !== null) {
      await writeFile(join(dir, "cors.py"), fix);
      middleware.unshift("cors.cors");
    } else if (setup.cors === "origin-only") {
      middleware.push("__main__.origin_only");
    } else if (setup.cors === "full") {
      middleware.unshift("__main__.full_cors");
    }
    return run(dir, "project.py", djangoSource(middleware), { PAGE_ORIGIN: origin });
  });
}
