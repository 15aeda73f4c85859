import type { AssignmentTutor } from "@codeground/sdk";
import type { Knex } from "knex";
import { fail } from "../../http/errors.js";
import { type Clock, iso } from "../shared/clock.js";
import { type AssignmentActor, assignmentFor, standingIn } from "./assignment-access.js";
import type { AssignmentAttempts } from "./assignment-attempts.js";
import { strictestTutor, submissionRefusal } from "./assignment-rules.js";
import { assignmentNotFound, readAssignment } from "./assignment-store.js";

/**
 * What the rest of the API asks about assignments while a learner works: judging (may this
 * submission count for the assignment?), the tutor (how far may it go?) and learner sessions
 * (is this an assignment of the embed's course?).
 */
export function createAssignmentContext({
  db,
  clock,
  attempts,
}: {
  db: Knex;
  clock: Clock;
  attempts: Pick<AssignmentAttempts, "attemptOf">;
}) {
  const now = () => iso(clock.now());

  /** The tutor settings of the timed attempts running now for the actor (in their embed's course). */
  async function runningAttemptTutors(actor: AssignmentActor): Promise<AssignmentTutor[]> {
    const learnerKey = actor.principal ? `user:${actor.principal.user.id}` : actor.learner?.learnerRef;
    if (!learnerKey) return [];
    const q = db("assignment_attempts")
      .join("assignments", "assignments.id", "assignment_attempts.assignment_id")
      .where("assignment_attempts.learner_key", learnerKey)
      .where("assignment_attempts.ends_at", ">", now())
      .whereNot("assignments.tutor", "open")
      .distinct("assignments.tutor");
    if (!actor.principal) {
      const courseId = actor.learner?.courseId;
      if (!courseId) return [];
      q.where("assignments.course_id", courseId);
    }
    return (await q).map((r) => r.tutor as AssignmentTutor);
  }

  return {
    /**
     * The assignment a submission to `slug` counts for, or null for none: the one named, else the
     * learner session's when it holds the problem. A learner's submission must fall within the
     * assignment's times (and their attempt, when timed); staff may test it at any time.
     */
    async forSubmission(
      actor: AssignmentActor,
      slug: string,
      named: string | undefined,
    ): Promise<string | null> {
      const id = named ?? actor.learner?.assignmentId ?? undefined;
      if (!id) return null;
      const assignment = await readAssignment(db, id);
      const standing = assignment ? await standingIn(db, assignment.courseId, actor) : undefined;
      if (!assignment || !standing) {
        if (named) throw assignmentNotFound();
        return null;
      }
      if (!assignment.problems.some((p) => p.slug === slug)) {
        // The session's assignment is a default: a problem outside it is submitted on its own.
        if (!named) return null;
        throw fail.validation(
          "problem_not_in_assignment",
          `${slug} is not one of the problems of "${assignment.title}".`,
          [{ path: "assignmentId", message: `the assignment does not include ${slug}` }],
        );
      }
      if (standing.staff) return assignment.id;
      const refusal = submissionRefusal(
        assignment,
        await attempts.attemptOf(assignment.id, standing.learnerKey),
        now(),
      );
      if (refusal) throw refusal;
      return assignment.id;
    },

    /**
     * How far the tutor may go for the actor now: the strictest setting of the assignment the
     * request names, the learner session's, and any timed attempt of theirs still running (an
     * exam stays an exam whatever the request says). Undefined when no assignment applies.
     */
    async tutorFor(actor: AssignmentActor, named: string | undefined): Promise<AssignmentTutor | undefined> {
      const settings: AssignmentTutor[] = [];
      if (named) settings.push((await assignmentFor(db, named, actor)).assignment.tutor);
      const fromSession = actor.learner?.assignmentId;
      if (fromSession && fromSession !== named) {
        const assignment = await readAssignment(db, fromSession);
        if (assignment) settings.push(assignment.tutor);
      }
      settings.push(...(await runningAttemptTutors(actor)));
      return strictestTutor(settings);
    },

    /** The assignment a learner session asks for, when it belongs to the embed's course; else 404. */
    async forSession(courseId: string | null, id: string): Promise<string> {
      const assignment = await readAssignment(db, id);
      if (!assignment || assignment.courseId !== courseId) {
        throw fail.notFound("assignment_not_found", "This embed's course has no such assignment.");
      }
      return assignment.id;
    },
  };
}

export type AssignmentContext = ReturnType<typeof createAssignmentContext>;
