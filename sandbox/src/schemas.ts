import { z } from "zod";
import { parseSqlTable } from "./runner/sql-table.js";

/** The verdict vocabulary shared by a run's `status` and each test's `verdict`. */
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

/** Relative path inside the work folder: no absolute paths, no "..", no hidden tricks. */
const FileName = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*){0,3}$/,
    "use letters, digits, '_', '-' and '.', optionally in up to 3 sub-folders, not starting with '.' or '/'",
  )
  .refine((name) => !name.split("/").some((part) => part === ".." || part === "."), "must not contain '..'");

export const SourceFile = z.object({
  name: FileName,
  content: z.string().max(1024 * 1024),
});
export type SourceFile = z.infer<typeof SourceFile>;

export const Limits = z
  .object({
    timeMs: z.number().int().positive().optional(),
    memoryMb: z.number().int().positive().optional(),
    outputKb: z.number().int().positive().optional(),
  })
  .strict();
export type Limits = z.infer<typeof Limits>;

export const Compare = z.union([
  z.enum(["exact", "trim", "tokens"]),
  z.object({ float: z.number().nonnegative().max(1) }).strict(),
  /**
   * SQL result tables in SQLite's quote mode with headers (see runner/sql-table.ts): columns by
   * name, rows in order when `ordered`, else as a multiset.
   */
  z.object({ table: z.object({ ordered: z.boolean() }).strict() }).strict(),
]);
export type Compare = z.infer<typeof Compare>;

const Args = z.array(z.string().max(4096)).max(64);
const Stdin = z.string().max(8 * 1024 * 1024);

export const TestCase = z
  .object({
    id: z.union([z.string().min(1).max(128), z.number().int()]).transform(String),
    stdin: Stdin.optional(),
    args: Args.optional(),
    expected: z
      .string()
      .max(8 * 1024 * 1024)
      .optional(),
  })
  .strict();
export type TestCase = z.infer<typeof TestCase>;

export const RunRequest = z
  .object({
    language: z.string().min(1).max(32),
    files: z.array(SourceFile).min(1).max(32).optional(),
    code: z
      .string()
      .max(1024 * 1024)
      .optional(),
    stdin: Stdin.optional(),
    args: Args.optional(),
    limits: Limits.optional(),
    tests: z.array(TestCase).min(1).max(200).optional(),
    compare: Compare.optional(),
  })
  .strict()
  .refine((r) => (r.files === undefined) !== (r.code === undefined), {
    message: "send either `files` or `code`, not both and not neither",
    path: ["files"],
  })
  .refine((r) => !r.files || new Set(r.files.map((f) => f.name)).size === r.files.length, {
    message: "file names must be unique",
    path: ["files"],
  })
  .refine((r) => !r.tests || new Set(r.tests.map((t) => t.id)).size === r.tests.length, {
    message: "test ids must be unique",
    path: ["tests"],
  })
  .refine(
    (r) =>
      !(typeof r.compare === "object" && "table" in r.compare) ||
      (r.tests ?? []).every((t) => t.expected === undefined || parseSqlTable(t.expected) !== null),
    {
      message:
        "with the table compare, `expected` is a table in SQLite's quote mode: a header line, then rows",
      path: ["tests"],
    },
  );
export type RunRequest = z.input<typeof RunRequest>;
export type ParsedRunRequest = z.output<typeof RunRequest>;

export const Stage = z.object({
  stdout: z.string(),
  stderr: z.string(),
  /** null when the process was killed by a signal. */
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  /** CPU time (user + system) in milliseconds. */
  timeMs: z.number().int().nonnegative(),
  /** Wall-clock time in milliseconds. */
  wallMs: z.number().int().nonnegative(),
  /** Peak resident memory in KiB. */
  memoryKb: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type Stage = z.infer<typeof Stage>;

export const TestResult = z.object({
  id: z.string(),
  verdict: Verdict,
  timeMs: z.number().int().nonnegative(),
  wallMs: z.number().int().nonnegative(),
  memoryKb: z.number().int().nonnegative(),
  stdout: z.string(),
  stderr: z.string(),
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  truncated: z.boolean(),
});
export type TestResult = z.infer<typeof TestResult>;

export const RunResponse = z.object({
  status: Verdict,
  compile: Stage.optional(),
  run: Stage.optional(),
  tests: z.array(TestResult).optional(),
  /** A sentence for people when the status needs explaining (internal errors, limits). */
  message: z.string().optional(),
});
export type RunResponse = z.infer<typeof RunResponse>;

export const LanguageInfo = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  extensions: z.array(z.string()),
  compiled: z.boolean(),
});
export type LanguageInfo = z.infer<typeof LanguageInfo>;

// The error format is the platform's, defined once in the SDK's wire schemas.
export { ErrorBody, ErrorType } from "@codeground/sdk";
