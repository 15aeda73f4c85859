import { formatSqlTable, type RunRequest } from "@codeground/sandbox";
import { type Judge, SqlTable } from "@codeground/sdk";

type SqlJudge = Extract<Judge, { mode: "sql" }>;

/** One SQL test: the SQL run before the query (the test's own rows), and the expected table. */
export interface SqlTest {
  id: string;
  input?: string | undefined;
  expected: unknown;
}

/** The learner's query, by the name the sqlite image's build-sql and run-sql read it from. */
export const QUERY_FILE = "query.sql";

/**
 * A problem's database files as the run carries them: `db/01/<name>`, `db/02/<name>`…, so the
 * image builds them in the author's order (a `.csv` file fills the table named after it).
 */
export const databaseFiles = (judge: SqlJudge) =>
  judge.database.map((file, i) => ({
    name: `db/${String(i + 1).padStart(2, "0")}/${file.name}`,
    content: file.content,
  }));

/** How learners read an expected table: as the judged query prints it (quote mode, header first). */
export const shownTable = (expected: unknown): string => formatSqlTable(SqlTable.parse(expected));

/**
 * The sandbox run that judges a query: the database is built once (the compile step), then each
 * test runs the query with `--judge` on a fresh copy after the test's own SQL, and the printed
 * table is compared with the expected one, in order or as a multiset as the problem says.
 */
export function buildSqlRun(options: {
  language: string;
  judge: SqlJudge;
  code: string;
  tests: SqlTest[];
  limits: { timeMs: number; memoryMb: number };
}): RunRequest {
  return {
    language: options.language,
    files: [{ name: QUERY_FILE, content: options.code }, ...databaseFiles(options.judge)],
    tests: options.tests.map((t) => ({
      id: t.id,
      stdin: t.input ?? "",
      args: ["--judge"],
      expected: shownTable(t.expected),
    })),
    compare: { table: { ordered: options.judge.ordered } },
    limits: options.limits,
  };
}
