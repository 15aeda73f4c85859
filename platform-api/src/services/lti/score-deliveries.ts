import { randomUUID } from "node:crypto";
import type { LtiScoreDelivery, LtiScorePolicy } from "@codeground/sdk";
import type { Knex } from "knex";
import type { Logger } from "pino";
import type { GradebookService } from "../courses/gradebook.js";
import { type Clock, iso } from "../shared/clock.js";
import type { ScoreLinkRow, ScoreLinks } from "./score-links.js";

/** An AGS score (`application/vnd.ims.lis.v1.score+json`) as posted. */
export interface ScorePayload {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: "InProgress" | "Submitted" | "Completed";
  gradingProgress: "FullyGraded";
  timestamp: string;
  comment?: string;
}

export interface ScoreDeliveryRow {
  id: string;
  link_id: string;
  course_id: string;
  submission_id: string | null;
  payload: string;
  score_given: number | string;
  score_maximum: number | string;
  status: LtiScoreDelivery["status"];
  attempts: number | string;
  next_attempt_at: string | null;
  last_status_code: number | string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

type Score = Pick<ScorePayload, "scoreGiven" | "scoreMaximum" | "activityProgress" | "comment">;

/** A learner's judged submission, as scoring needs it. */
interface SubmissionFacts {
  id: string;
  assignmentId: string | null;
  slug: string;
  learnerRef: string;
}

const fraction = (given: number, maximum: number) => (maximum > 0 ? given / maximum : 0);

/**
 * Scores for the LMS: when a learner who came through an LTI launch has a submission judged, the
 * score of every link of theirs it counts for is computed from the gradebook (an assignment's
 * score after the late penalty; a problem's cell), and queued as a delivery. Under the course's
 * `best` policy a score lower than one already sent is recorded as skipped, not sent.
 */
export function createScoreDeliveries({
  db,
  clock,
  logger,
  gradebook,
  links,
  wake,
}: {
  db: Knex;
  clock: Clock;
  logger: Logger;
  gradebook: GradebookService;
  links: ScoreLinks;
  /** Tells the worker there is something due now. */
  wake: () => void;
}) {
  const deliveries = () => db<ScoreDeliveryRow>("lti_score_deliveries");
  /** One link's scores are queued one after another, so their timestamps and order hold. */
  const queued = new Map<string, Promise<void>>();
  const oneAtATime = (linkId: string, task: () => Promise<void>): Promise<void> => {
    const next = (queued.get(linkId) ?? Promise.resolve()).then(task, task);
    const settled = next.catch(() => undefined);
    queued.set(linkId, settled);
    void settled.then(() => {
      if (queued.get(linkId) === settled) queued.delete(linkId);
    });
    return next;
  };

  /** The link's score now, from the gradebook; undefined when there is nothing to score yet. */
  async function scoreOf(link: ScoreLinkRow, s: SubmissionFacts): Promise<Score | undefined> {
    const owner = { user_id: null, learner_ref: s.learnerRef };
    if (link.assignment_id) {
      const slug = link.problem_slug ?? s.slug;
      const found = await gradebook.cell(link.assignment_id, slug, owner);
      if (!found) return undefined;
      const { cell, assignment } = found;
      if (link.problem_slug) {
        const points = assignment.points.get(link.problem_slug) ?? 0;
        return {
          scoreGiven: cell.score,
          scoreMaximum: points,
          activityProgress: cell.firstSolvedAt ? "Completed" : "Submitted",
          ...(cell.late && cell.firstSolvedAt ? { comment: "Solved after the due time." } : {}),
        };
      }
      const done = await gradebook.completion(assignment, owner);
      const progress = done.complete
        ? "Completed"
        : done.attempted >= assignment.problems.length
          ? "Submitted"
          : "InProgress";
      return {
        scoreGiven: done.score,
        scoreMaximum: assignment.totalPoints,
        activityProgress: progress,
        ...(done.late ? { comment: "Includes work after the due time." } : {}),
      };
    }
    // A problem on its own, outside any assignment: solved or not, out of 1 (the LMS scales it).
    const solved = await db("submissions")
      .join("problems", "problems.id", "submissions.problem_id")
      .join("embeds", "embeds.id", "submissions.embed_id")
      .where({
        "problems.slug": link.problem_slug,
        "submissions.learner_ref": s.learnerRef,
        "submissions.state": "done",
        "submissions.verdict": "accepted",
        "embeds.course_id": link.course_id,
      })
      .whereNull("submissions.assignment_id")
      .first("submissions.id");
    return {
      scoreGiven: solved ? 1 : 0,
      scoreMaximum: 1,
      activityProgress: solved ? "Completed" : "Submitted",
    };
  }

  async function enqueue(link: ScoreLinkRow, s: SubmissionFacts, score: Score, userId: string) {
    const course = await db("courses").where({ id: link.course_id }).first("lti_score_policy");
    const policy = (course?.lti_score_policy ?? "best") as LtiScorePolicy;
    const history = await deliveries()
      .where({ link_id: link.id })
      .orderBy("created_at", "desc")
      .orderBy("id", "desc");
    const sent = history.filter((d) => d.status === "delivered" || d.status === "pending");
    const latest = sent[0] ? (JSON.parse(sent[0].payload) as ScorePayload) : undefined;
    if (
      latest &&
      latest.scoreGiven === score.scoreGiven &&
      latest.scoreMaximum === score.scoreMaximum &&
      latest.activityProgress === score.activityProgress
    ) {
      return; // Nothing the LMS does not know already.
    }
    const at = clock.now();
    // AGS: a score's timestamp must be later than the last one the platform has for this learner.
    const last = history[0] ? Date.parse((JSON.parse(history[0].payload) as ScorePayload).timestamp) : 0;
    const payload: ScorePayload = {
      userId,
      scoreGiven: score.scoreGiven,
      scoreMaximum: score.scoreMaximum,
      activityProgress: score.activityProgress,
      gradingProgress: "FullyGraded",
      timestamp: iso(Math.max(at, last + 1)),
      ...(score.comment ? { comment: score.comment } : {}),
    };
    const best = Math.max(-1, ...sent.map((d) => fraction(Number(d.score_given), Number(d.score_maximum))));
    const lower = policy === "best" && fraction(score.scoreGiven, score.scoreMaximum) < best - 1e-9;
    const row = {
      id: randomUUID(),
      link_id: link.id,
      course_id: link.course_id,
      submission_id: s.id,
      payload: JSON.stringify(payload),
      score_given: score.scoreGiven,
      score_maximum: score.scoreMaximum,
      status: lower ? ("skipped" as const) : ("pending" as const),
      attempts: 0,
      next_attempt_at: lower ? null : iso(at),
      last_status_code: null,
      last_error: lower
        ? "Not sent: lower than a score already sent, and the course keeps the best score (ltiScorePolicy: best)."
        : null,
      // The score's own time: strictly later than this link's previous one, so they list in order.
      created_at: payload.timestamp,
      delivered_at: null,
    };
    await db.transaction(async (trx) => {
      // A newer score replaces one not yet sent: posted in order, and the LMS gets the latest.
      if (!lower) {
        await trx("lti_score_deliveries")
          .where({ link_id: link.id, status: "pending" })
          .update({ status: "superseded", next_attempt_at: null });
      }
      await trx("lti_score_deliveries").insert(row);
    });
    if (!lower) wake();
  }

  async function finished(submissionId: string): Promise<void> {
    const row = await db("submissions")
      .join("problems", "problems.id", "submissions.problem_id")
      .leftJoin("embeds", "embeds.id", "submissions.embed_id")
      .where("submissions.id", submissionId)
      .first(
        "submissions.id",
        "submissions.assignment_id",
        "submissions.learner_ref",
        "submissions.user_id",
        "submissions.state",
        "problems.slug",
        "embeds.course_id",
      );
    // LTI learners' sessions carry `lti:<lti_users.id>` as their learner ref.
    const ref = typeof row?.learner_ref === "string" ? row.learner_ref : "";
    if (row?.state !== "done" || row.user_id || !ref.startsWith("lti:")) return;
    const ltiUserId = ref.slice(4);
    const found = await links.forSubmission({
      ltiUserId,
      assignmentId: row.assignment_id ?? null,
      slug: String(row.slug),
      courseId: row.course_id ?? null,
    });
    if (found.length === 0) return;
    const person = await db("lti_users").where({ id: ltiUserId }).first("sub");
    if (!person) return;
    const facts: SubmissionFacts = {
      id: String(row.id),
      assignmentId: row.assignment_id ?? null,
      slug: String(row.slug),
      learnerRef: ref,
    };
    for (const link of found) {
      await oneAtATime(link.id, async () => {
        const score = await scoreOf(link, facts);
        if (!score || !(score.scoreMaximum > 0)) return;
        await enqueue(link, facts, score, String(person.sub));
      });
    }
  }

  return {
    /** Call with every judged submission; failures are logged, never thrown at the judge. */
    onSubmissionFinished(submissionId: string): void {
      finished(submissionId).catch((err) => {
        logger.error({ err, submissionId }, "could not queue the LMS score for a judged submission");
      });
    },

    /** The same, awaited (tests, and callers that want to know it is queued). */
    scoreSubmission: finished,

    /** A course's deliveries, newest first (at most 200), as its staff see them. */
    async list(courseId: string): Promise<LtiScoreDelivery[]> {
      const rows = (await deliveries()
        .join("lti_score_links", "lti_score_links.id", "lti_score_deliveries.link_id")
        .leftJoin("lti_users", "lti_users.id", "lti_score_links.lti_user_id")
        .where("lti_score_deliveries.course_id", courseId)
        .orderBy("lti_score_deliveries.created_at", "desc")
        .orderBy("lti_score_deliveries.id", "desc")
        .limit(200)
        .select(
          "lti_score_deliveries.*",
          "lti_score_links.lti_user_id",
          "lti_score_links.assignment_id",
          "lti_score_links.problem_slug",
          "lti_score_links.lineitem_url",
          "lti_users.display_name",
        )) as (ScoreDeliveryRow & {
        lti_user_id: string;
        assignment_id: string | null;
        problem_slug: string | null;
        lineitem_url: string;
        display_name: string | null;
      })[];
      return rows.map((r) => {
        const payload = JSON.parse(r.payload) as ScorePayload;
        return {
          id: r.id,
          learnerId: `lti:${r.lti_user_id}`,
          learnerName: r.display_name ?? null,
          assignmentId: r.assignment_id,
          problem: r.problem_slug,
          submissionId: r.submission_id,
          lineItem: r.lineitem_url,
          scoreGiven: Number(r.score_given),
          scoreMaximum: Number(r.score_maximum),
          activityProgress: payload.activityProgress,
          gradingProgress: payload.gradingProgress,
          timestamp: payload.timestamp,
          status: r.status,
          attempts: Number(r.attempts),
          lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
          lastError: r.last_error,
          nextAttemptAt: r.next_attempt_at,
          createdAt: r.created_at,
          deliveredAt: r.delivered_at,
        };
      });
    },
  };
}

export type ScoreDeliveries = ReturnType<typeof createScoreDeliveries>;
