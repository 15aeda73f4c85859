import { EventEmitter } from "node:events";
import { AssignmentCompletedEvent, GradebookCell, GradeUpdatedEvent } from "@codeground/sdk";
import type { Redis } from "ioredis";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { z } from "zod";
import { createInvalidationChannel } from "../shared/invalidation-channel.js";
import type { GradebookService } from "./gradebook.js";

/** The Redis channel on which API instances pass each other the gradebook cells that changed. */
export const GRADEBOOK_CHANNEL = "cg:gradebook-cells";
const Published = z.object({ courseId: z.string(), cell: GradebookCell });

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
 * staff watching the gradebook, and to the course site through the embed's webhook as
 * `grade.updated`, plus `assignment.completed` when it solved the last problem. With Redis, the
 * cell goes through a pub/sub channel to every API instance, so staff see it whichever instance
 * their page's stream is on and whichever judged the submission; without, to this instance's.
 */
export function createGradebookLive({
  db,
  gradebook,
  webhooks,
  logger,
  redis,
}: {
  db: Knex;
  gradebook: GradebookService;
  webhooks: GradeWebhooks;
  logger: Logger;
  redis?: Redis | undefined;
}) {
  const courses = new EventEmitter();
  courses.setMaxListeners(0);
  const channel = createInvalidationChannel({
    redis,
    channel: GRADEBOOK_CHANNEL,
    enabled: redis !== undefined,
    logger,
    what: "gradebook changes",
    onMessage(message) {
      let parsed: z.infer<typeof Published>;
      try {
        parsed = Published.parse(JSON.parse(message));
      } catch {
        logger.warn("ignored a malformed message on the gradebook channel");
        return;
      }
      courses.emit(parsed.courseId, parsed.cell);
    },
  });

  /** To the staff watching, on every instance: through Redis when there is one (this instance hears it too). */
  async function announce(courseId: string, cell: GradebookCell): Promise<void> {
    if (!redis) {
      courses.emit(courseId, cell);
      return;
    }
    const delivered = await redis.publish(GRADEBOOK_CHANNEL, JSON.stringify({ courseId, cell })).then(
      () => true,
      (err: Error) => {
        logger.error(
          { err: err.message },
          "could not publish a gradebook change; only this instance's staff see it",
        );
        return false;
      },
    );
    if (!delivered) courses.emit(courseId, cell);
  }

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
    await announce(courseId, cell);
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

    /** Stops listening to the other instances. */
    close(): Promise<void> {
      return channel.close();
    },
  };
}

export type GradebookLive = ReturnType<typeof createGradebookLive>;
