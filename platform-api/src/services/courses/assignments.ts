import { randomUUID } from "node:crypto";
import {
  type Assignment,
  type AssignmentProblem,
  assignmentTimeIssues,
  type CreateAssignmentRequest,
  type LearnerAssignment,
  type UpdateAssignmentRequest,
} from "@codeground/sdk";
import type { Knex } from "knex";
import type { z } from "zod";
import { fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";
import { type AssignmentActor, assignmentFor, type Standing } from "./assignment-access.js";
import type { AssignmentAttempts } from "./assignment-attempts.js";
import {
  type AttemptTimes,
  attemptView,
  hasOpened,
  isLate,
  statusOf,
  timeLeftOf,
} from "./assignment-rules.js";
import { assignmentColumns, assignmentView } from "./assignment-store.js";
import { EDITORS, requireRole, STAFF } from "./course-access.js";

/** Assignments one course may hold: every week of several terms, not a script's worth. */
export const MAX_ASSIGNMENTS_PER_COURSE = 500;

/**
 * The problems an assignment may hold: public ones, and private ones that belong to the course or
 * whose author is on its staff. A 400 names each slug that is not one of them.
 */
async function assertUsableProblems(db: Knex, courseId: string, problems: readonly AssignmentProblem[]) {
  const slugs = problems.map((p) => p.slug);
  const rows: { slug: string; visibility: string; author_id: string | null; course_id: string | null }[] =
    await db("problems").whereIn("slug", slugs).select("slug", "visibility", "author_id", "course_id");
  const staff = new Set(
    (
      await db("course_members")
        .where({ course_id: courseId })
        .whereIn("role", [...STAFF])
        .select("user_id")
    ).map((r) => String(r.user_id)),
  );
  const usable = new Set(
    rows
      .filter(
        (r) =>
          r.visibility === "public" ||
          r.course_id === courseId ||
          (r.author_id !== null && staff.has(r.author_id)),
      )
      .map((r) => r.slug),
  );
  const unknown = problems.flatMap((p, i) => (usable.has(p.slug) ? [] : [{ i, slug: p.slug }]));
  if (unknown.length === 0) return;
  throw fail.validation(
    "unknown_problem",
    `No problem ${unknown.map((u) => `"${u.slug}"`).join(", ")} that this course can use: check the slug, or use a public problem or one of the course's own.`,
    unknown.map((u) => ({
      path: `problems.${u.i}.slug`,
      message: `no problem ${u.slug} this course can use`,
    })),
  );
}

/** Assignments: instructors make and change them; the course's learners see those that opened. */
export function createAssignments({
  db,
  audit,
  clock,
  attempts,
}: {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
  attempts: Pick<AssignmentAttempts, "attemptOf">;
}) {
  const now = () => iso(clock.now());
  const record = (action: string, principal: Principal, a: Assignment, meta: RequestMeta, details = {}) =>
    audit.record({
      action,
      actorId: principal.user.id,
      targetType: "assignment",
      targetId: a.id,
      details: { courseId: a.courseId, title: a.title, ...details },
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      requestId: meta.requestId ?? null,
    });

  /** The assignment as the caller sees it; before it opens, a learner sees its times, not its problems. */
  function viewFor(a: Assignment, standing: Pick<Standing, "staff">, attempt: AttemptTimes | undefined) {
    const at = now();
    const hidden = !standing.staff && !hasOpened(a, at);
    const view: LearnerAssignment = {
      ...a,
      problems: hidden ? [] : a.problems,
      status: statusOf(a, attempt, at),
      attempt: attempt ? attemptView(a.id, attempt, at) : null,
      timeLeftSeconds: timeLeftOf(a, attempt, at),
      late: isLate(a, at),
    };
    return view;
  }

  async function editable(principal: Principal, id: string) {
    const found = await assignmentFor(db, id, { principal });
    await requireRole(db, found.assignment.courseId, principal.user.id, EDITORS);
    return found.assignment;
  }

  return {
    async create(
      principal: Principal,
      courseId: string,
      input: z.output<typeof CreateAssignmentRequest>,
      meta: RequestMeta,
    ): Promise<Assignment> {
      await requireRole(db, courseId, principal.user.id, EDITORS);
      await assertUsableProblems(db, courseId, input.problems);
      const counted = await db("assignments")
        .where({ course_id: courseId })
        .count({ n: "*" })
        .max({ last: "position" })
        .first();
      if (Number(counted?.n ?? 0) >= MAX_ASSIGNMENTS_PER_COURSE) {
        throw fail.conflict(
          "assignment_limit_reached",
          `A course holds at most ${MAX_ASSIGNMENTS_PER_COURSE} assignments; delete old ones first.`,
        );
      }
      const at = now();
      const timeLimitMinutes = input.timeLimitMinutes ?? null;
      const assignment: Assignment = {
        id: randomUUID(),
        courseId,
        title: input.title,
        problems: input.problems,
        position: counted?.last === null || counted?.last === undefined ? 0 : Number(counted.last) + 1,
        opensAt: input.opensAt ?? null,
        dueAt: input.dueAt ?? null,
        latePolicy: input.latePolicy ?? null,
        timeLimitMinutes,
        // An exam stays an exam: a timed assignment's tutor is off unless the instructor says otherwise.
        tutor: input.tutor ?? (timeLimitMinutes !== null ? "off" : "hints"),
        createdAt: at,
        updatedAt: at,
      };
      await db("assignments").insert({
        id: assignment.id,
        course_id: courseId,
        ...assignmentColumns(assignment),
        created_by: principal.user.id,
        created_at: at,
        updated_at: at,
      });
      await record("assignment.created", principal, assignment, meta);
      return assignment;
    },

    /** Staff see every assignment of the course; its learners those that have opened. */
    async list(principal: Principal, courseId: string): Promise<LearnerAssignment[]> {
      const role = await requireRole(db, courseId, principal.user.id, [...STAFF, "learner"]);
      const staff = role !== "learner";
      const rows = await db("assignments")
        .where({ course_id: courseId })
        .orderBy([{ column: "position" }, { column: "created_at" }, { column: "id" }]);
      const at = now();
      const visible = rows.map(assignmentView).filter((a) => staff || hasOpened(a, at));
      const mine = await db("assignment_attempts")
        .whereIn("assignment_id", db("assignments").where({ course_id: courseId }).select("id"))
        .where({ learner_key: `user:${principal.user.id}` })
        .select("assignment_id", "started_at", "ends_at");
      const attemptBy = new Map<string, AttemptTimes>(
        mine.map((r) => [
          String(r.assignment_id),
          { startedAt: String(r.started_at), endsAt: String(r.ends_at) },
        ]),
      );
      return visible.map((a) => viewFor(a, { staff }, attemptBy.get(a.id)));
    },

    /** One assignment, with the caller's attempt and status; 404 to anyone outside its course. */
    async get(actor: AssignmentActor, id: string): Promise<LearnerAssignment> {
      const { assignment, standing } = await assignmentFor(db, id, actor);
      return viewFor(assignment, standing, await attempts.attemptOf(id, standing.learnerKey));
    },

    async update(
      principal: Principal,
      id: string,
      input: z.output<typeof UpdateAssignmentRequest>,
      meta: RequestMeta,
    ): Promise<Assignment> {
      const current = await editable(principal, id);
      const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      const changed: Assignment = { ...current, ...given, updatedAt: now() };
      const issues = assignmentTimeIssues(changed);
      if (issues.length > 0) {
        throw fail.validation(
          "invalid_request",
          "Some fields are missing or not valid.",
          issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        );
      }
      if (input.problems) await assertUsableProblems(db, current.courseId, input.problems);
      await db("assignments")
        .where({ id })
        .update({ ...assignmentColumns(changed), updated_at: changed.updatedAt });
      await record("assignment.updated", principal, changed, meta, { fields: Object.keys(given) });
      return changed;
    },

    /** Deletes the assignment and its attempts; its submissions and sessions stay, without it. */
    async remove(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
      const current = await editable(principal, id);
      await db.transaction(async (trx) => {
        await trx("submissions").where({ assignment_id: id }).update({ assignment_id: null });
        await trx("embed_sessions").where({ assignment_id: id }).update({ assignment_id: null });
        await trx("assignment_attempts").where({ assignment_id: id }).delete();
        await trx("assignments").where({ id }).delete();
      });
      await record("assignment.deleted", principal, current, meta);
    },
  };
}

export type Assignments = ReturnType<typeof createAssignments>;
