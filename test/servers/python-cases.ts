// The misconfigurations of Flask (with flask-cors) and Django apps.
import { startDjango, startFlask } from "./python-apps.ts";
import { API_KEY_PUT, AUTHORIZED, CREDENTIALED, LOWERCASE, PUT, type ServerCase } from "./server-case.ts";

const q = (text: string) => JSON.stringify(text);

export function flaskCases(): ServerCase[] {
  const flask = (name: string, code: string | null, request: ServerCase["request"], cors: (origin: string) => string, setup: { auth?: "401" | "redirect"; corsAfterAuth?: boolean } = {}, pageFix = false): ServerCase => ({
    stack: "flask", name, code, request, ...(pageFix ? { pageFix } : {}),
    start: (context, fix) => startFlask({ cors: cors(context.origin), ...setup }, fix),
  });
  return [
    flask("a healthy setup", null, { method: "PUT", headers: { "content-type": "application/json" }, credentials: true }, (o) => `CORS(app, origins=[${q(o)}], supports_credentials=True)`),
    flask("no CORS (Flask answers OPTIONS itself)", "missing-allow-origin", PUT, () => ""),
    // flask-cors adds its headers to the 401 too: only the status is wrong.
    flask("authentication before CORS", "preflight-status", AUTHORIZED, (o) => `CORS(app, origins=[${q(o)}])`, { auth: "401", corsAfterAuth: true }),
    flask("a redirect to sign in on OPTIONS", "preflight-redirect", { method: "PUT", headers: { authorization: "Bearer t" } }, (o) => `CORS(app, origins=[${q(o)}])`, { auth: "redirect" }),
    flask("a missing method", "method-not-allowed", PUT, (o) => `CORS(app, origins=[${q(o)}], methods=["GET", "POST"])`),
    flask("a missing header", "header-not-allowed", API_KEY_PUT, (o) => `CORS(app, origins=[${q(o)}], allow_headers=["content-type"])`),
    flask("missing credentials", "missing-allow-credentials", CREDENTIALED, (o) => `CORS(app, origins=[${q(o)}])`),
    // flask-cors compares the origin it is given with the request's, and sends nothing when they differ.
    flask("an origin with a trailing slash", "missing-allow-origin", {}, (o) => `CORS(app, origins=[${q(`${o}/`)}])`),
    flask("a lowercase method from the page", "method-not-allowed", LOWERCASE, (o) => `CORS(app, origins=[${q(o)}])`, {}, true),
  ];
}

export function djangoCases(): ServerCase[] {
  const django = (name: string, code: string | null, request: ServerCase["request"], setup: Parameters<typeof startDjango>[1]): ServerCase => ({
    stack: "django", name, code, request,
    start: (context, fix) => startDjango(context.origin, setup, fix),
  });
  return [
    django("a healthy setup", null, { method: "PUT", headers: { authorization: "Bearer t" }, credentials: true }, { cors: "full", loginRequired: true }),
    django("no CORS (the view answers OPTIONS)", "missing-allow-origin", PUT, { cors: "none" }),
    django("a sign-in redirect before CORS (LoginRequiredMiddleware)", "preflight-redirect", { method: "PUT", headers: { authorization: "Bearer t" } }, { cors: "none", loginRequired: true }),
    django("a hand-written middleware that sets only the origin", "method-not-allowed", PUT, { cors: "origin-only" }),
    django("the same middleware, with credentials", "missing-allow-credentials", CREDENTIALED, { cors: "origin-only" }),
  ];
}
