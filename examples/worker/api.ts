/**
 * A small JSON API: notes anyone may list, add and delete, and a "who am I" route that needs a
 * bearer token. Notes live in the isolate's memory, which is enough for a local demo.
 */
interface Note {
  readonly id: number;
  readonly text: string;
}

const notes: Note[] = [{ id: 1, text: "Open DevTools and watch the preflights" }];
let nextId = 2;

/** The token the demo page sends; a real API would verify a session or a JWT. */
export const DEMO_TOKEN = "demo-token";

export async function handleApi(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const noteId = /^\/api\/notes\/(\d{1,9})$/.exec(pathname)?.[1];

  if (pathname === "/") {
    return json({ routes: ["GET /api/notes", "POST /api/notes", "DELETE /api/notes/:id", "GET /api/me"] });
  }
  if (pathname === "/api/notes" && request.method === "GET") return json(notes);
  if (pathname === "/api/notes" && request.method === "POST") return addNote(request);
  if (noteId !== undefined && request.method === "DELETE") {
    const index = notes.findIndex((note) => note.id === Number(noteId));
    if (index < 0) return json({ error: `no note ${noteId}` }, 404);
    notes.splice(index, 1);
    return new Response(null, { status: 204 });
  }
  if (pathname === "/api/me" && request.method === "GET") {
    if (request.headers.get("authorization") !== `Bearer ${DEMO_TOKEN}`) {
      return json({ error: "send Authorization: Bearer demo-token" }, 401, { "www-authenticate": "Bearer" });
    }
    return json({ user: "demo", cookie: request.headers.get("cookie") });
  }
  return json({ error: `no route for ${request.method} ${pathname}` }, 404);
}

async function addNote(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ error: "send a JSON body such as {\"text\": \"hello\"}" }, 400);
  }
  const text = typeof body === "object" && body !== null ? (body as { text?: unknown }).text : undefined;
  if (typeof text !== "string" || text.length === 0 || text.length > 200) {
    return json({ error: "text must be a string of 1 to 200 characters" }, 400);
  }
  const note = { id: nextId++, text };
  notes.push(note);
  return json(note, 201);
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  // x-request-id is listed in exposeHeaders, so the demo page's script can read it.
  return Response.json(body, { status, headers: { "x-request-id": crypto.randomUUID(), ...headers } });
}
