import { randomUUID } from "node:crypto";
import { Slug } from "@codeground/sdk";
import type { Knex } from "knex";
import type { RequestMeta } from "../accounts/accounts.js";
import { publicUser, type UserRow } from "../accounts/accounts.js";
import type { Courses } from "../courses/courses.js";
import type { EmbedSessions } from "../embeds/embed-sessions.js";
import type { Embeds } from "../embeds/embeds.js";
import { type Clock, iso } from "../shared/clock.js";
import type { ValidatedLaunch } from "./launch-claims.js";
import { refuse } from "./lti-refusal.js";
import type { ScoreLinks } from "./score-links.js";

/** Custom parameters a link may carry (deep linking will write them) naming what it opens. */
export const CUSTOM_COURSE = "codeground_course";
export const CUSTOM_PROBLEM = "codeground_problem";
export const CUSTOM_ASSIGNMENT = "codeground_assignment";

/** What a validated launch resolved to on our side. */
export interface LaunchOutcome {
  launch: ValidatedLaunch;
  courseId: string;
  courseName: string;
  /** Whether this launch linked the LMS context to a course made for it just now. */
  courseCreated: boolean;
  /** The platform's person as the tool knows them (`lti_users.id`). */
  ltiUserId: string;
  /** The problem or assignment the link names, checked against the linked course. */
  problem: string | null;
  assignment: { id: string; title: string } | null;
  /**
   * The assignment's problems in order, with their titles, when the link names the whole
   * assignment (not one of its problems): the exercise page lets the learner move between them.
   */
  assignmentProblems: { slug: string; title: string }[];
  /** A learner's session (learners only): the bearer token the frame uses, and when it ends. */
  learnerSession: {
    token: string;
    expiresAt: string;
    learnerRef: string;
    /** The course's LTI embed, whose frame bundle shows the exercise. */
    publishableKey: string;
  } | null;
}

interface ContextRow {
  id: string;
  registration_id: string;
  context_id: string;
  title: string | null;
  course_id: string;
  embed_id: string | null;
}

/**
 * After validation: the LMS context becomes (or already is) a Codeground course owned by the
 * registration's owner, the person is remembered, the link's problem or assignment is checked to
 * belong to that course, and a learner gets a learner session in the course's LTI embed.
 */
export function createLaunchOutcomes({
  db,
  clock,
  courses,
  embeds,
  sessions,
  ownOrigin,
  scoreLinks,
}: {
  db: Knex;
  clock: Clock;
  courses: Courses;
  embeds: Embeds;
  sessions: EmbedSessions;
  ownOrigin: string;
  /** Grade passback: where a learner's scores for this link go (the AGS endpoint claim). */
  scoreLinks?: Pick<ScoreLinks, "remember">;
}) {
  const now = () => iso(clock.now());

  async function linkContext(launch: ValidatedLaunch, meta: RequestMeta) {
    const { registration, context } = launch;
    const where = { registration_id: registration.id, context_id: context.id };
    let row = await db<ContextRow>("lti_contexts").where(where).first();
    let created = false;
    if (!row) {
      const name = context.title ?? context.label ?? "LMS course";
      const courseId = await courses.createOwnedBy(registration.ownerId, name, meta, {
        ltiRegistrationId: registration.id,
      });
      try {
        await db("lti_contexts").insert({
          id: randomUUID(),
          ...where,
          title: context.title,
          course_id: courseId,
          embed_id: null,
          created_at: now(),
          updated_at: now(),
        });
        created = true;
      } catch {
        // A first launch of the same context at the same moment linked it first: use that course.
        await db("courses").where({ id: courseId }).delete();
      }
      row = await db<ContextRow>("lti_contexts").where(where).first();
      if (!row) throw new Error("could not link the LMS context");
    }
    return { row, created };
  }

  /** The course's embed for LTI learners, made on the first learner launch. */
  async function embedFor(row: ContextRow, ownerId: string, meta: RequestMeta) {
    const existing = row.embed_id ? await embeds.byId(row.embed_id) : undefined;
    if (existing) return { id: existing.id, publishableKey: existing.publishable_key };
    const owner = await db<UserRow>("users").where({ id: ownerId }).first();
    if (!owner)
      throw refuse(
        403,
        "owner_gone",
        "The Codeground account that registered this platform no longer exists.",
      );
    const embed = await embeds.create(
      { user: publicUser(owner), via: "token", scopes: ["read", "write"] },
      {
        name: `LTI: ${(row.title ?? row.context_id).slice(0, 80)}`,
        // The launch page is ours: learners reach the API from our own origin only.
        allowedOrigins: [ownOrigin],
        features: ["problem", "chat"],
      },
      meta,
      { courseId: row.course_id },
    );
    await db("lti_contexts").where({ id: row.id }).update({ embed_id: embed.id, updated_at: now() });
    return { id: embed.id, publishableKey: embed.publishableKey };
  }

  async function ltiUser(launch: ValidatedLaunch): Promise<string> {
    const where = { registration_id: launch.registration.id, sub: launch.sub.slice(0, 255) };
    const existing = await db("lti_users").where(where).first("id");
    if (existing) {
      await db("lti_users")
        .where({ id: existing.id })
        .update({ display_name: launch.name, last_launch_at: now() });
      return String(existing.id);
    }
    const id = randomUUID();
    await db("lti_users")
      .insert({
        id,
        ...where,
        user_id: null,
        display_name: launch.name,
        created_at: now(),
        last_launch_at: now(),
      })
      .catch(() => undefined);
    const row = await db("lti_users").where(where).first("id");
    return String(row?.id ?? id);
  }

  return {
    async complete(launch: ValidatedLaunch, meta: RequestMeta): Promise<LaunchOutcome> {
      const regId = launch.registration.id;
      if (!launch.courseRole) {
        throw refuse(
          403,
          "role_not_mapped",
          "Your role in this course is not one Codeground knows (instructor, teaching assistant or learner).",
          regId,
        );
      }
      // A link naming a course must name the one this registration's context is linked to.
      const namedCourse = launch.custom[CUSTOM_COURSE];
      const existing = await db<ContextRow>("lti_contexts")
        .where({ registration_id: regId, context_id: launch.context.id })
        .first();
      if (namedCourse !== undefined && namedCourse !== existing?.course_id) {
        throw refuse(
          403,
          "foreign_context",
          "This link names a Codeground course that belongs to another platform's course.",
          regId,
        );
      }
      const { row, created } = await linkContext(launch, meta);
      await rememberMembershipsUrl(db, row.id, launch, now());
      const course = await db("courses").where({ id: row.course_id }).first("name");

      let assignment: LaunchOutcome["assignment"] = null;
      let assignmentProblems: string[] | null = null;
      const assignmentParam = launch.custom[CUSTOM_ASSIGNMENT];
      if (assignmentParam !== undefined) {
        const found = /^[0-9a-f-]{36}$/i.test(assignmentParam)
          ? await db("assignments")
              .where({ id: assignmentParam })
              .first("id", "course_id", "title", "problems")
          : undefined;
        if (!found || found.course_id !== row.course_id) {
          throw refuse(403, "foreign_assignment", "This link names an assignment of another course.", regId);
        }
        assignment = { id: String(found.id), title: String(found.title) };
        assignmentProblems = (JSON.parse(String(found.problems)) as { slug: string }[]).map((p) => p.slug);
      }
      let problem: string | null = null;
      const problemParam = launch.custom[CUSTOM_PROBLEM];
      if (problemParam !== undefined) {
        const slug = Slug.safeParse(problemParam);
        if (!slug.success)
          throw refuse(400, "bad_problem", "This link names a problem that does not exist.", regId);
        // A public problem, or one of this course's; inside an assignment, one of the assignment's.
        const found = await db("problems")
          .where({ slug: slug.data })
          .where((q) => q.where({ visibility: "public" }).orWhere({ course_id: row.course_id }))
          .first("slug");
        if (!found || (assignmentProblems && !assignmentProblems.includes(slug.data))) {
          throw refuse(
            403,
            "foreign_problem",
            "This link names a problem that is not part of this course.",
            regId,
          );
        }
        problem = slug.data;
      } else if (assignmentProblems) {
        problem = assignmentProblems[0] ?? null;
      }
      const titles = new Map<string, string>();
      if (assignmentProblems && problemParam === undefined && assignmentProblems.length > 0) {
        for (const p of await db("problems").whereIn("slug", assignmentProblems).select("slug", "title")) {
          titles.set(String(p.slug), String(p.title));
        }
      }
      const problemsOfAssignment =
        assignmentProblems && problemParam === undefined
          ? assignmentProblems.map((slug) => ({ slug, title: titles.get(slug) ?? slug }))
          : [];

      const ltiUserId = await ltiUser(launch);
      let learnerSession: LaunchOutcome["learnerSession"] = null;
      if (launch.courseRole === "learner" && launch.messageType === "LtiResourceLinkRequest") {
        const embed = await embedFor(row, launch.registration.ownerId, meta);
        const learnerRef = `lti:${ltiUserId}`;
        const session = await sessions.startVouched({
          embedId: embed.id,
          learnerRef,
          displayName: launch.name,
          assignmentId: assignment?.id ?? null,
        });
        // startVouched records the learner in the course (course_learners), as every session does.
        learnerSession = { ...session, learnerRef, publishableKey: embed.publishableKey };
        await scoreLinks?.remember(launch, {
          courseId: row.course_id,
          ltiUserId,
          assignmentId: assignment?.id ?? null,
          problem: problemParam !== undefined ? problem : null,
        });
      }
      return {
        launch,
        courseId: row.course_id,
        courseName: String(course?.name ?? ""),
        courseCreated: created,
        ltiUserId,
        problem,
        assignment,
        assignmentProblems: problemsOfAssignment,
        learnerSession,
      };
    },
  };
}

export type LaunchOutcomes = ReturnType<typeof createLaunchOutcomes>;

/**
 * The context's roster service (NRPS `context_memberships_url`), kept from its latest launch that
 * names one, for staff to import the roster later (`POST /courses/:id/lti/roster-sync`).
 */
async function rememberMembershipsUrl(db: Knex, contextRowId: string, launch: ValidatedLaunch, at: string) {
  const url = launch.nrps?.context_memberships_url;
  if (typeof url !== "string" || url.length > 2048 || !URL.canParse(url)) return;
  if (!/^https?:$/.test(new URL(url).protocol)) return;
  await db("lti_contexts")
    .where({ id: contextRowId })
    .where((q) => q.whereNull("memberships_url").orWhereNot({ memberships_url: url }))
    .update({ memberships_url: url, updated_at: at });
}
