import type {
  Gradebook,
  GradebookAssignment,
  GradebookCell,
  GradebookLearner,
  LearnerSubmission,
  ProblemStatistics,
  Verdict,
} from "@codeground/sdk";
import type { Knex } from "knex";
import { fail } from "../../http/errors.js";
import {
  csvField,
  type LatePolicy,
  lateFactor,
  median,
  roundPoints,
  VERDICT_RANK,
  verdictOfRank,
} from "./gradebook-scores.js";

interface AssignmentRow {
  id: string;
  course_id: string;
  title: string;
  problems: string;
  position: number;
  due_at: string | null;
  late_policy: string | null;
  created_at: string;
}

/** An assignment as grading needs it. */
export interface GradedAssignment extends GradebookAssignment {
  latePolicy: LatePolicy | null;
  points: Map<string, number>;
}

/** One learner's submissions to one problem of one assignment, summed up by the database. */
interface AggregateRow {
  assignment_id: string;
  slug: string;
  user_id: string | null;
  learner_ref: string | null;
  attempts: number | string;
  first_solved: string | null;
  best_rank: number | string | null;
  last_at: string;
}

const parse = <T>(text: string | null, fallback: T): T => {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** Code-unit order: a stable, locale-free order that costs nothing next to `localeCompare` on 6,000 cells. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A learner's key: `user:<id>` for a portal user, the embed learner's ref otherwise. */
export const learnerKeyOf = (row: { user_id: string | null; learner_ref: string | null }): string =>
  row.user_id ? `user:${row.user_id}` : (row.learner_ref ?? "unknown");

/** The rank of a verdict, written out as SQL (the best one per cell is its maximum). */
function rankSql(knex: Knex): Knex.Raw {
  const cases = Object.entries(VERDICT_RANK)
    .map(([verdict, rank]) => `WHEN '${verdict}' THEN ${rank}`)
    .join(" ");
  return knex.raw(
    `MAX(CASE WHEN submissions.state <> 'done' THEN 0 ELSE CASE submissions.verdict ${cases} ELSE 0 END END) AS best_rank`,
  );
}

/**
 * The gradebook of a course: learners × assignment problems, from judged submissions made in the
 * assignments' context. The database sums each cell up (one grouped query), so its cost follows
 * the number of cells, not of submissions.
 */
export function createGradebook({ db }: { db: Knex }) {
  async function assignmentsOf(courseId: string, only?: string): Promise<GradedAssignment[]> {
    const query = db<AssignmentRow>("assignments").where({ course_id: courseId });
    if (only) query.where({ id: only });
    const rows = await query.orderBy("position").orderBy("created_at").orderBy("id");
    return rows.map((row) => {
      const problems = parse<{ slug: string; points: number }[]>(row.problems, []);
      return {
        id: row.id,
        title: row.title,
        dueAt: row.due_at,
        problems,
        totalPoints: problems.reduce((sum, p) => sum + p.points, 0),
        latePolicy: parse<LatePolicy | null>(row.late_policy, null),
        points: new Map(problems.map((p) => [p.slug, p.points])),
      };
    });
  }

  /** Portal users who joined as learners, and every learner the course's embeds have met (kept past their sessions). */
  async function learnersOf(
    courseId: string,
  ): Promise<Map<string, { name: string; kind: "user" | "embed" }>> {
    const [users, embedLearners] = await Promise.all([
      db("course_members")
        .join("users", "users.id", "course_members.user_id")
        .where({ "course_members.course_id": courseId, "course_members.role": "learner" })
        .select("users.id", "users.email", "users.display_name"),
      db("course_learners")
        .where({ course_id: courseId })
        .select("learner_ref", "display_name as name") as Promise<
        { learner_ref: string; name: string | null }[]
      >,
    ]);
    const learners = new Map<string, { name: string; kind: "user" | "embed" }>();
    for (const u of users) learners.set(`user:${u.id}`, { name: u.display_name ?? u.email, kind: "user" });
    for (const e of embedLearners) {
      learners.set(String(e.learner_ref), { name: e.name ?? String(e.learner_ref), kind: "embed" });
    }
    return learners;
  }

  async function aggregates(assignmentIds: string[], filter?: (q: Knex.QueryBuilder) => void) {
    if (assignmentIds.length === 0) return [] as AggregateRow[];
    // Grouped on the submissions alone, filtered by assignment only, so every database reads the
    // covering index in group order (a `state` filter lets SQLite pick its state index and sort);
    // submissions not judged yet count for nothing.
    const done = "submissions.state = 'done'";
    const query = db("submissions")
      .whereIn("submissions.assignment_id", assignmentIds)
      .groupBy(
        "submissions.assignment_id",
        "submissions.problem_id",
        "submissions.user_id",
        "submissions.learner_ref",
      )
      .havingRaw(`SUM(CASE WHEN ${done} THEN 1 ELSE 0 END) > 0`)
      .select(
        "submissions.assignment_id",
        "submissions.problem_id",
        "submissions.user_id",
        "submissions.learner_ref",
        db.raw(`SUM(CASE WHEN ${done} THEN 1 ELSE 0 END) AS attempts`),
        db.raw(
          `MIN(CASE WHEN ${done} AND submissions.verdict = 'accepted' THEN submissions.created_at END) AS first_solved`,
        ),
        rankSql(db),
        db.raw(`MAX(CASE WHEN ${done} THEN submissions.created_at END) AS last_at`),
      );
    filter?.(query);
    const rows = (await query) as (Omit<AggregateRow, "slug"> & { problem_id: string })[];
    const ids = [...new Set(rows.map((r) => r.problem_id))];
    const slugs = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const p of await db("problems")
        .whereIn("id", ids.slice(i, i + 500))
        .select("id", "slug")) {
        slugs.set(p.id, p.slug);
      }
    }
    return rows.map(({ problem_id, ...row }) => ({ ...row, slug: slugs.get(problem_id) ?? "" }));
  }

  /** A cell from its aggregate, scored by its assignment's points, due time and late policy. */
  function cellOf(row: AggregateRow, assignment: GradedAssignment): GradebookCell {
    const points = assignment.points.get(row.slug) ?? 0;
    const solved = row.first_solved ?? null;
    const factor = solved ? lateFactor(solved, assignment.dueAt, assignment.latePolicy) : 0;
    const lastAt = String(row.last_at);
    return {
      learnerId: learnerKeyOf(row),
      assignmentId: row.assignment_id,
      problem: row.slug,
      bestVerdict: verdictOfRank(row.best_rank === null ? null : Number(row.best_rank)),
      score: roundPoints(points * factor),
      attempts: Number(row.attempts),
      firstSolvedAt: solved,
      late: assignment.dueAt !== null && (solved ? solved > assignment.dueAt : lastAt > assignment.dueAt),
    };
  }

  async function gradebook(
    courseId: string,
    query: { assignment?: string; q?: string } = {},
  ): Promise<Gradebook> {
    const [assignments, learners] = await Promise.all([
      assignmentsOf(courseId, query.assignment),
      learnersOf(courseId),
    ]);
    if (query.assignment && assignments.length === 0) {
      throw fail.notFound("assignment_not_found", "No such assignment in this course.");
    }
    const byId = new Map(assignments.map((a) => [a.id, a]));
    const cells: GradebookCell[] = [];
    const totals = new Map<string, number>();
    for (const row of await aggregates([...byId.keys()])) {
      const assignment = byId.get(row.assignment_id);
      const key = learnerKeyOf(row);
      // Cells of people who are not the course's learners (staff trying an assignment) stay out.
      if (!assignment || !learners.has(key) || !assignment.points.has(row.slug)) continue;
      const cell = cellOf(row, assignment);
      cells.push(cell);
      totals.set(key, (totals.get(key) ?? 0) + cell.score);
    }
    const needle = query.q?.toLowerCase();
    const shown: GradebookLearner[] = [...learners]
      .filter(
        ([id, l]) => !needle || id.toLowerCase().includes(needle) || l.name.toLowerCase().includes(needle),
      )
      .map(([id, l]) => ({ id, name: l.name, kind: l.kind, total: roundPoints(totals.get(id) ?? 0) }))
      .sort((a, b) => compareText(a.name.toLowerCase(), b.name.toLowerCase()) || compareText(a.id, b.id));
    const visible = new Set(shown.map((l) => l.id));
    return {
      assignments: assignments.map(({ latePolicy: _l, points: _p, ...a }) => a),
      learners: shown,
      cells: cells
        .filter((c) => visible.has(c.learnerId))
        .sort(
          (a, b) =>
            compareText(a.learnerId, b.learnerId) ||
            compareText(a.assignmentId, b.assignmentId) ||
            compareText(a.problem, b.problem),
        ),
    };
  }

  return {
    gradebook,

    /** One row per learner, one column per assignment problem (its score), and the total. */
    async csv(courseId: string): Promise<string> {
      const book = await gradebook(courseId);
      const columns = book.assignments.flatMap((a) =>
        a.problems.map((p) => ({
          assignmentId: a.id,
          slug: p.slug,
          title: `${a.title}: ${p.slug} (${p.points})`,
        })),
      );
      const score = new Map(
        book.cells.map((c) => [`${c.learnerId}\u0000${c.assignmentId}\u0000${c.problem}`, c.score]),
      );
      const lines = [
        ["Learner", "Learner id", ...columns.map((c) => c.title), "Total"].map(csvField).join(","),
      ];
      for (const learner of book.learners) {
        const scores = columns.map(
          (c) => score.get(`${learner.id}\u0000${c.assignmentId}\u0000${c.slug}`) ?? 0,
        );
        lines.push([learner.name, learner.id, ...scores, learner.total].map(csvField).join(","));
      }
      return `${lines.join("\r\n")}\r\n`;
    },

    /** The cell of one learner on one problem of one assignment, as it is now (for live updates and webhooks). */
    async cell(
      assignmentId: string,
      slug: string,
      owner: { user_id: string | null; learner_ref: string | null },
    ): Promise<{ cell: GradebookCell; assignment: GradedAssignment; courseId: string } | undefined> {
      const row = await db<AssignmentRow>("assignments").where({ id: assignmentId }).first("course_id");
      if (!row) return undefined;
      const [assignment] = await assignmentsOf(row.course_id, assignmentId);
      if (!assignment) return undefined;
      const [aggregate] = await aggregates([assignmentId], (q) => {
        q.whereIn("submissions.problem_id", db("problems").select("id").where({ slug }));
        if (owner.user_id) q.where("submissions.user_id", owner.user_id);
        else q.whereNull("submissions.user_id").where("submissions.learner_ref", owner.learner_ref);
      });
      return aggregate
        ? { cell: cellOf(aggregate, assignment), assignment, courseId: row.course_id }
        : undefined;
    },

    /** Whether the learner has solved every problem of the assignment, and their score on it. */
    async completion(
      assignment: GradedAssignment,
      owner: { user_id: string | null; learner_ref: string | null },
    ) {
      const rows = await aggregates([assignment.id], (q) => {
        if (owner.user_id) q.where("submissions.user_id", owner.user_id);
        else q.whereNull("submissions.user_id").where("submissions.learner_ref", owner.learner_ref);
      });
      const cells = rows.filter((r) => assignment.points.has(r.slug)).map((r) => cellOf(r, assignment));
      const solved = new Set(cells.filter((c) => c.firstSolvedAt).map((c) => c.problem));
      return {
        complete: assignment.problems.every((p) => solved.has(p.slug)),
        /** How many of its problems the learner has had judged at least once. */
        attempted: new Set(cells.map((c) => c.problem)).size,
        score: roundPoints(cells.reduce((sum, c) => sum + c.score, 0)),
        late: cells.some((c) => c.late),
        completedAt:
          cells
            .map((c) => c.firstSolvedAt ?? "")
            .sort()
            .at(-1) ?? null,
      };
    },

    /** Per assignment problem: who tried, who solved, median attempts, the hidden test failed most. */
    async statistics(courseId: string): Promise<ProblemStatistics[]> {
      const assignments = await assignmentsOf(courseId);
      const ids = assignments.map((a) => a.id);
      if (ids.length === 0) return [];
      const learners = await learnersOf(courseId);
      const submissions = await db("submissions")
        .join("problems", "problems.id", "submissions.problem_id")
        .whereIn("submissions.assignment_id", ids)
        .where("submissions.state", "done")
        .orderBy("submissions.created_at")
        .select(
          "submissions.assignment_id",
          "problems.slug",
          "submissions.user_id",
          "submissions.learner_ref",
          "submissions.verdict",
        );
      const failures = (await db("submission_results")
        .join("submissions", "submissions.id", "submission_results.submission_id")
        .join("problems", "problems.id", "submissions.problem_id")
        .whereIn("submissions.assignment_id", ids)
        .where("submission_results.hidden", true)
        .whereNot("submission_results.verdict", "accepted")
        .groupBy("submissions.assignment_id", "problems.slug", "submission_results.ordinal")
        .select("submissions.assignment_id", "problems.slug", "submission_results.ordinal")
        .max({ name: "submission_results.name" })
        .count({ failures: "*" })) as {
        assignment_id: string;
        slug: string;
        ordinal: number | string;
        name: string | null;
        failures: number | string;
      }[];
      // Per cell: submissions until the first accepted one (or all), and whether it was solved.
      const perCell = new Map<string, { attempts: number; solved: boolean }>();
      for (const s of submissions) {
        const learner = learnerKeyOf(s);
        if (!learners.has(learner)) continue;
        const key = `${s.assignment_id}\u0000${s.slug}\u0000${learner}`;
        const cell = perCell.get(key) ?? { attempts: 0, solved: false };
        if (!cell.solved) {
          cell.attempts++;
          cell.solved = (s.verdict as Verdict) === "accepted";
        }
        perCell.set(key, cell);
      }
      return assignments.flatMap((assignment) =>
        assignment.problems.map((p): ProblemStatistics => {
          const prefix = `${assignment.id}\u0000${p.slug}\u0000`;
          const cells = [...perCell].filter(([k]) => k.startsWith(prefix)).map(([, c]) => c);
          const solved = cells.filter((c) => c.solved).length;
          const hardest = failures
            .filter((f) => f.assignment_id === assignment.id && f.slug === p.slug)
            .sort(
              (a, b) => Number(b.failures) - Number(a.failures) || Number(a.ordinal) - Number(b.ordinal),
            )[0];
          return {
            assignmentId: assignment.id,
            problem: p.slug,
            learnersAttempted: cells.length,
            learnersSolved: solved,
            solveRate: cells.length ? roundPoints(solved / cells.length) : 0,
            medianAttempts: median(cells.map((c) => c.attempts)),
            hardestHiddenTest: hardest
              ? {
                  ordinal: Number(hardest.ordinal),
                  name: (hardest.name as string | null) ?? null,
                  failures: Number(hardest.failures),
                }
              : null,
          };
        }),
      );
    },

    /** A learner's submissions in the course's assignments, newest first, with code and every test's verdict. */
    async submissionsOf(courseId: string, learnerId: string): Promise<LearnerSubmission[]> {
      const assignments = await assignmentsOf(courseId);
      const byId = new Map(assignments.map((a) => [a.id, a]));
      if (!(await learnersOf(courseId)).has(learnerId) || byId.size === 0) {
        throw fail.notFound("learner_not_found", "No such learner in this course.");
      }
      const query = db("submissions")
        .join("problems", "problems.id", "submissions.problem_id")
        .whereIn("submissions.assignment_id", [...byId.keys()])
        .orderBy("submissions.created_at", "desc")
        .limit(200)
        .select(
          "submissions.id",
          "submissions.assignment_id",
          "problems.slug",
          "submissions.language",
          "submissions.code",
          "submissions.state",
          "submissions.verdict",
          "submissions.created_at",
        );
      if (learnerId.startsWith("user:")) query.where("submissions.user_id", learnerId.slice(5));
      else query.whereNull("submissions.user_id").where("submissions.learner_ref", learnerId);
      const rows = await query;
      const results = rows.length
        ? await db("submission_results")
            .whereIn(
              "submission_id",
              rows.map((r) => r.id),
            )
            .orderBy("ordinal")
            .select("submission_id", "ordinal", "name", "hidden", "verdict", "time_ms")
        : [];
      return rows.map((r) => {
        const dueAt = byId.get(r.assignment_id)?.dueAt ?? null;
        return {
          id: r.id,
          assignmentId: r.assignment_id,
          problem: r.slug,
          language: r.language,
          code: r.code,
          state: r.state,
          verdict: r.verdict,
          createdAt: r.created_at,
          late: dueAt !== null && r.created_at > dueAt,
          tests: results
            .filter((t) => t.submission_id === r.id)
            .map((t) => ({
              ordinal: Number(t.ordinal),
              name: t.name ?? null,
              hidden: t.hidden === true || t.hidden === 1,
              verdict: t.verdict,
              timeMs: Number(t.time_ms),
            })),
        };
      });
    },
  };
}

export type GradebookService = ReturnType<typeof createGradebook>;
