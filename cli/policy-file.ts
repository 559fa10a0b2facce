// `fetch-cors check --policy policy.json`: validates a policy file offline with the library's own corsPolicy().
import { CorsConfigError, corsPolicy, type CorsOptions, type CorsProblem } from "../src/index.ts";

export interface PolicyReport {
  readonly file: string;
  readonly valid: boolean;
  /** Every problem corsPolicy() reports (plus the file's own: not JSON, not an object). */
  readonly problems: readonly CorsProblem[];
  /** The options after canonicalisation, when valid. */
  readonly policy?: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
}

function invalid(file: string, problem: CorsProblem): PolicyReport {
  return { file, valid: false, problems: [problem], notes: [] };
}

/** Validates the text of a policy file. Never throws. */
export function checkPolicyText(file: string, text: string): PolicyReport {
  let options: unknown;
  try {
    options = JSON.parse(text);
  } catch (error) {
    return invalid(file, { option: "(file)", value: null, code: "invalid-json", message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    return invalid(file, { option: "(file)", value: options, code: "invalid-type", message: 'expected an object such as { "origins": ["https://app.example.com"] }' });
  }
  const fileProblems: CorsProblem[] = [];
  const record = { ...(options as Record<string, unknown>) };
  // JSON holds no functions: origins is "*" or a list, and onReject belongs in code.
  if ("onReject" in record) {
    fileProblems.push({ option: "onReject", value: record.onReject, code: "not-in-json", message: "is a function: set it in code, not in a JSON policy file" });
    delete record.onReject;
  }
  if (typeof record.origins === "string" && record.origins !== "*") {
    fileProblems.push({ option: "origins", value: record.origins, code: "invalid-type", message: `must be "*" or a list; write "origins": [${JSON.stringify(record.origins)}]` });
    record.origins = [];
  }
  try {
    const policy = corsPolicy(record as unknown as CorsOptions);
    if (fileProblems.length > 0) return { file, valid: false, problems: fileProblems, notes: [] };
    const notes: string[] = [];
    const maxAge = policy.options.maxAge;
    if (maxAge !== undefined && maxAge > 7200) notes.push(`maxAge ${maxAge}: Chrome caches preflights for at most 7200 s (Firefox 86400).`);
    return { file, valid: true, problems: [], policy: { ...policy.options }, notes };
  } catch (error) {
    const problems = CorsConfigError.is(error) ? error.problems : [{ option: "(policy)", value: null, code: "error", message: String(error) }];
    const emptyOrigins = fileProblems.some((p) => p.option === "origins");
    return { file, valid: false, problems: [...fileProblems, ...problems.filter((p) => !(emptyOrigins && p.option === "origins"))], notes: [] };
  }
}

function show(value: unknown): string {
  if (typeof value === "function") return "(function)";
  return JSON.stringify(value) ?? String(value);
}

/** The report as text for a terminal. */
export function formatPolicyReport(report: PolicyReport): string {
  const lines: string[] = [];
  if (report.valid) {
    lines.push(`${report.file}: valid policy`);
    for (const [option, value] of Object.entries(report.policy ?? {})) lines.push(`  ${option}: ${show(value)}`);
  } else {
    const count = report.problems.length === 1 ? "1 problem" : `${report.problems.length} problems`;
    lines.push(`${report.file}: invalid policy (${count})`);
    for (const problem of report.problems) lines.push(`  - ${problem.option}: ${problem.message}  [${problem.code}]`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return `${lines.join("\n")}\n`;
}
