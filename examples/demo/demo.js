// The calls the demo page makes to the example Worker, from another origin, and what it shows of
// each: the browser's verdict, why, and what the Worker recorded of the requests and answers.
import { describeExchanges, explainFetch, explainForm } from "./explain.js";

const { api, policy } = await (await fetch("/config.json")).json();
// The page at the other host name, on the same port: http://localhost:<port> is the allowed
// origin, http://127.0.0.1:<port> one the API does not allow (and the form post's origin).
const disallowed = `http://127.0.0.1:${location.port}`;
const other = location.hostname === "localhost" ? disallowed : `http://localhost:${location.port}`;

const calls = [
  {
    title: "GET /api/notes",
    about: "A simple request (no preflight): the browser sends it from any origin, and lets the page read the answer only if it carries Access-Control-Allow-Origin.",
    request: { path: "/api/notes" },
  },
  {
    title: "PATCH /api/notes/1",
    about: "PATCH is not in the policy's methods (GET, HEAD and POST always are, DELETE is listed): the browser asks first, with a preflight.",
    request: { path: "/api/notes/1", method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "edited" }) },
  },
  {
    title: "GET /api/me with credentials",
    about: 'credentials: "include" and an Authorization header: a preflight first (Authorization is never safelisted), then an answer the page may read only if it allows credentials for this exact origin.',
    request: { path: "/api/me", credentials: "include", headers: { authorization: "Bearer demo-token" } },
  },
  {
    title: `a form post from ${disallowed}`,
    about: `A page on ${disallowed} (in the frame below) posts a text/plain form to POST /api/notes, whose body the API would take as JSON and add a note.`,
    form: true,
  },
];

document.querySelector("#page-origin").textContent = location.origin;
document.querySelector("#api-origin").textContent = api;
document.querySelector("#policy").textContent = policy === null
  ? "(the Worker did not answer /demo/policy)"
  : policy.error ?? JSON.stringify(policy, null, 2);

const callId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

async function exchangesOf(id) {
  return (await fetch(`/exchanges?call=${id}`)).json();
}

async function send(request, id) {
  const init = { method: request.method ?? "GET", headers: request.headers ?? {}, credentials: request.credentials ?? "same-origin" };
  if (request.body !== undefined) init.body = request.body;
  try {
    const response = await fetch(`${api}${request.path}?demo-call=${id}`, init);
    return { readable: true, status: response.status, requestId: response.headers.get("x-request-id"), body: await response.text() };
  } catch (error) {
    return { readable: false, error: String(error) };
  }
}

/** Loads the form page from the disallowed origin in the card's frame; resolves with what the API recorded. */
async function postForm(frame, id) {
  frame.src = `${disallowed}/form-post.html?call=${id}`;
  // The page cannot read the frame's answer (another origin's document): wait for the Worker's record.
  for (let tries = 0; tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exchanges = await exchangesOf(id);
    if (exchanges.length > 0) return exchanges;
  }
  return [];
}

function card(title, about) {
  const section = document.createElement("section");
  section.className = "call";
  const heading = document.createElement("h2");
  heading.textContent = `…: ${title}`;
  const aboutLine = document.createElement("p");
  aboutLine.textContent = about;
  const why = document.createElement("p");
  why.className = "why";
  const details = document.createElement("pre");
  section.append(heading, aboutLine, why, details);
  document.querySelector("#calls").append(section);
  return { section, heading, why, details };
}

function show(view, title, { verdict, why }, details) {
  view.heading.textContent = `${verdict}: ${title}`;
  view.heading.className = verdict === "Allowed" ? "ok" : "blocked";
  view.why.textContent = why;
  view.details.textContent = details;
}

async function run() {
  document.body.dataset.state = "running";
  document.querySelector("#calls").replaceChildren();
  const verdicts = [];
  for (const call of calls) {
    const view = card(call.title, call.about);
    const id = callId();
    if (call.form) {
      const frame = document.createElement("iframe");
      frame.title = "the API's answer to the form post";
      view.section.append(frame);
      const exchanges = await postForm(frame, id);
      const verdict = explainForm(exchanges);
      show(view, call.title, verdict, describeExchanges(exchanges));
      verdicts.push(verdict.verdict);
      continue;
    }
    const outcome = await send(call.request, id);
    const exchanges = await exchangesOf(id);
    const verdict = explainFetch(call, outcome, exchanges, location.origin);
    const body = outcome.readable
      ? `The page read: ${outcome.status}, x-request-id (exposed): ${outcome.requestId}\n${outcome.body}`
      : `The page read nothing: ${outcome.error} (the browser gives scripts no reason; the Console has it).`;
    show(view, call.title, verdict, `${body}\n\n${describeExchanges(exchanges)}`);
    verdicts.push(verdict.verdict);
  }
  showSummary(verdicts);
  document.body.dataset.state = "done";
}

/** The footer: what happened on this origin, and a link to the same page on the other one. */
function showSummary(verdicts) {
  const allowed = verdicts.filter((verdict) => verdict === "Allowed").length;
  const listed = (origin) => Array.isArray(policy?.origins) && policy.origins.includes(origin);
  const happened = allowed === 0
    ? `Loaded from ${location.origin}: every call was blocked${listed(location.origin) ? "" : `, because ${location.origin} is not in ALLOWED_ORIGINS`}.`
    : `Loaded from ${location.origin}: ${allowed} of ${verdicts.length} calls allowed and ${verdicts.length - allowed} blocked, as the policy says.`;
  const link = Object.assign(document.createElement("a"), { href: other, textContent: other });
  const footer = document.querySelector("#summary");
  footer.replaceChildren(`${happened} Compare with the same page on `, link, `, ${listed(other) ? "an origin the API allows" : "an origin the API does not allow"}.`);
}

document.querySelector("#run").addEventListener("click", run);
await run();
