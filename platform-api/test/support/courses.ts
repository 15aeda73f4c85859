import { ProblemDocument } from "@codeground/sdk";
import type { Knex } from "knex";
import { insertProblem } from "../../src/services/problems/problem-store.js";

/** A small stdio problem, its title the slug unless given. */
const documentOf = (slug: string, title: string | undefined, visibility: "public" | "private") =>
  ProblemDocument.parse({
    slug,
    title: title ?? slug,
    statement: "Solve it.",
    difficulty: "easy",
    languages: ["python"],
    judge: { mode: "stdio", compare: "tokens" },
    tests: [{ input: "1\n", expected: "1\n", sample: true }],
    visibility,
  });

/**
 * A private problem of a course, stored the way the problem store stores every problem (tests and
 * all), then given to the course. Returns its id.
 */
export async function insertCourseProblem(
  db: Knex,
  {
    slug,
    title,
    authorId,
    courseId,
    at,
  }: { slug: string; title?: string; authorId: string | null; courseId: string; at: string },
): Promise<string> {
  const doc = documentOf(slug, title, "private");
  return db.transaction(async (trx) => {
    const id = await insertProblem(trx, doc, authorId, at);
    await trx("problems").where({ id }).update({ course_id: courseId });
    return id;
  });
}

/** A public problem owned by no one, as the built-in bank's are. Returns its id. */
export async function insertPublicProblem(
  db: Knex,
  { slug, title, at }: { slug: string; title: string; at: string },
): Promise<string> {
  return insertProblem(db, documentOf(slug, title, "public"), null, at);
}
