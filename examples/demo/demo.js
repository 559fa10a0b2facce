// The three calls the demo page makes to the example Worker, from another origin.
const { api } = await (await fetch("/config.json")).json();

const calls = [
  {
    title: "Allowed: GET /api/notes",
    why: "A simple request (no preflight) from an allowed origin: the response carries Access-Control-Allow-Origin.",
    send: () => fetch(`${api}/api/notes`),
  },
  {
    title: "Rejected: PATCH /api/notes/1",
    why: "PATCH is not in the policy's methods, so the preflight fails and the browser never sends the request. " +
      "With CORS_DEBUG on, the preflight's CORS-Rejected header (Network tab) says why.",
    send: () => fetch(`${api}/api/notes/1`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "edited" }),
    }),
  },
  {
    title: "With credentials: GET /api/me",
    why: "credentials: \"include\" and an Authorization header: a preflight first, then a response with " +
      "Access-Control-Allow-Credentials: true and the page's exact origin (never *).",
    send: () => fetch(`${api}/api/me`, { credentials: "include", headers: { authorization: "Bearer demo-token" } }),
  },
];

document.querySelector("#page-origin").textContent = location.origin;
document.querySelector("#api-origin").textContent = api;
const other = location.hostname === "localhost" ? `http://127.0.0.1:${location.port}` : `http://localhost:${location.port}`;
Object.assign(document.querySelector("#other-origin"), { href: other, textContent: other });

async function run() {
  const container = document.querySelector("#calls");
  container.replaceChildren();
  for (const call of calls) {
    const section = document.createElement("section");
    section.className = "call";
    const heading = document.createElement("h2");
    heading.textContent = call.title;
    const why = document.createElement("p");
    why.textContent = call.why;
    const result = document.createElement("pre");
    result.textContent = "…";
    section.append(heading, why, result);
    container.append(section);
    try {
      const response = await call.send();
      const body = await response.text();
      result.className = "ok";
      result.textContent = `${response.status} ${response.statusText}\n` +
        `x-request-id (exposed): ${response.headers.get("x-request-id")}\n${body}`;
    } catch (error) {
      result.className = "blocked";
      result.textContent = `Blocked by CORS: ${error}\nThe browser hides the reason from scripts; see the Console.`;
    }
  }
}

document.querySelector("#run").addEventListener("click", run);
await run();
