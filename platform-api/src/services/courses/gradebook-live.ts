import { EventEmitter } from "node:events";
import { AssignmentCompletedEvent, type GradebookCell, GradeUpdatedEvent } from "@codeground/sdk";
import type { Knex } from "knex";
import type { Logger } from "pino";
import type { GradebookService } from "./gradebook.js";

/** What the gradebook needs of the webhooks service: one event for an embed, once per submission. */
export interface GradeWebhooks {
  send(
    embedId: string,
    event: string,
    submissionId: string,
    build: (id: string, createdAt: string) => unknown,
  ): Promise<void>;
}

/**
 * What a judged submission changes in its course's gradebook: the learner's cell goes to the
 * staff watching the gradebook (on this instance), and to the course site through the embed's
 * webhook as `grade.updated`, plus `assignment.completed` when it solved the last problem.
 */
export function createGradebookLive({
  db,
  gradebook,
  webhooks,
  logger,
}: {
  db: Knex;
  gradebook: GradebookService;
  webhooks: GradeWebhooks;
  logger: Logger;
}) {
  const courses = new EventEmitter();
  courses.setMaxListeners(0);

  async function finished(submissionId: string): Promise<void> {
    const row = await db("submissions")
      .join("problems", "problems.id", "submissions.problem_id")
      .where("submissions.id", submissionId)
      .first(
        "submissions.assignment_id",
        "submissions.user_id",
        "submissions.learner_ref",
        "submissions.embed_id",
        "submissions.verdict",
        "submissions.created_at",
        "problems.slug",
      );
    if (!row?.assignment_id) return;
    const found = await gradebook.cell(row.assignment_id, row.slug, row);
    if (!found) return;
    const { cell, assignment, courseId } = found;
    courses.emit(courseId, cell);
    if (!row.embed_id) return;
    await webhooks.send(row.embed_id, "grade.updated", submissionId, (id, createdAt) =>
      GradeUpdatedEvent.parse({
        id,
        type: "grade.updated",
        createdAt,
        data: { ...cell, courseId, embedId: row.embed_id, submissionId },
      }),
    );
    // Completed by this very submission: the first accepted one of the problem solved last (so
    // of two submissions judged close together, only the later one tells).
    if (row.verdict !== "accepted" || cell.firstSolvedAt !== row.created_at) return;
    const completion = await gradebook.completion(assignment, row);
    if (!completion.complete || completion.completedAt !== row.created_at) return;
    await webhooks.send(row.embed_id, "assignment.completed", submissionId, (id, createdAt) =>
      AssignmentCompletedEvent.parse({
        id,
        type: "assignment.completed",
        createdAt,
        data: {
          courseId,
          embedId: row.embed_id,
          assignmentId: assignment.id,
          learnerId: cell.learnerId,
          score: completion.score,
          totalPoints: assignment.totalPoints,
          late: completion.late,
          completedAt: completion.completedAt ?? row.created_at,
        },
      }),
    );
  }

  return {
    /** Call with every judged submission; failures are logged, never thrown at the judge. */
    onSubmissionFinished(submissionId: string): void {
      finished(submissionId).catch((err) => {
        logger.error({ err, submissionId }, "could not update the gradebook for a judged submission");
      });
    },

    /** Cells of a course as they change; returns the unsubscribe. */
    watch(courseId: string, listener: (cell: GradebookCell) => void): () => void {
      courses.on(courseId, listener);
      return () => courses.off(courseId, listener);
    },
  };
}

export type GradebookLive = ReturnType<typeof createGradebookLive>;
