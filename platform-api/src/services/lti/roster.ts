import { randomUUID } from "node:crypto";
import type { LtiCourseLink, LtiRosterSyncResult } from "@codeground/sdk";
import type { Knex } from "knex";
import { z } from "zod";
import { isUniqueViolation } from "../../db/errors.js";
import { ApiError, fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import { EDITORS, STAFF } from "../courses/course-access.js";
import { recordCourseLearner } from "../courses/course-learners.js";
import type { Courses } from "../courses/courses.js";
import { type Clock, iso } from "../shared/clock.js";
import type { AgsTokens } from "./ags-tokens.js";
import {
  fetchFromPlatform,
  PlatformFetchError,
  type PlatformFetchPolicy,
  platformJson,
  safeUrl,
} from "./platform-fetch.js";
import { PlatformCallError } from "./platform-request.js";
import type { PlatformRegistration, Registrations } from "./registrations.js";
import { courseRoleOf } from "./roles.js";

export const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
export const MEMBERSHIP_CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
/** A roster is read in at most this many pages, and this many members: a platform that pages forever stops here. */
export const MAX_ROSTER_PAGES = 50;
export const MAX_ROSTER_MEMBERS = 10_000;
const MAX_PAGE_BYTES = 4 * 1024 * 1024;

const Member = z.looseObject({
  user_id: z.string().min(1).max(255),
  status: z.string().optional(),
  roles: z.array(z.string()).max(100).default([]),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
});
type Member = z.infer<typeof Member>;
const Container = z.looseObject({ members: z.array(z.unknown()).max(MAX_ROSTER_MEMBERS) });

interface ContextRow {
  id: string;
  registration_id: string;
  context_id: string;
  title: string | null;
  course_id: string;
  memberships_url: string | null;
  roster_synced_at: string | null;
}

/** The `rel="next"` target of an RFC 8288 `Link` header, if there is one. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2] ?? "")) {
      return match[1] ?? null;
    }
  }
  return null;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

const displayName = (m: Member) =>
  (m.name ?? [m.given_name, m.family_name].filter(Boolean).join(" "))?.trim().slice(0, 200) || null;

/**
 * Names and Role Provisioning Services 2.0: a course's staff import the roster of the LMS course it
 * is linked to. The membership container is read (every page, bounded) with a client-credentials
 * token; active learners become the course's learners with the learner ref their launches have
 * (`lti:<lti user id>`), so the gradebook lists them before they first launch. Instructors and
 * teaching assistants are counted, not given staff roles: a role needs a Codeground account.
 */
export function createRosterSync({
  db,
  clock,
  audit,
  courses,
  registrations,
  tokens,
  http,
}: {
  db: Knex;
  clock: Clock;
  audit: AuditLog;
  courses: Courses;
  registrations: Registrations;
  /** The client-credentials token client grade passback uses too. */
  tokens: AgsTokens;
  http: PlatformFetchPolicy;
}) {
  const contextsOf = (courseId: string) =>
    db<ContextRow>("lti_contexts").where({ course_id: courseId }).orderBy("created_at").orderBy("id");

  /** GET one page with the bearer token; a 401 asks for a fresh token once (it may have been revoked). */
  async function getPage(registration: PlatformRegistration, url: string) {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.tokenFor(registration, [NRPS_SCOPE]);
      const res = await fetchFromPlatform(
        url,
        {
          headers: { Accept: MEMBERSHIP_CONTAINER, Authorization: `Bearer ${token}` },
          maxBytes: MAX_PAGE_BYTES,
        },
        http,
        "The LMS's roster service",
      );
      if (res.status === 401 && attempt === 0) {
        tokens.forget(registration, [NRPS_SCOPE]);
        continue;
      }
      if (res.status !== 200) {
        const hint =
          res.status === 401 || res.status === 403
            ? "it refused the tool's access; check that the tool may read course memberships (Names and Role Provisioning) in the LMS"
            : res.status === 404
              ? "it no longer knows this course"
              : "try again later";
        throw new PlatformFetchError(
          "status",
          `The LMS's roster service answered ${res.status}: ${hint}.`,
          res.status,
        );
      }
      return res;
    }
  }

  async function readRoster(registration: PlatformRegistration, firstUrl: string): Promise<Member[]> {
    const origin = new URL(firstUrl).origin;
    const members: Member[] = [];
    let url: string | null = firstUrl;
    for (let page = 0; url; page++) {
      if (page >= MAX_ROSTER_PAGES) {
        throw new PlatformFetchError(
          "too_large",
          `The LMS's roster has more than ${MAX_ROSTER_PAGES} pages; Codeground stops reading there.`,
        );
      }
      const res = await getPage(registration, url);
      const body = Container.safeParse(platformJson(res, "The LMS's roster service"));
      if (!body.success) {
        throw new PlatformFetchError(
          "status",
          "The LMS's roster service answered without a list of members.",
          200,
        );
      }
      for (const raw of body.data.members) {
        const member = Member.safeParse(raw);
        if (member.success) members.push(member.data);
      }
      if (members.length > MAX_ROSTER_MEMBERS) {
        throw new PlatformFetchError(
          "too_large",
          `The LMS's roster has more than ${MAX_ROSTER_MEMBERS} members; Codeground stops reading there.`,
        );
      }
      const next = nextLink(res.headers.get("Link"));
      // The bearer token goes to the roster service's own origin only.
      url =
        next && URL.canParse(next, url) && new URL(next, url).origin === origin
          ? new URL(next, url).href
          : null;
    }
    return members;
  }

  /**
   * The platform's people as the tool knows them (`lti_users` ids by `sub`), made for those who
   * never launched; names kept current. In chunks: a roster of thousands costs a few queries.
   */
  async function ltiUserIds(registrationId: string, people: Map<string, string | null>, at: string) {
    const ids = new Map<string, string>();
    const subs = [...people.keys()];
    const read = async (wanted: string[]) => {
      for (const part of chunks(wanted, 500)) {
        const rows = await db("lti_users")
          .where({ registration_id: registrationId })
          .whereIn("sub", part)
          .select("id", "sub", "display_name");
        for (const r of rows) {
          ids.set(String(r.sub), String(r.id));
          const name = people.get(String(r.sub)) ?? null;
          if (name !== null && name !== r.display_name)
            await db("lti_users").where({ id: r.id }).update({ display_name: name });
        }
      }
    };
    await read(subs);
    const missing = subs.filter((sub) => !ids.has(sub));
    const row = (sub: string) => ({
      id: randomUUID(),
      registration_id: registrationId,
      sub,
      user_id: null,
      display_name: people.get(sub) ?? null,
      created_at: at,
      last_launch_at: at,
    });
    for (const part of chunks(missing, 200)) {
      try {
        await db("lti_users").insert(part.map(row));
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Someone of this chunk launched meanwhile: one by one, the launch's row wins.
        for (const sub of part)
          await db("lti_users")
            .insert(row(sub))
            .catch(() => undefined);
      }
    }
    if (missing.length) await read(missing);
    return ids;
  }

  /** Adds the learners to the course (`course_learners`); answers how many were new. */
  async function recordLearners(courseId: string, learners: Map<string, string | null>, at: string) {
    const refs = [...learners.keys()];
    const known = new Map<string, string | null>();
    for (const part of chunks(refs, 500)) {
      const rows = await db("course_learners")
        .where({ course_id: courseId })
        .whereIn("learner_ref", part)
        .select("learner_ref", "display_name");
      for (const r of rows) known.set(String(r.learner_ref), r.display_name ?? null);
    }
    const fresh = refs.filter((ref) => !known.has(ref));
    for (const part of chunks(fresh, 200)) {
      const rows = part.map((ref) => ({
        course_id: courseId,
        learner_ref: ref,
        display_name: learners.get(ref) ?? null,
        first_seen_at: at,
        last_seen_at: at,
      }));
      try {
        await db("course_learners").insert(rows);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        for (const ref of part)
          await recordCourseLearner(db, {
            courseId,
            learnerRef: ref,
            displayName: learners.get(ref) ?? null,
            at,
          });
      }
    }
    // Those the course knew: a changed name is kept; when they were last seen is the launches' to say.
    for (const [ref, name] of known) {
      const wanted = learners.get(ref) ?? null;
      if (wanted !== null && wanted !== name)
        await db("course_learners")
          .where({ course_id: courseId, learner_ref: ref })
          .update({ display_name: wanted });
    }
    return fresh.length;
  }

  async function importMembers(courseId: string, registrationId: string, members: Member[], at: string) {
    const counts = { imported: 0, updated: 0, skipped: 0, total: members.length, staff: 0 };
    const people = new Map<string, string | null>();
    for (const member of members) {
      const role = courseRoleOf(member.roles);
      if ((member.status ?? "Active") !== "Active" || role === null) {
        counts.skipped++;
      } else if (role !== "learner") {
        counts.staff++;
        counts.skipped++;
      } else if (people.has(member.user_id)) {
        // The same person twice in the container: counted once.
        counts.skipped++;
      } else {
        people.set(member.user_id, displayName(member));
      }
    }
    const ids = await ltiUserIds(registrationId, people, at);
    const learners = new Map<string, string | null>();
    for (const [sub, name] of people) {
      const id = ids.get(sub);
      if (id) learners.set(`lti:${id}`, name);
    }
    counts.imported = await recordLearners(courseId, learners, at);
    counts.updated = learners.size - counts.imported;
    return counts;
  }

  const record = (
    principal: Principal,
    courseId: string,
    action: string,
    details: Record<string, unknown>,
    meta: RequestMeta,
  ) =>
    audit.record({
      action,
      actorId: principal.user.id,
      targetType: "course",
      targetId: courseId,
      details,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      requestId: meta.requestId ?? null,
    });

  return {
    /** The LMS courses a course is linked to (staff only). */
    async link(principal: Principal, courseId: string): Promise<LtiCourseLink> {
      await courses.assertRole(principal, courseId, STAFF);
      const rows = await contextsOf(courseId);
      const contexts = [];
      for (const row of rows) {
        const registration = await registrations.byId(row.registration_id);
        contexts.push({
          title: row.title,
          issuer: registration?.issuer ?? "",
          rosterAvailable: row.memberships_url !== null,
          rosterSyncedAt: row.roster_synced_at,
        });
      }
      return { linked: contexts.length > 0, contexts };
    },

    /** Imports the roster of every LMS course this course is linked to (owner and instructors). */
    async sync(principal: Principal, courseId: string, meta: RequestMeta): Promise<LtiRosterSyncResult> {
      await courses.assertRole(principal, courseId, EDITORS);
      const rows = await contextsOf(courseId);
      if (!rows.length) {
        throw fail.conflict(
          "course_not_linked_to_lms",
          "This course is not linked to a course in a learning platform. Add Codeground to the LMS course and launch it there once; then sync its roster.",
        );
      }
      const withService = rows.filter((r) => r.memberships_url !== null);
      if (!withService.length) {
        throw fail.conflict(
          "lms_roster_unavailable",
          "The LMS has not offered its roster service (Names and Role Provisioning) in a launch of this course. Allow the tool to read course memberships in the LMS, launch it once, then sync again.",
        );
      }
      const at = iso(clock.now());
      const result = { imported: 0, updated: 0, skipped: 0, total: 0, staff: 0, syncedAt: at };
      for (const row of withService) {
        const registration = await registrations.byId(row.registration_id);
        const url = row.memberships_url as string;
        if (!registration) continue;
        let members: Member[];
        try {
          members = await readRoster(registration, url);
        } catch (err) {
          // The token endpoint's refusals come from the shared token client, in its own words.
          const failure =
            err instanceof PlatformFetchError
              ? { reason: err.kind, status: err.status, message: err.message }
              : err instanceof PlatformCallError
                ? {
                    reason: "token",
                    status: err.detail.status ?? null,
                    message: `Codeground could not get access to the LMS's roster: ${err.message}.`,
                  }
                : undefined;
          if (!failure) throw err;
          await record(
            principal,
            courseId,
            "lti.roster_sync_failed",
            {
              registrationId: registration.id,
              url: safeUrl(url),
              reason: failure.reason,
              status: failure.status,
            },
            meta,
          );
          throw new ApiError(502, "external_service", "lms_roster_failed", failure.message);
        }
        const counts = await importMembers(courseId, registration.id, members, at);
        for (const k of ["imported", "updated", "skipped", "total", "staff"] as const) result[k] += counts[k];
        await db("lti_contexts").where({ id: row.id }).update({ roster_synced_at: at, updated_at: at });
      }
      await record(
        principal,
        courseId,
        "lti.roster_synced",
        {
          imported: result.imported,
          updated: result.updated,
          skipped: result.skipped,
          total: result.total,
          staff: result.staff,
          contexts: withService.length,
        },
        meta,
      );
      return result;
    },
  };
}

export type RosterSync = ReturnType<typeof createRosterSync>;
