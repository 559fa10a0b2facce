// docs/console-messages.md is checked against fetch-cors explain: each message it shows is
// recognised with the code it gives, and every code explain can give appears in it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { explain } from "../../cli/explain/explain.ts";

const guide = readFileSync(new URL("../../docs/console-messages.md", import.meta.url), "utf8");
const entries = [...guide.matchAll(/^### (.+)\n\n```text\n(.+)\n```\n\n- \*\*Code:\*\* `([a-z-]+)`/gm)].map((m) => [m[1] ?? "", m[2] ?? "", m[3] ?? ""] as const);

describe("docs/console-messages.md", () => {
  it("shows at least 50 message forms", () => {
    expect(entries.length).toBeGreaterThanOrEqual(50);
  });

  it.each(entries)("%s: explain gives the code the guide names", (_, text, code) => {
    const answer = explain(text);
    expect("recognised" in answer ? null : answer.code).toBe(code);
  });

  it("names every code explain gives", () => {
    const codes = new Set(entries.map(([, , code]) => code));
    for (const code of ["preflight-redirect", "preflight-status", "missing-allow-origin", "multiple-allow-origin", "origin-mismatch", "wildcard-with-credentials", "missing-allow-credentials", "method-not-allowed", "header-not-allowed", "invalid-allow-methods", "invalid-allow-headers", "unreachable", "redirect-refused", "not-http", "cors-disabled", "origin-not-sent", "local-network-access"]) {
      expect(codes, code).toContain(code);
    }
  });
});
