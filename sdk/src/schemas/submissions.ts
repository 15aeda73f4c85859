import { z } from "zod";
import { AssignmentId } from "./assignments.js";
import { SubmissionFeedback } from "./chat.js";
import { LanguageId, Slug } from "./problems.js";

/** The judge's vocabulary, shared with the sandbox: a submission's `verdict` and each test's. */
export const Verdict = z.enum([
  "accepted",
  "wrong_answer",
  "compilation_error",
  "runtime_error",
  "time_limit_exceeded",
  "memory_limit_exceeded",
  "output_limit_exceeded",
  "internal_error",
]);
export type Verdict = z.infer<typeof Verdict>;

export const SubmissionState = z.enum(["queued", "running", "done"]);
export type SubmissionState = z.infer<typeof SubmissionState>;

/** Longest source accepted for a run, a submission or an execution (characters). */
export const MAX_CODE_LENGTH = 64 * 1024;

const Code = z
  .string()
  .min(1, "send the code to run")
  .max(MAX_CODE_LENGTH, `code is limited to ${MAX_CODE_LENGTH} characters`);

/**
 * `POST /problems/:slug/run` and `POST /problems/:slug/submissions`. `assignmentId` submits in an
 * assignment's context (its times, attempt and late policy apply); a run, which is not graded,
 * takes the same body and leaves it aside.
 */
export const SubmitRequest = z
  .object({ language: LanguageId, code: Code, assignmentId: AssignmentId.optional() })
  .strict();
export type SubmitRequest = z.infer<typeof SubmitRequest>;

/** `POST /executions`: a free-form program, run once. */
export const ExecutionRequest = z
  .object({
    language: LanguageId,
    code: Code,
    stdin: z
      .string()
      .max(256 * 1024)
      .optional(),
  })
  .strict();
export type ExecutionRequest = z.infer<typeof ExecutionRequest>;

/**
 * One test's outcome. `input`, `expected`, `stdout` and `stderr` are present for sample tests
 * only: a hidden test's data never leaves the server. Function-mode `input` is the arguments as
 * JSON, `expected` the expected result as JSON.
 */
export const TestOutcome = z.object({
  /** Position in the problem's tests, from 0. */
  index: z.number().int().nonnegative(),
  name: z.string().optional(),
  sample: z.boolean(),
  verdict: Verdict,
  /** CPU time in milliseconds. */
  timeMs: z.number().int().nonnegative(),
  /** Peak resident memory in KiB. */
  memoryKb: z.number().int().nonnegative(),
  input: z.string().optional(),
  expected: z.string().optional(),
  /** What the program printed (the actual output). */
  stdout: z.string().optional(),
  stderr: z.string().optional(),
});
export type TestOutcome = z.infer<typeof TestOutcome>;

/** A judged (or to-be-judged) submission. */
export const Submission = z.object({
  id: z.string(),
  /** The problem's slug. */
  problem: z.string(),
  language: z.string(),
  /** The assignment it counts for (`assignmentId` of the request, or the learner session's), or null. */
  assignmentId: z.string().nullable().optional(),
  state: SubmissionState,
  /**
   * True while queued because no sandbox node answered (one went away mid-run, or none is up):
   * it is judged once a node answers. Absent otherwise.
   */
  waitingForJudge: z.boolean().optional(),
  /** Once done: the first test verdict that is not `accepted`, or `accepted`. */
  verdict: Verdict.nullable(),
  /** What to know about the verdict: compiler output, or why judging failed. */
  message: z.string().nullable(),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Largest CPU time and memory of any test. */
  timeMs: z.number().int().nonnegative().nullable(),
  memoryKb: z.number().int().nonnegative().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  tests: z.array(TestOutcome),
  /** The latest AI feedback (`POST /submissions/:id/feedback`), once asked for. */
  feedback: SubmissionFeedback.nullable().optional(),
});
export type Submission = z.infer<typeof Submission>;

/** A submission in a list: no per-test results. */
export const SubmissionSummary = Submission.omit({ tests: true, feedback: true });
export type SubmissionSummary = z.infer<typeof SubmissionSummary>;

/** `GET /submissions` query: your own submissions, newest first. */
export const SubmissionQuery = z.object({
  problem: Slug.optional().describe("Only submissions to this problem (its slug)."),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional().describe("`nextCursor` of the previous page."),
});
export type SubmissionQuery = z.input<typeof SubmissionQuery>;

export const SubmissionPage = z.object({
  items: z.array(SubmissionSummary),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type SubmissionPage = z.infer<typeof SubmissionPage>;

/** `POST /problems/:slug/run`: the sample tests, judged at once. */
export const RunResult = z.object({
  verdict: Verdict,
  message: z.string().nullable(),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  timeMs: z.number().int().nonnegative(),
  memoryKb: z.number().int().nonnegative(),
  tests: z.array(TestOutcome),
});
export type RunResult = z.infer<typeof RunResult>;

/** One stage of a free-form execution. */
export const ExecutionStage = z.object({
  stdout: z.string(),
  stderr: z.string(),
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  timeMs: z.number().int().nonnegative(),
  wallMs: z.number().int().nonnegative(),
  memoryKb: z.number().int().nonnegative(),
  truncated: z.boolean(),
});

/** `POST /executions`: `status` is `accepted` when the program ran and exited 0. */
export const ExecutionResult = z.object({
  status: Verdict,
  message: z.string().nullable(),
  compile: ExecutionStage.optional(),
  run: ExecutionStage.optional(),
});
export type ExecutionResult = z.infer<typeof ExecutionResult>;

/**
 * `GET /submissions/:id/events` (Server-Sent Events): `state` with this, one `test` per finished
 * test (a `TestOutcome`), then `done` with the `Submission`, and the stream ends.
 */
export const SubmissionStateEvent = z.object({
  id: z.string(),
  state: SubmissionState,
  /** True while queued waiting for a sandbox node to answer. */
  waitingForJudge: z.boolean().optional(),
});
export type SubmissionStateEvent = z.infer<typeof SubmissionStateEvent>;
