import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { type Clock, iso } from "../shared/clock.js";
import { AGS_SCOPE } from "./ags-tokens.js";
import type { ValidatedLaunch } from "./launch-claims.js";

/** A learner's resource link with a line item: where their scores for it go. */
export interface ScoreLinkRow {
  id: string;
  registration_id: string;
  lti_user_id: string;
  course_id: string;
  resource_link_id: string;
  assignment_id: string | null;
  problem_slug: string | null;
  lineitem_url: string;
  scopes: string;
  created_at: string;
  updated_at: string;
}

/** The AGS endpoint claim's line item, when it is one we can post scores to. */
function lineItemOf(ags: Record<string, unknown> | null): { url: string; scopes: string[] } | null {
  if (!ags) return null;
  const scopes = Array.isArray(ags.scope)
    ? ags.scope.filter((s): s is string => typeof s === "string").slice(0, 20)
    : [];
  const url = ags.lineitem;
  if (!scopes.includes(AGS_SCOPE.score) || typeof url !== "string" || url.length > 2048) return null;
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (!/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password) return null;
  return { url, scopes };
}

/**
 * The line items learners' launches name (the AGS endpoint claim), per LMS user and resource
 * link, with what the link opens in Codeground. Where the addresses may be reached is checked
 * when a score is posted, through the pinned dispatcher: a launch is never slowed by DNS here.
 */
export function createScoreLinks({ db, clock }: { db: Knex; clock: Clock }) {
  const links = () => db<ScoreLinkRow>("lti_score_links");

  return {
    /**
     * After a learner's resource-link launch: remembers (or updates) where the link's scores go.
     * A launch without a line item we can score changes nothing: an earlier one of the same link,
     * and the deliveries staff see for it, stay.
     */
    async remember(
      launch: ValidatedLaunch,
      target: { courseId: string; ltiUserId: string; assignmentId: string | null; problem: string | null },
    ): Promise<void> {
      if (!launch.resourceLink || launch.messageType !== "LtiResourceLinkRequest") return;
      const where = { lti_user_id: target.ltiUserId, resource_link_id: launch.resourceLink.id.slice(0, 255) };
      const item = lineItemOf(launch.ags);
      const opens = target.assignmentId !== null || target.problem !== null;
      if (!item || !opens) return;
      const at = iso(clock.now());
      const fields = {
        registration_id: launch.registration.id,
        course_id: target.courseId,
        assignment_id: target.assignmentId,
        problem_slug: target.problem,
        lineitem_url: item.url,
        scopes: JSON.stringify(item.scopes),
        updated_at: at,
      };
      const updated = await links().where(where).update(fields);
      if (updated > 0) return;
      // Two first launches of one link at once: the second insert fails, the first row stands.
      await links()
        .insert({ id: randomUUID(), ...where, ...fields, created_at: at })
        .catch(() => links().where(where).update(fields));
    },

    /**
     * The links a judged submission scores for: the learner's links to its assignment (the whole
     * assignment, or this problem of it), or, for a submission outside any assignment, their
     * links to this problem alone in the course it was made in.
     */
    async forSubmission(s: {
      ltiUserId: string;
      assignmentId: string | null;
      slug: string;
      courseId: string | null;
    }): Promise<ScoreLinkRow[]> {
      const query = links().where({ lti_user_id: s.ltiUserId });
      if (s.assignmentId) {
        query
          .where({ assignment_id: s.assignmentId })
          .where((q) => q.whereNull("problem_slug").orWhere({ problem_slug: s.slug }));
      } else {
        if (!s.courseId) return [];
        query.whereNull("assignment_id").where({ problem_slug: s.slug, course_id: s.courseId });
      }
      return query.orderBy("created_at").orderBy("id");
    },

    byId: (id: string) => links().where({ id }).first(),
  };
}

export type ScoreLinks = ReturnType<typeof createScoreLinks>;
