import { ProblemDocument } from "@codeground/sdk";
import type { Knex } from "knex";
import { insertProblem } from "../../src/services/problems/problem-store.js";

/**
 * A private problem of a course, stored the way the problem store stores every problem (tests and
 * all), then given to the course. Returns its id.
 */
export async function insertCourseProblem(
  db: Knex,
  { slug, authorId, courseId, at }: { slug: string; authorId: string | null; courseId: string; at: string },
): Promise<string> {
  const doc = ProblemDocument.parse({
    slug,
    title: slug,
    statement: "Solve it.",
    difficulty: "easy",
    languages: ["python"],
    judge: { mode: "stdio", compare: "tokens" },
    tests: [{ input: "1\n", expected: "1\n", sample: true }],
    visibility: "private",
  });
  return db.transaction(async (trx) => {
    const id = await insertProblem(trx, doc, authorId, at);
    await trx("problems").where({ id }).update({ course_id: courseId });
    return id;
  });
}
