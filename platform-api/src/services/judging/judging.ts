import { buildFunctionRun, type RunRequest, type RunResponse, type TestResult } from "@codeground/sandbox";
import type { Judge, TestOutcome, Verdict } from "@codeground/sdk";
import { buildSqlRun, shownTable } from "./sql-run.js";

/** What judging needs of a problem (the problems service's record satisfies it). */
export interface JudgedProblem {
  id: string;
  slug: string;
  languages: string[];
  limits: { timeMs: number; memoryMb: number };
  judge: Judge;
  version: number;
}

/** One test as the problems service hands it out for judging. */
export interface JudgedTest {
  ordinal: number;
  name: string | null;
  /** stdin (stdio mode); SQL run before the query (sql mode). */
  input: string;
  /** Arguments (function mode). */
  args: unknown[] | null;
  /** Expected stdout (stdio) or return value (function mode). */
  expected: unknown;
  sample: boolean;
}

/** A test's stored outcome: what `submission_results` keeps and `TestOutcome` shows. */
export interface StoredOutcome {
  ordinal: number;
  name: string | null;
  verdict: Verdict;
  time_ms: number;
  wall_ms: number;
  memory_kb: number;
  exit_code: number | null;
  hidden: boolean;
  /** Sample tests only. */
  input: string | null;
  expected: string | null;
  stdout: string | null;
  stderr: string | null;
}

const SHOWN_OUTPUT = 16 * 1024;
const SHOWN_MESSAGE = 4000;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}\n… (cut)` : text);

/**
 * The sandbox request for some of a problem's tests. Each test's id is its position in `tests`,
 * so results map back without trusting anything else.
 */
export function runRequestFor(
  problem: JudgedProblem,
  tests: JudgedTest[],
  language: string,
  code: string,
): RunRequest {
  const limits = { timeMs: problem.limits.timeMs, memoryMb: problem.limits.memoryMb };
  if (problem.judge.mode === "function") {
    return buildFunctionRun({
      language,
      signature: problem.judge.function,
      code,
      tests: tests.map((t, i) => ({ id: String(i), args: t.args ?? [], expected: t.expected })),
      ...(problem.judge.tolerance !== undefined ? { tolerance: problem.judge.tolerance } : {}),
      limits,
    });
  }
  if (problem.judge.mode === "sql") {
    return buildSqlRun({
      language,
      judge: problem.judge,
      code,
      tests: tests.map((t, i) => ({ id: String(i), input: t.input, expected: t.expected })),
      limits,
    });
  }
  return {
    language,
    code,
    tests: tests.map((t, i) => ({ id: String(i), stdin: t.input, expected: String(t.expected) })),
    compare: problem.judge.compare,
    limits,
  };
}

/**
 * How a test's data reads for people: stdin as is; function arguments and results as JSON; an SQL
 * test's own SQL as is and its expected table as the query prints it.
 */
function shown(problem: JudgedProblem, test: JudgedTest) {
  if (problem.judge.mode === "function") {
    return { input: JSON.stringify(test.args ?? []), expected: JSON.stringify(test.expected) };
  }
  if (problem.judge.mode === "sql") return { input: test.input, expected: shownTable(test.expected) };
  return { input: test.input, expected: String(test.expected) };
}

/** A test's outcome from its sandbox result; a hidden test keeps nothing of its data or output. */
export function outcomeOf(
  problem: JudgedProblem,
  test: JudgedTest,
  result: TestResult | undefined,
): StoredOutcome {
  const sample = test.sample;
  const data = sample ? shown(problem, test) : { input: null, expected: null };
  return {
    ordinal: test.ordinal,
    name: test.name,
    verdict: result?.verdict ?? "internal_error",
    time_ms: result?.timeMs ?? 0,
    wall_ms: result?.wallMs ?? 0,
    memory_kb: result?.memoryKb ?? 0,
    exit_code: result?.exitCode ?? null,
    hidden: !sample,
    ...data,
    stdout: sample && result ? clip(result.stdout, SHOWN_OUTPUT) : null,
    stderr: sample && result ? clip(result.stderr, SHOWN_OUTPUT) : null,
  };
}

/** The wire form of a stored outcome; fields a hidden test must not show are simply absent. */
export function outcomeView(row: StoredOutcome & { position?: number }): TestOutcome {
  const sample = !row.hidden;
  return {
    index: row.ordinal,
    ...(row.name ? { name: row.name } : {}),
    sample,
    verdict: row.verdict,
    timeMs: row.time_ms,
    memoryKb: row.memory_kb,
    ...(sample && row.input !== null ? { input: row.input } : {}),
    ...(sample && row.expected !== null ? { expected: row.expected } : {}),
    ...(sample && row.stdout !== null ? { stdout: row.stdout } : {}),
    ...(sample && row.stderr !== null ? { stderr: row.stderr } : {}),
  };
}

export interface Judgement {
  verdict: Verdict;
  message: string | null;
  outcomes: StoredOutcome[];
  passed: number;
  total: number;
  timeMs: number;
  memoryKb: number;
}

/**
 * The overall result: the first test (in order) that was not accepted decides the verdict;
 * a compile failure or an internal error decides it before any test.
 */
export function judgementOf(problem: JudgedProblem, tests: JudgedTest[], response: RunResponse): Judgement {
  const results = new Map((response.tests ?? []).map((r) => [r.id, r]));
  const compiled = response.status !== "compilation_error" || response.tests !== undefined;
  const outcomes = compiled ? tests.map((t, i) => outcomeOf(problem, t, results.get(String(i)))) : [];
  const firstFailure = outcomes.find((o) => o.verdict !== "accepted")?.verdict;
  const verdict: Verdict =
    response.status === "compilation_error" || (response.status === "internal_error" && !response.tests)
      ? response.status
      : (firstFailure ?? "accepted");
  let message: string | null = response.message ?? null;
  if (verdict === "compilation_error") {
    const output = `${response.compile?.stderr ?? ""}${response.compile?.stdout ?? ""}`.trim();
    message = clip(output || "The code did not compile.", SHOWN_MESSAGE);
  }
  return {
    verdict,
    message,
    outcomes,
    passed: outcomes.filter((o) => o.verdict === "accepted").length,
    total: tests.length,
    timeMs: Math.max(0, ...outcomes.map((o) => o.time_ms)),
    memoryKb: Math.max(0, ...outcomes.map((o) => o.memory_kb)),
  };
}
