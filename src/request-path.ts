// Request.url is the URL serialiser's output: dot segments are resolved, a backslash is already
// a `/`, and a `?` or `#` inside the path is percent-encoded. So the path can be cut out of it
// rather than parsed again.

/** The pathname of a serialised URL, as `new URL(url).pathname` gives it, without parsing it again. */
export function pathOf(url: string): string {
  const schemeEnd = url.indexOf("://");
  const start = schemeEnd < 0 ? -1 : url.indexOf("/", schemeEnd + 3);
  if (start < 0) return "/";
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const fragment = url.indexOf("#", start);
  if (fragment >= 0 && fragment < end) end = fragment;
  return url.slice(start, end);
}
