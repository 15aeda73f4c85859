import { z } from "zod";

/** Language ids the sandbox knows; problems list the ones they allow. */
export const LanguageId = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z][a-z0-9+#-]*$/, "use a language id such as python or cpp");
export type LanguageId = z.infer<typeof LanguageId>;

/** Languages that can host a function-mode harness. C is stdio only. */
export const FUNCTION_MODE_LANGUAGES = ["python", "javascript", "typescript", "java", "cpp"] as const;

export const Slug = z
  .string()
  .min(2, "a slug has at least 2 characters")
  .max(100, "a slug has at most 100 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lowercase letters, digits and single hyphens, e.g. two-sum");

export const Difficulty = z.enum(["easy", "medium", "hard"]);
export type Difficulty = z.infer<typeof Difficulty>;

/** How a stdio program's output is compared with the expected output. */
export const CompareMode = z.union([
  z.enum(["exact", "trim", "tokens"]),
  z.object({ float: z.number().nonnegative().max(1) }).strict(),
]);
export type CompareMode = z.infer<typeof CompareMode>;

/**
 * A value type in a function signature: `int` (32-bit), `long` (64-bit), `float`, `bool`, `string`,
 * and arrays of them up to two levels (`int[]`, `string[][]`).
 */
export const ValueType = z
  .string()
  .regex(
    /^(int|long|float|bool|string)(\[\]){0,2}$/,
    "use int, long, float, bool or string, optionally with [] or [][]",
  );
export type ValueType = z.infer<typeof ValueType>;

const Identifier = z
  .string()
  .regex(/^[a-z_][A-Za-z0-9_]{0,39}$/, "use a lower-camel or snake-case identifier of at most 40 characters");

export const FunctionSignature = z
  .object({
    name: Identifier,
    params: z.array(z.object({ name: Identifier, type: ValueType }).strict()).max(8),
    returns: ValueType,
  })
  .strict()
  .refine((f) => new Set(f.params.map((p) => p.name)).size === f.params.length, {
    message: "parameter names must be unique",
    path: ["params"],
  });
export type FunctionSignature = z.infer<typeof FunctionSignature>;

export const Judge = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("stdio"), compare: CompareMode.default("tokens") }).strict(),
  z
    .object({
      mode: z.literal("function"),
      function: FunctionSignature,
      /** Tolerance for `float` results (absolute or relative); 1e-6 by default. */
      tolerance: z.number().nonnegative().max(1).optional(),
    })
    .strict(),
]);
export type Judge = z.infer<typeof Judge>;

export const ProblemLimits = z
  .object({
    timeMs: z.number().int().min(100).max(20_000).default(2000),
    memoryMb: z.number().int().min(16).max(1024).default(256),
  })
  .strict();

/** JSON values as tests carry them (function arguments and results). */
export const JsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
);

/**
 * One test. Stdio mode: `input` (stdin) and `expected` (stdout text). Function mode: `args` (one JSON
 * value per parameter) and `expected` (the JSON result). `sample` tests are shown to learners; the
 * others are hidden and never leave the server in a learner's response.
 */
export const ProblemTest = z
  .object({
    name: z.string().max(100).optional(),
    input: z
      .string()
      .max(8 * 1024 * 1024)
      .optional(),
    args: z.array(JsonValue).max(8).optional(),
    expected: JsonValue,
    sample: z.boolean().default(false),
  })
  .strict();
export type ProblemTest = z.infer<typeof ProblemTest>;

const Code = z.string().max(256 * 1024);

/** A problem as authors write, import and export it. */
export const ProblemDocument = z
  .object({
    slug: Slug,
    title: z.string().trim().min(1).max(255),
    statement: z
      .string()
      .min(1)
      .max(64 * 1024),
    difficulty: Difficulty,
    categories: z.array(Slug).max(10).default([]),
    languages: z.array(LanguageId).min(1).max(16),
    limits: ProblemLimits.default({ timeMs: 2000, memoryMb: 256 }),
    judge: Judge,
    starter: z.record(LanguageId, Code).default({}),
    tests: z.array(ProblemTest).min(1).max(200),
    /** Reference solutions per language: authors only, never sent to learners. */
    solutions: z.record(LanguageId, Code).optional(),
    /** Private problems are visible to their owner and to the embeds that list them. */
    visibility: z.enum(["public", "private"]).default("public"),
  })
  .strict()
  .superRefine((doc, ctx) => {
    if (new Set(doc.languages).size !== doc.languages.length) {
      ctx.addIssue({ code: "custom", path: ["languages"], message: "list each language once" });
    }
    if (!doc.tests.some((t) => t.sample)) {
      ctx.addIssue({ code: "custom", path: ["tests"], message: "mark at least one test as a sample" });
    }
    for (const [field, record] of [
      ["starter", doc.starter],
      ["solutions", doc.solutions ?? {}],
    ] as const) {
      for (const language of Object.keys(record)) {
        if (!doc.languages.includes(language)) {
          ctx.addIssue({
            code: "custom",
            path: [field, language],
            message: `${language} is not in this problem's languages`,
          });
        }
      }
    }
    doc.tests.forEach((test, i) => {
      if (doc.judge.mode === "stdio") {
        if (test.args !== undefined || typeof test.expected !== "string") {
          ctx.addIssue({
            code: "custom",
            path: ["tests", i],
            message: "a stdio test has `input` and a string `expected`, no `args`",
          });
        }
      } else {
        const arity = doc.judge.function.params.length;
        if (test.input !== undefined || test.args?.length !== arity) {
          ctx.addIssue({
            code: "custom",
            path: ["tests", i, "args"],
            message: `a function test has \`args\` with ${arity} value(s), no \`input\``,
          });
        }
      }
    });
    if (doc.judge.mode === "function") {
      for (const language of doc.languages) {
        if (!(FUNCTION_MODE_LANGUAGES as readonly string[]).includes(language)) {
          ctx.addIssue({
            code: "custom",
            path: ["languages"],
            message: `${language} supports only stdio problems`,
          });
        }
      }
    }
  });
export type ProblemDocument = z.output<typeof ProblemDocument>;
export type ProblemDocumentInput = z.input<typeof ProblemDocument>;
