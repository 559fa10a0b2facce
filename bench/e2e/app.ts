/** The Worker's own work, the same with and without CORS: a small JSON answer. */
export function app(request: Request): Response {
  return Response.json({ path: new URL(request.url).pathname, items: [1, 2, 3] });
}
