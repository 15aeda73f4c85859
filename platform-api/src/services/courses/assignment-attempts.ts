import { randomUUID } from "node:crypto";
import type { AssignmentAttempt } from "@codeground/sdk";
import type { Knex } from "knex";
import { fail } from "../../http/errors.js";
import { type Clock, iso } from "../shared/clock.js";
import { type AssignmentActor, assignmentFor } from "./assignment-access.js";
import { type AttemptTimes, attemptEnd, attemptStartRefusal, attemptView } from "./assignment-rules.js";

const attemptNotFound = () =>
  fail.notFound("attempt_not_found", "You have not started an attempt at this assignment.");

/**
 * Timed attempts: one per learner and assignment. Its clock starts once; starting again answers
 * the same attempt, however much later, so a reload or a second tab never gets a fresh clock.
 */
export function createAssignmentAttempts({ db, clock }: { db: Knex; clock: Clock }) {
  const now = () => iso(clock.now());

  async function attemptOf(assignmentId: string, learnerKey: string): Promise<AttemptTimes | undefined> {
    const row = await db("assignment_attempts")
      .where({ assignment_id: assignmentId, learner_key: learnerKey })
      .first("started_at", "ends_at");
    return row ? { startedAt: String(row.started_at), endsAt: String(row.ends_at) } : undefined;
  }

  return {
    /** The learner's attempt at an assignment, if started. */
    attemptOf,

    /** Starts the caller's attempt (`created`), or answers the one they started before. */
    async start(
      actor: AssignmentActor,
      id: string,
    ): Promise<{ attempt: AssignmentAttempt; created: boolean }> {
      const { assignment, standing } = await assignmentFor(db, id, actor);
      if (assignment.timeLimitMinutes === null) {
        throw fail.conflict(
          "assignment_untimed",
          "This assignment has no time limit, so there is no attempt to start: submit whenever it is open.",
        );
      }
      const at = now();
      const existing = await attemptOf(id, standing.learnerKey);
      if (existing) return { attempt: attemptView(id, existing, at), created: false };
      const refusal = attemptStartRefusal(assignment, at);
      if (refusal) throw refusal;
      const started: AttemptTimes = { startedAt: at, endsAt: attemptEnd(assignment, at) };
      try {
        await db("assignment_attempts").insert({
          id: randomUUID(),
          assignment_id: id,
          learner_key: standing.learnerKey,
          started_at: started.startedAt,
          ends_at: started.endsAt,
        });
      } catch (err) {
        // Two starts at once: the unique (assignment, learner) lets one in; the other answers it.
        const raced = await attemptOf(id, standing.learnerKey);
        if (raced) return { attempt: attemptView(id, raced, at), created: false };
        throw err;
      }
      return { attempt: attemptView(id, started, at), created: true };
    },

    /** The caller's attempt, with the time left; 404 when they have not started one. */
    async mine(actor: AssignmentActor, id: string): Promise<AssignmentAttempt> {
      const { standing } = await assignmentFor(db, id, actor);
      const attempt = await attemptOf(id, standing.learnerKey);
      if (!attempt) throw attemptNotFound();
      return attemptView(id, attempt, now());
    },
  };
}

export type AssignmentAttempts = ReturnType<typeof createAssignmentAttempts>;
