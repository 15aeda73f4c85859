import type { Knex } from "knex";
import { fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import { EDITORS, requireRole } from "../courses/course-access.js";

const USER_ID = /^(?:user:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

const learnerNotFound = () => fail.notFound("learner_not_found", "No such learner in this course.");

/** Who is erased: a portal member (by user id) or one of the course's site learners (by ref). */
type Learner = { kind: "user"; userId: string; key: string } | { kind: "site"; ref: string; key: string };

export interface LearnerErasureDeps {
  db: Knex;
  audit: AuditLog;
}

/**
 * A course's staff erase one learner's data from that course, and only that course: submissions
 * made in it (through its embeds or for its assignments) with their results, feedback and
 * deliveries, assignment attempts, tutor conversations in its embeds, learner sessions, grade
 * passback links, and the learner's place on the roster, so the gradebook no longer lists them.
 * The learner's account, and their work elsewhere, stay.
 */
export function createLearnerErasure({ db, audit }: LearnerErasureDeps) {
  /** The learner as the course knows them; 404 for anyone it does not list as a learner. */
  async function find(courseId: string, learnerId: string): Promise<Learner> {
    if (learnerId.length === 0 || learnerId.length > 255) throw learnerNotFound();
    const user = USER_ID.exec(learnerId);
    if (user?.[1]) {
      const userId = user[1].toLowerCase();
      const member = await db("course_members")
        .where({ course_id: courseId, user_id: userId, role: "learner" })
        .first();
      if (!member) throw learnerNotFound();
      return { kind: "user", userId, key: `user:${userId}` };
    }
    const seen = await db("course_learners").where({ course_id: courseId, learner_ref: learnerId }).first();
    if (!seen) throw learnerNotFound();
    return { kind: "site", ref: learnerId, key: learnerId };
  }

  async function erase(trx: Knex.Transaction, courseId: string, learner: Learner) {
    const embeds = () => trx("embeds").select("id").where({ course_id: courseId });
    const assignments = () => trx("assignments").select("id").where({ course_id: courseId });
    const theirs = (q: Knex.QueryBuilder) =>
      learner.kind === "user"
        ? q.where("user_id", learner.userId)
        : q.whereNull("user_id").where("learner_ref", learner.ref);
    const submissions = () =>
      theirs(
        trx("submissions")
          .select("id")
          .where((q) => q.whereIn("embed_id", embeds()).orWhereIn("assignment_id", assignments())),
      );
    // LMS people the learner is: a site learner launched from an LMS is `lti:<id>`.
    const ltiUsers =
      learner.kind === "user"
        ? trx("lti_users").select("id").where({ user_id: learner.userId })
        : trx("lti_users")
            .select("id")
            .where({ id: learner.ref.startsWith("lti:") ? learner.ref.slice(4) : "" });
    const counts = {
      submissions: Number((await submissions().clone().clearSelect().count({ n: "*" }).first())?.n ?? 0),
    };
    await trx("lti_score_deliveries")
      .where({ course_id: courseId })
      .whereIn("submission_id", submissions())
      .delete();
    await trx("lti_score_links").where({ course_id: courseId }).whereIn("lti_user_id", ltiUsers).delete();
    await trx("webhook_deliveries").whereIn("submission_id", submissions()).delete();
    await trx("submissions").whereIn("id", submissions()).delete();
    await trx("assignment_attempts")
      .whereIn("assignment_id", assignments())
      .where({ learner_key: learner.key })
      .delete();
    await theirs(trx("conversations").whereIn("embed_id", embeds())).delete();
    if (learner.kind === "site") {
      await trx("embed_sessions").whereIn("embed_id", embeds()).where({ learner_ref: learner.ref }).delete();
      await trx("course_learners").where({ course_id: courseId, learner_ref: learner.ref }).delete();
    } else {
      await trx("course_members")
        .where({ course_id: courseId, user_id: learner.userId, role: "learner" })
        .delete();
    }
    return counts;
  }

  return {
    async eraseLearner(principal: Principal, courseId: string, learnerId: string, meta: RequestMeta) {
      await requireRole(db, courseId, principal.user.id, EDITORS);
      const learner = await find(courseId, learnerId);
      const counts = await db.transaction((trx) => erase(trx, courseId, learner));
      await audit.record({
        action: "course.learner.erased",
        actorId: principal.user.id,
        targetType: "course",
        targetId: courseId,
        details: { learner: learner.key, kind: learner.kind, submissions: counts.submissions },
        ...requestFields(meta),
      });
    },
  };
}

export type LearnerErasure = ReturnType<typeof createLearnerErasure>;
