import { z } from "zod";

/** Language ids the sandbox knows; problems list the ones they allow. */
export const LanguageId = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z][a-z0-9+#-]*$/, "use a language id such as python or cpp");
export type LanguageId = z.infer<typeof LanguageId>;

/** Languages that can host a function-mode harness; the others (C, Lua, R, Haskell, Bash, Perl, Pascal, Fortran, OCaml) are stdio only, SQL has its own mode. */
export const FUNCTION_MODE_LANGUAGES = [
  "python",
  "javascript",
  "typescript",
  "java",
  "cpp",
  "go",
  "rust",
  "kotlin",
  "csharp",
  "ruby",
  "php",
  "scala",
] as const;

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

/** Languages that judge SQL problems: the learner writes one query. */
export const SQL_MODE_LANGUAGES = ["sqlite"] as const;

/**
 * One file of an SQL problem's database: `.sql` statements (the schema, rows), or `.csv` rows of
 * the table named after the file (first row: column names; empty fields are empty strings, so
 * NULLs go in `.sql` files).
 */
export const DatabaseFile = z
  .object({
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}\.(sql|csv)$/,
        "use a name such as schema.sql or orders.csv (letters, digits, '_' and '-')",
      ),
    content: z.string().max(4 * 1024 * 1024),
  })
  .strict();
export type DatabaseFile = z.infer<typeof DatabaseFile>;

const DATABASE_BYTES = 8 * 1024 * 1024;

/**
 * An SQL query's expected result: the column names (compared ignoring ASCII case) and the rows —
 * text, numbers (integers exactly, reals within 1e-9; 2 matches 2.0), `null` (never the same as
 * '' or 'NULL'), booleans as 1 and 0.
 */
export const SqlTable = z
  .object({
    columns: z.array(z.string().min(1).max(255)).min(1).max(64),
    rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).max(64)).max(100_000),
  })
  .strict()
  .superRefine((table, ctx) => {
    table.rows.forEach((row, i) => {
      if (row.length !== table.columns.length) {
        ctx.addIssue({
          code: "custom",
          path: ["rows", i],
          message: `a row has ${table.columns.length} value(s), one per column`,
        });
      }
    });
  });
export type SqlTable = z.infer<typeof SqlTable>;

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
  /**
   * SQL: the learner writes a query; each test runs it on a fresh copy of `database` (after the
   * test's own `input` SQL, if any) and compares the result with the test's `expected` table.
   */
  z
    .object({
      mode: z.literal("sql"),
      /** Whether the rows' order counts (the statement asks for an ORDER BY); else any order. */
      ordered: z.boolean().default(false),
      /** Built in this order, once per submission. Learners see it: it is the schema they query. */
      database: z
        .array(DatabaseFile)
        .min(1)
        .max(16)
        .refine((files) => new Set(files.map((f) => f.name.toLowerCase())).size === files.length, {
          message: "database file names must be unique",
        })
        .refine((files) => files.reduce((n, f) => n + f.content.length, 0) <= DATABASE_BYTES, {
          message: "a problem's database files hold at most 8 MB together",
        }),
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
 * value per parameter) and `expected` (the JSON result). SQL mode: optional `input` (SQL run on the
 * problem's database before the query: the test's own rows) and `expected` (an `SqlTable`).
 * `sample` tests are shown to learners; the others are hidden and never leave the server in a
 * learner's response.
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
    languages: z.array(LanguageId).min(1).max(32),
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
      } else if (doc.judge.mode === "sql") {
        const table = SqlTable.safeParse(test.expected);
        if (test.args !== undefined || !table.success) {
          ctx.addIssue({
            code: "custom",
            path: ["tests", i],
            message: `an SQL test has an optional \`input\` (SQL run before the query) and an \`expected\` table { columns, rows }, no \`args\`${table.success ? "" : `: ${table.error.issues[0]?.message}`}`,
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
    if (doc.judge.mode === "sql") {
      for (const language of doc.languages) {
        if (!(SQL_MODE_LANGUAGES as readonly string[]).includes(language)) {
          ctx.addIssue({
            code: "custom",
            path: ["languages"],
            message: `an SQL problem is for ${SQL_MODE_LANGUAGES.join(", ")}; not ${language}`,
          });
        }
      }
    }
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

/** `GET /problems` query: filters, a title/slug search, and a cursor page. */
export const ProblemQuery = z.object({
  difficulty: Difficulty.optional(),
  category: Slug.optional().describe("A category slug, e.g. arrays."),
  language: LanguageId.optional().describe("Only problems that accept this language."),
  q: z.string().trim().min(1).max(100).optional().describe("Words in the title or slug."),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional().describe("`nextCursor` of the previous page."),
});
export type ProblemQuery = z.input<typeof ProblemQuery>;

/** `GET /problems/:slug` query: `include=solutions` for the problem's author and admins. */
export const ProblemDetailQuery = z.object({
  include: z.enum(["solutions"]).optional().describe("`solutions`: the reference solutions (authors only)."),
});

const Visibility = z.enum(["public", "private"]);

/** A problem in a list. */
export const ProblemSummary = z.object({
  slug: z.string(),
  title: z.string(),
  difficulty: Difficulty,
  categories: z.array(z.string()),
  languages: z.array(z.string()),
  judgeMode: z.enum(["stdio", "function", "sql"]),
  visibility: Visibility,
  /** The author's user id; null for the built-in bank. */
  authorId: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ProblemSummary = z.infer<typeof ProblemSummary>;

export const ProblemPage = z.object({
  items: z.array(ProblemSummary),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type ProblemPage = z.infer<typeof ProblemPage>;

/** A sample test as learners see it: stdio `input`, or function `args`, and the `expected` result. */
export const ProblemSample = z.object({
  name: z.string().nullable(),
  input: z.string().optional(),
  args: z.array(JsonValue).optional(),
  expected: JsonValue,
});
export type ProblemSample = z.infer<typeof ProblemSample>;

/** One problem as a learner sees it: sample tests only, never hidden ones or solutions. */
export const ProblemView = z.object({
  slug: z.string(),
  title: z.string(),
  /** Markdown, as the author wrote it. */
  statement: z.string(),
  /** The statement rendered to sanitised HTML, safe to insert into a page. */
  statementHtml: z.string(),
  difficulty: Difficulty,
  categories: z.array(z.string()),
  languages: z.array(z.string()),
  limits: z.object({ timeMs: z.number().int(), memoryMb: z.number().int() }),
  judge: Judge,
  starter: z.record(z.string(), z.string()),
  samples: z.array(ProblemSample),
  /** All tests, samples and hidden ones together. */
  testCount: z.number().int(),
  visibility: Visibility,
  authorId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Whether the caller may change or delete it. */
  editable: z.boolean(),
  /** Reference solutions: only with `?include=solutions`, only for the author and admins. */
  solutions: z.record(z.string(), z.string()).optional(),
});
export type ProblemView = z.infer<typeof ProblemView>;

/** `POST /problems/import` (JSON; a YAML body with the same shape works too). */
export const ProblemImportRequest = z.object({ problems: z.array(ProblemDocument).min(1).max(100) }).strict();
export type ProblemImportRequest = z.input<typeof ProblemImportRequest>;

export const ProblemImportResult = z.object({
  problems: z.array(
    z.object({
      /** Position in the request's list. */
      index: z.number().int(),
      slug: z.string(),
      action: z.enum(["created", "updated"]),
      version: z.number().int(),
    }),
  ),
});
export type ProblemImportResult = z.infer<typeof ProblemImportResult>;

/** `GET /problems/export` query. */
export const ProblemExportQuery = z.object({
  format: z.enum(["json", "yaml"]).default("json"),
  slug: z
    .string()
    .max(4000)
    .optional()
    .describe("Comma-separated slugs; default: every problem you own (admins: every problem)."),
});

/** What `GET /problems/export` answers (as JSON or YAML): ready for `POST /problems/import`. */
export const ProblemExport = z.object({ problems: z.array(ProblemDocument) });
export type ProblemExport = z.output<typeof ProblemExport>;
