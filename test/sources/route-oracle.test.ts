// corsRoutes matches by walking a tree of segments. These properties compare it with the plainest
// reading of the rule (try each pattern in turn, first match wins) over random tables and paths,
// and the path it reads with the URL parser's own pathname.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { corsPolicy, corsRoutes, type CorsPolicy } from "../../src/index.ts";
import { pathOf } from "../../src/request-path.ts";

const SEGMENTS = ["a", "b", "", "A"];
const patternSegment = fc.constantFrom("a", "b", "A", "", ":x");
const pattern = fc.record({
  segments: fc.array(patternSegment, { maxLength: 3 }),
  end: fc.constantFrom("", "/", "/*"),
}).map(({ segments, end }) => {
  const body = `/${segments.join("/")}`;
  if (segments.length === 0) return end === "/*" ? "/*" : "/";
  return end === "/" ? `${body}/` : `${body}${end}`;
});
const path = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join("/")}`);

/** Whether `pattern` matches `path`, read straight from SPEC §7. */
function matches(pattern: string, path: string): boolean {
  const wanted = pattern.slice(1).split("/");
  const given = path.slice(1).split("/");
  const prefix = wanted[wanted.length - 1] === "*";
  if (prefix) wanted.pop();
  if (prefix ? given.length < wanted.length : given.length !== wanted.length) return false;
  // "/a/*" matches "/a" itself: the "*" may stand for nothing at all.
  if (prefix && wanted.length === 0) return true;
  return wanted.every((segment, i) => (segment.startsWith(":") ? given[i] !== "" : segment === given[i]));
}

describe("§7 corsRoutes agrees with trying each pattern in turn", () => {
  test("for random tables and paths (shadowed routes and empty segments included), the first matching route answers", () => {
    fc.assert(fc.property(fc.array(pattern, { minLength: 1, maxLength: 8 }), fc.array(path, { minLength: 1, maxLength: 8 }), (patterns, paths) => {
      const policies = patterns.map((_, index) => corsPolicy({ origins: [`https://r${index}.example`] }));
      const routes = corsRoutes(patterns.map((p, index) => [p, policies[index]!] as const));
      for (const candidate of paths) {
        const first = patterns.findIndex((p) => matches(p, candidate));
        const answer = routes.resolve(new Request(`https://h${candidate}`)) as CorsPolicy;
        if (first < 0) expect(answer.options.origins).toEqual([]);
        else expect(answer).toBe(policies[first]);
      }
    }), { numRuns: 1000 });
  });
});

describe("§7 the path matched is the URL parser's pathname", () => {
  const piece = fc.oneof(
    fc.constantFrom("/", "//", "..", ".", "%2e", "%2E%2e", "\\", "?", "#", "%2f", "%3F", "@", ":", ";", "a", "é", " ", "\t", "%"),
    fc.string({ maxLength: 4 }),
  );
  test("for hostile request URLs, the path read from request.url is new URL(request.url).pathname", () => {
    fc.assert(fc.property(fc.constantFrom("http://h", "https://user:pw@h:8443", "http://[::1]:8080", "https://xn--caf-dma.example"), fc.array(piece, { maxLength: 12 }), (origin, pieces) => {
      let request: Request;
      try {
        request = new Request(`${origin}/${pieces.join("")}`);
      } catch {
        return; // not a URL a request can have
      }
      expect(pathOf(request.url)).toBe(new URL(request.url).pathname);
    }), { numRuns: 2000 });
  });
});
