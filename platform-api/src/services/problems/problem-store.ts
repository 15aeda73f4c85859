import { randomUUID } from "node:crypto";
import type { Difficulty, Judge, ProblemDocument } from "@codeground/sdk";
import type { Knex } from "knex";
import { categoryName, parseExpected, storedExpected } from "./problem-documents.js";

/** A `problems` row as the database returns it: JSON columns are text. */
export interface ProblemRow {
  id: string;
  slug: string;
  /** The course it belongs to (a private problem is that course's), or null. */
  course_id?: string | null;
  title: string;
  statement: string;
  difficulty: string;
  languages: string;
  limits: string;
  judge: string;
  starter: string;
  author_id: string | null;
  visibility: string;
  solutions: string | null;
  version: number | string;
  created_at: string;
  updated_at: string;
}

/** A problem, parsed: what the services (and judging) work with. */
export interface ProblemRecord {
  id: string;
  slug: string;
  title: string;
  statement: string;
  difficulty: Difficulty;
  categories: string[];
  languages: string[];
  limits: { timeMs: number; memoryMb: number };
  judge: Judge;
  starter: Record<string, string>;
  /** Reference solutions: for the author and admins only. */
  solutions: Record<string, string> | null;
  visibility: "public" | "private";
  authorId: string | null;
  /** The course it belongs to: a private problem is visible to that course's members and learners. */
  courseId: string | null;
  /** Bumped by every update; submissions record the version they were judged against. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One test with everything the judge needs, hidden ones included. */
export interface StoredTest {
  id: string;
  /** Position in the problem's list, from 0. */
  ordinal: number;
  name: string | null;
  /** stdin; empty in function mode. */
  input: string;
  /** The function's arguments (function mode), else null. */
  args: unknown[] | null;
  /** The expected stdout (stdio), or the expected return value (function mode). */
  expected: unknown;
  sample: boolean;
}

const asBoolean = (v: unknown) => v === true || v === 1 || v === "1" || v === "true";

export function recordOf(row: ProblemRow, categories: string[]): ProblemRecord {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    statement: row.statement,
    difficulty: row.difficulty as Difficulty,
    categories,
    languages: JSON.parse(row.languages),
    limits: JSON.parse(row.limits),
    judge: JSON.parse(row.judge),
    starter: JSON.parse(row.starter),
    solutions: row.solutions ? JSON.parse(row.solutions) : null,
    visibility: row.visibility === "private" ? "private" : "public",
    authorId: row.author_id,
    courseId: row.course_id ?? null,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const problemBySlug = (db: Knex, slug: string): Promise<ProblemRow | undefined> =>
  db<ProblemRow>("problems").where({ slug }).first();

/** Category slugs per problem id. */
export async function categoriesOf(db: Knex, problemIds: string[]): Promise<Map<string, string[]>> {
  const byProblem = new Map<string, string[]>(problemIds.map((id) => [id, []]));
  if (problemIds.length === 0) return byProblem;
  const rows: { problem_id: string; slug: string }[] = await db("problem_categories")
    .join("categories", "categories.id", "problem_categories.category_id")
    .whereIn("problem_categories.problem_id", problemIds)
    .orderBy("categories.slug")
    .select("problem_categories.problem_id", "categories.slug");
  for (const row of rows) byProblem.get(row.problem_id)?.push(row.slug);
  return byProblem;
}

export async function loadRecord(db: Knex, row: ProblemRow): Promise<ProblemRecord> {
  return recordOf(row, (await categoriesOf(db, [row.id])).get(row.id) ?? []);
}

/** A problem's tests in order; `samplesOnly` never reads a hidden test. */
export async function testsOf(
  db: Knex,
  problem: Pick<ProblemRecord, "id" | "judge">,
  { samplesOnly = false } = {},
): Promise<StoredTest[]> {
  const q = db("problem_tests").where({ problem_id: problem.id }).orderBy("ordinal");
  if (samplesOnly) q.where({ sample: true });
  const rows = await q.select("id", "ordinal", "name", "input", "args", "expected", "sample");
  return rows.map((r) => ({
    id: r.id,
    ordinal: Number(r.ordinal),
    name: r.name ?? null,
    input: r.input ?? "",
    args: r.args ? JSON.parse(r.args) : null,
    expected: parseExpected(problem.judge, r.expected),
    sample: asBoolean(r.sample),
  }));
}

export async function countTests(db: Knex, problemId: string): Promise<number> {
  const row = await db("problem_tests").where({ problem_id: problemId }).count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}

/** Rows per INSERT, and bytes: SQL Server takes at most 2100 parameters, and tests can be large. */
const TEST_BATCH_ROWS = 100;
const TEST_BATCH_BYTES = 4 * 1024 * 1024;

async function insertTests(trx: Knex.Transaction, problemId: string, doc: ProblemDocument): Promise<void> {
  let batch: Record<string, unknown>[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length) await trx("problem_tests").insert(batch);
    batch = [];
    bytes = 0;
  };
  for (const [ordinal, test] of doc.tests.entries()) {
    const row = {
      id: randomUUID(),
      problem_id: problemId,
      ordinal,
      name: test.name ?? null,
      input: test.input ?? "",
      expected: storedExpected(doc.judge, test.expected),
      args: test.args === undefined ? null : JSON.stringify(test.args),
      sample: test.sample,
    };
    const size = row.input.length + row.expected.length + (row.args?.length ?? 0);
    if (batch.length >= TEST_BATCH_ROWS || (batch.length > 0 && bytes + size > TEST_BATCH_BYTES))
      await flush();
    batch.push(row);
    bytes += size;
  }
  await flush();
}

/** Links the problem to its categories, creating the ones that do not exist yet. */
async function setCategories(trx: Knex.Transaction, problemId: string, slugs: string[]): Promise<void> {
  await trx("problem_categories").where({ problem_id: problemId }).delete();
  if (slugs.length === 0) return;
  const unique = [...new Set(slugs)];
  const existing: { id: string; slug: string }[] = await trx("categories")
    .whereIn("slug", unique)
    .select("id", "slug");
  const ids = new Map(existing.map((c) => [c.slug, c.id]));
  for (const slug of unique) {
    if (ids.has(slug)) continue;
    const id = randomUUID();
    await trx("categories").insert({ id, slug, name: categoryName(slug) });
    ids.set(slug, id);
  }
  await trx("problem_categories").insert(
    unique.map((slug) => ({ problem_id: problemId, category_id: ids.get(slug) })),
  );
}

const columnsOf = (doc: ProblemDocument) => ({
  slug: doc.slug,
  title: doc.title,
  statement: doc.statement,
  difficulty: doc.difficulty,
  languages: JSON.stringify(doc.languages),
  limits: JSON.stringify(doc.limits),
  judge: JSON.stringify(doc.judge),
  starter: JSON.stringify(doc.starter),
  solutions: doc.solutions ? JSON.stringify(doc.solutions) : null,
  visibility: doc.visibility,
});

/** A new problem with its tests and categories; returns its id. */
export async function insertProblem(
  trx: Knex.Transaction,
  doc: ProblemDocument,
  authorId: string | null,
  at: string,
): Promise<string> {
  const id = randomUUID();
  await trx("problems").insert({
    id,
    ...columnsOf(doc),
    author_id: authorId,
    published: true,
    version: 1,
    created_at: at,
    updated_at: at,
  });
  await insertTests(trx, id, doc);
  await setCategories(trx, id, doc.categories);
  return id;
}

/**
 * Replaces a problem's content, tests and categories, and bumps its version. Past submissions keep
 * their results: they hold their own copies and the version they were judged against.
 */
export async function replaceProblem(
  trx: Knex.Transaction,
  row: ProblemRow,
  doc: ProblemDocument,
  at: string,
): Promise<number> {
  const version = Number(row.version) + 1;
  await trx("problems")
    .where({ id: row.id })
    .update({ ...columnsOf(doc), version, updated_at: at });
  await trx("problem_tests").where({ problem_id: row.id }).delete();
  await insertTests(trx, row.id, doc);
  await setCategories(trx, row.id, doc.categories);
  return version;
}

/** The problem as a document again: what export writes and import reads. */
export function documentOf(problem: ProblemRecord, tests: StoredTest[]): ProblemDocument {
  return {
    slug: problem.slug,
    title: problem.title,
    statement: problem.statement,
    difficulty: problem.difficulty,
    categories: problem.categories,
    languages: problem.languages,
    limits: problem.limits,
    judge: problem.judge,
    starter: problem.starter,
    tests: tests.map((t) => ({
      ...(t.name !== null ? { name: t.name } : {}),
      ...(problem.judge.mode === "function" ? { args: t.args ?? [] } : { input: t.input }),
      expected: t.expected,
      sample: t.sample,
    })),
    ...(problem.solutions ? { solutions: problem.solutions } : {}),
    visibility: problem.visibility,
  };
}
