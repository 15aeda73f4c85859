import { randomBytes, randomUUID } from "node:crypto";
import type {
  Course,
  CourseRole,
  CreateCourseRequest,
  JoinCourseRequest,
  UpdateCourseRequest,
} from "@codeground/sdk";
import type { Knex } from "knex";
import type { z } from "zod";
import { fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";
import { courseNotFound, EDITORS, requireRole, roleIn, STAFF } from "./course-access.js";

/** Courses one user may own: enough for every class a teacher runs, not for a script. */
export const MAX_OWNED_COURSES = 100;

export interface CourseRow {
  id: string;
  name: string;
  join_code: string;
  personal: boolean | number;
  /** Which score LTI grade passback sends: `best` or `latest`. */
  lti_score_policy?: string;
  created_at: string;
  updated_at: string;
}

/** Ten characters of Crockford base32 (no I, L, O, U): about 50 bits, easy to read out in class. */
export function newJoinCode(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  return [...randomBytes(10)].map((b) => alphabet[b % 32]).join("");
}

export interface CourseDeps {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
}

/** Courses themselves: made by anyone signed in, joined by code, changed by staff, deleted by owners. */
export function createCourses({ db, audit, clock }: CourseDeps) {
  const now = () => iso(clock.now());
  const courses = () => db<CourseRow>("courses");

  const view = (row: CourseRow, role: CourseRole): Course => ({
    id: row.id,
    name: row.name,
    role,
    personal: row.personal === true || row.personal === 1,
    ...(STAFF.includes(role)
      ? { joinCode: row.join_code, ltiScorePolicy: row.lti_score_policy === "latest" ? "latest" : "best" }
      : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  const record = (action: string, principal: Principal, courseId: string, meta: RequestMeta, details = {}) =>
    audit.record({
      action,
      actorId: principal.user.id,
      targetType: "course",
      targetId: courseId,
      details,
      ...requestFields(meta),
    });

  async function insertCourse(trx: Knex, name: string, ownerId: string, personal: boolean) {
    const at = now();
    const row: CourseRow = {
      id: randomUUID(),
      name,
      join_code: newJoinCode(),
      personal,
      created_at: at,
      updated_at: at,
    };
    await trx("courses").insert(row);
    await trx("course_members").insert({
      course_id: row.id,
      user_id: ownerId,
      role: "owner",
      created_at: at,
      updated_at: at,
    });
    return row;
  }

  async function courseFor(principal: Principal, id: string, allowed: readonly CourseRole[]) {
    const role = await requireRole(db, id, principal.user.id, allowed);
    const row = await courses().where({ id }).first();
    if (!row) throw courseNotFound();
    return { row, role };
  }

  return {
    /** The caller's role when it is one of `allowed`; 404 to non-members, 403 to other roles. */
    assertRole: (principal: Principal, id: string, allowed: readonly CourseRole[]) =>
      requireRole(db, id, principal.user.id, allowed),

    async create(principal: Principal, input: z.output<typeof CreateCourseRequest>, meta: RequestMeta) {
      const owned = await db("course_members")
        .where({ user_id: principal.user.id, role: "owner" })
        .count({ n: "*" })
        .first();
      if (Number(owned?.n ?? 0) >= MAX_OWNED_COURSES) {
        throw fail.conflict(
          "course_limit_reached",
          `You can own at most ${MAX_OWNED_COURSES} courses; delete one you no longer teach first.`,
        );
      }
      const row = await db.transaction((trx) => insertCourse(trx, input.name, principal.user.id, false));
      await record("course.created", principal, row.id, meta, { name: row.name });
      return view(row, "owner");
    },

    /** The courses the caller belongs to, with their role in each. */
    async list(principal: Principal): Promise<Course[]> {
      const rows = await db("courses")
        .join("course_members", "course_members.course_id", "courses.id")
        .where("course_members.user_id", principal.user.id)
        .orderBy("courses.created_at")
        .orderBy("courses.id")
        .select<(CourseRow & { role: CourseRole })[]>("courses.*", "course_members.role");
      return rows.map((r) => view(r, r.role));
    },

    async get(principal: Principal, id: string): Promise<Course> {
      const role = await roleIn(db, id, principal.user.id);
      const row = role ? await courses().where({ id }).first() : undefined;
      if (!role || !row) throw courseNotFound();
      return view(row, role);
    },

    async update(
      principal: Principal,
      id: string,
      input: z.output<typeof UpdateCourseRequest>,
      meta: RequestMeta,
    ) {
      const { row, role } = await courseFor(principal, id, EDITORS);
      const fields = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.ltiScorePolicy !== undefined ? { lti_score_policy: input.ltiScorePolicy } : {}),
        updated_at: now(),
      };
      await courses().where({ id }).update(fields);
      await record("course.updated", principal, id, meta, {
        ...(input.name !== undefined ? { name: { from: row.name, to: input.name } } : {}),
        ...(input.ltiScorePolicy !== undefined
          ? { ltiScorePolicy: { from: row.lti_score_policy ?? "best", to: input.ltiScorePolicy } }
          : {}),
      });
      return view({ ...row, ...fields }, role);
    },

    /** Deletes the course with its members, invitations and embeds; its problems stay, without a course. */
    async remove(principal: Principal, id: string, meta: RequestMeta) {
      const { row } = await courseFor(principal, id, ["owner"]);
      await db.transaction(async (trx) => {
        await trx("problems").where({ course_id: id }).update({ course_id: null });
        await trx("courses").where({ id }).delete();
      });
      await record("course.deleted", principal, id, meta, { name: row.name });
    },

    /** A new join code; the old one stops working at once. */
    async rotateJoinCode(principal: Principal, id: string, meta: RequestMeta) {
      const { row, role } = await courseFor(principal, id, EDITORS);
      const changed = { ...row, join_code: newJoinCode(), updated_at: now() };
      await courses().where({ id }).update({ join_code: changed.join_code, updated_at: changed.updated_at });
      await record("course.join_code_rotated", principal, id, meta);
      return view(changed, role);
    },

    /** Joins as a learner; someone already in the course keeps their role. */
    async join(principal: Principal, input: z.output<typeof JoinCourseRequest>, meta: RequestMeta) {
      const row = await courses().where({ join_code: input.joinCode }).first();
      if (!row) {
        throw fail.notFound("join_code_unknown", "No course has this join code; check it with your teacher.");
      }
      const existing = await roleIn(db, row.id, principal.user.id);
      if (existing) return view(row, existing);
      const at = now();
      await db("course_members").insert({
        course_id: row.id,
        user_id: principal.user.id,
        role: "learner",
        created_at: at,
        updated_at: at,
      });
      await record("course.joined", principal, row.id, meta, { role: "learner" });
      return view(row, "learner");
    },

    /**
     * The user's personal course, made on first need: where an embed made outside any course goes
     * (`POST /embeds`), as the migration put everyone's earlier embeds and problems.
     */
    async personalCourseOf(userId: string): Promise<string> {
      const existing = await db("courses")
        .join("course_members", "course_members.course_id", "courses.id")
        .where({ "course_members.user_id": userId, "course_members.role": "owner", "courses.personal": true })
        .first("courses.id");
      if (existing) return String(existing.id);
      const row = await db.transaction((trx) => insertCourse(trx, "Personal course", userId, true));
      return row.id;
    },

    /**
     * A course made on a user's behalf (an LMS context launching for the first time): owned by
     * them, without the owned-courses ceiling, audited as the system's doing.
     */
    async createOwnedBy(
      ownerId: string,
      name: string,
      meta: RequestMeta,
      details: Record<string, unknown> = {},
    ) {
      const row = await db.transaction((trx) => insertCourse(trx, name.slice(0, 200), ownerId, false));
      await audit.record({
        action: "course.created",
        actorType: "system",
        targetType: "course",
        targetId: row.id,
        details: { name: row.name, ownerId, ...details },
        ...requestFields(meta),
      });
      return row.id;
    },
  };
}

export type Courses = ReturnType<typeof createCourses>;
