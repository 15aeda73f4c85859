import type { Knex } from "knex";
import { isUniqueViolation } from "../../db/errors.js";

/** A learner a course's embed (or LMS launch) has just seen. */
export interface SeenLearner {
  courseId: string;
  /** `sub:…` from a learner token, `anon:…` without one. */
  learnerRef: string;
  /** The name their token gave, if any: the latest one wins. */
  displayName: string | null;
  at: string;
}

/**
 * Records that a course met a learner: added on the first session, their name and last-seen time
 * kept current after. The gradebook lists learners from here, so a learner stays in it when their
 * sessions expire and are swept. Portable: update, else insert, else (a concurrent first session
 * inserted it) update again.
 */
export async function recordCourseLearner(db: Knex, seen: SeenLearner): Promise<void> {
  const key = { course_id: seen.courseId, learner_ref: seen.learnerRef };
  const update = () =>
    db("course_learners")
      .where(key)
      .update({
        last_seen_at: seen.at,
        ...(seen.displayName !== null ? { display_name: seen.displayName } : {}),
      });
  if ((await update()) > 0) return;
  try {
    await db("course_learners").insert({
      ...key,
      display_name: seen.displayName,
      first_seen_at: seen.at,
      last_seen_at: seen.at,
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await update();
  }
}
