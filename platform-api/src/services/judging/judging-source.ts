import type { Knex } from "knex";
import { countTests, loadRecord, type ProblemRow, testsOf } from "../problems/problem-store.js";
import type { Problems } from "../problems/problems.js";
import type { JudgingSource } from "./submissions.js";

/** Judging reads problems through the problems service (access rules included); the worker by id. */
export function judgingSource(db: Knex, problems: Pick<Problems, "forJudging" | "visibleTo">): JudgingSource {
  return {
    forJudging: (slug, actor) => problems.forJudging(slug, actor),
    async forSubmitting(slug, actor) {
      const problem = await problems.visibleTo(slug, actor);
      return { problem, total: await countTests(db, problem.id) };
    },
    async byId(problemId) {
      const row: ProblemRow | undefined = await db("problems").where({ id: problemId }).first();
      if (!row) return undefined;
      const problem = await loadRecord(db, row);
      return { problem, tests: await testsOf(db, problem) };
    },
  };
}
