// SPEC §9, the CLI against hostile servers: server text reaches the terminal with its control
// characters escaped, a --credentials cookie never goes to another host, --timeout bounds the whole
// run (redirects included), and broken or huge answers get a clear report, never a crash.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { runInProcess } from "./helpers/cli.ts";
import { listen, type Loopback } from "./helpers/loopback.ts";
import { codes, type Report } from "./helpers/report.ts";
import { ORIGIN, credentialedRedirect, recording } from "./helpers/scenarios.ts";

/** A TCP server that answers every request with these exact bytes (no HTTP library to tidy them). */
async function rawServer(bytes: string): Promise<Loopback> {
  const server = net.createServer((socket) => {
    socket.on("data", () => socket.end(Buffer.from(bytes, "latin1")));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function run(server: Loopback, ...args: string[]) {
  try {
    return await runInProcess(["check", `${server.url}/x`, "--origin", ORIGIN, ...args]);
  } finally {
    await server.close();
  }
}

// ESC, BEL and the one-byte CSI (U+009B) a terminal would act on.
const RAW_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE = "HTTP/1.1 500 Oops\x1b[2J\x1b]0;owned\x07\r\ncontent-type: text/html\r\nserver: evil\x9b31m\r\nx-b: \x9b2J\r\ncontent-length: 28\r\n\r\n<h1>\x1b[31mred\x1b[0m</h1>\x9b2Jxxxxx";

describe("server text is printed with control characters escaped", () => {
  it("status text, header values and the body, in the human report", async () => {
    const out = await run(await rawServer(HOSTILE));
    expect(out.status).toBe(1);
    expect(out.stdout).not.toMatch(RAW_CONTROLS);
    expect(out.stdout).toContain("500 Oops\\x1b[2J\\x1b]0;owned\\x07");
    expect(out.stdout).toContain("server: evil\\x9b31m");
    expect(out.stdout).toContain("<h1>\\x1b[31mred\\x1b[0m</h1>");
  });

  it("and in --json, where DEL and C1 become \\u escapes that parse back to the same text", async () => {
    const out = await run(await rawServer(HOSTILE), "--json");
    expect(out.stdout).not.toMatch(RAW_CONTROLS);
    const report = JSON.parse(out.stdout) as Report;
    expect(report.actual.hops[0]?.response?.headers.server).toBe("evil\u009b31m");
  });

  it("and in what explain repeats from a pasted message", async () => {
    const out = await runInProcess(["explain", "Access to fetch at 'http://a.example/\u009b2J' from origin 'http://b.example' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."]);
    expect(out.stdout).not.toMatch(RAW_CONTROLS);
  });
});

describe("a --credentials cookie goes only to the host it belongs to", () => {
  const redirectTo = (location: string) => recording(credentialedRedirect(location));
  const target = () => recording((request, response) => {
    response.setHeader("access-control-allow-origin", request.headers.origin ?? "");
    response.setHeader("access-control-allow-credentials", "true");
    response.end("ok");
  });

  it("never to a redirect target on another host", async () => {
    const final = target();
    const other = await listen(final.handler);
    const first = redirectTo(`${other.url.replace("127.0.0.1", "localhost")}/final`);
    const api = await listen(first.handler);
    try {
      const out = await runInProcess(["check", `${api.url}/start`, "--origin", ORIGIN, "--credentials", "-H", "Cookie: session=s3cret", "--json"]);
      expect(first.requests[0]?.headers.cookie).toBe("session=s3cret");
      expect(final.requests).toHaveLength(1);
      expect(final.requests[0]?.headers.cookie).toBeUndefined();
      expect((JSON.parse(out.stdout) as Report).notes.join(" ")).toContain("The cookie was not sent to localhost");
    } finally {
      await api.close();
      await other.close();
    }
  });

  it("but to the same host on another port, as a browser does (cookies are not scoped by port)", async () => {
    const final = target();
    const other = await listen(final.handler);
    const api = await listen(redirectTo(`${other.url}/final`).handler);
    try {
      await runInProcess(["check", `${api.url}/start`, "--origin", ORIGIN, "--credentials", "-H", "Cookie: session=1", "--json"]);
      expect(final.requests[0]?.headers.cookie).toBe("session=1");
    } finally {
      await api.close();
      await other.close();
    }
  });
});

describe("--timeout bounds the whole run, redirects included", () => {
  it("a server that redirects slowly, each hop within the limit, is cut off by the total", async () => {
    const slow = recording((request, response) => {
      setTimeout(() => {
        response.setHeader("access-control-allow-origin", ORIGIN);
        response.statusCode = 302;
        response.setHeader("location", "/again");
        response.end();
      }, 400);
    });
    const server = await listen(slow.handler);
    try {
      const out = await runInProcess(["check", `${server.url}/x`, "--origin", ORIGIN, "--timeout", "1", "--json"]);
      const report = JSON.parse(out.stdout) as Report;
      expect(out.status).toBe(1);
      expect(report.problems.filter((p) => p.severity === "error").map((p) => p.code)).toEqual(["unreachable"]);
      expect(report.console).toContain("net::ERR_TIMED_OUT");
      // 21 hops would follow without a total; a second holds two or three of them.
      expect(slow.requests.length).toBeLessThanOrEqual(3);
    } finally {
      await server.close();
    }
  });

  it("a body that never ends does not hold the report", async () => {
    const server = net.createServer((socket) => {
      socket.on("data", () => socket.write(`HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\naccess-control-allow-origin: ${ORIGIN}\r\n\r\n5\r\nstart\r\n`));
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const out = await runInProcess(["check", `http://127.0.0.1:${port}/x`, "--origin", ORIGIN, "--timeout", "3", "--json"]);
      const report = JSON.parse(out.stdout) as Report;
      expect(report.actual.hops[0]?.response).toMatchObject({ status: 404, body: "start" });
    } finally {
      server.close();
    }
  });
});

describe("broken and huge answers get a clear report", () => {
  it.each([
    ["not HTTP at all", "SSH-2.0-OpenSSH_9.2\r\n", "net::ERR_INVALID_HTTP_RESPONSE"],
    ["a header value with ESC, which the HTTP parser refuses", "HTTP/1.1 200 OK\r\nx-a: a\x1bb\r\ncontent-length: 0\r\n\r\n", "net::ERR_INVALID_HTTP_RESPONSE"],
    ["100 KB of headers", `HTTP/1.1 200 OK\r\nx-big: ${"a".repeat(100_000)}\r\ncontent-length: 0\r\n\r\n`, "net::ERR_RESPONSE_HEADERS_TOO_BIG"],
    ["a connection closed without an answer", "", "net::ERR_EMPTY_RESPONSE"],
  ])("%s: unreachable, %s", async (_, bytes, chrome) => {
    const out = await run(await rawServer(bytes), "--json");
    const report = JSON.parse(out.stdout) as Report;
    expect(out.status).toBe(1);
    expect(codes(report)).toEqual(["unreachable"]);
    expect(report.console).toContain(chrome);
  });

  it("an Access-Control-Allow-Origin of 500 comma-separated values is one multiple-allow-origin", async () => {
    const bomb = Array.from({ length: 500 }, () => ORIGIN).join(",");
    const out = await run(await rawServer(`HTTP/1.1 200 OK\r\naccess-control-allow-origin: ${bomb}\r\ncontent-length: 0\r\n\r\n`), "--json");
    expect(codes(JSON.parse(out.stdout) as Report)).toEqual(["multiple-allow-origin"]);
  });
});
