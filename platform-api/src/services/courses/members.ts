import type { CourseMember, CourseRole, UpdateMemberRequest } from "@codeground/sdk";
import type { Knex } from "knex";
import type { z } from "zod";
import { fail } from "../../http/errors.js";
import type { Principal, RequestMeta } from "../accounts/accounts.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";
import { requireRole, STAFF } from "./course-access.js";

const USER_ID = /^[0-9a-f-]{36}$/i;

interface MemberRow {
  user_id: string;
  email: string;
  display_name: string | null;
  role: CourseRole;
  created_at: string;
}

const memberNotFound = () => fail.notFound("member_not_found", "No such member in this course.");

/** Who is in a course: staff see everyone, learners see the staff (never each other). */
export function createCourseMembers({ db, audit, clock }: { db: Knex; audit: AuditLog; clock: Clock }) {
  const now = () => iso(clock.now());
  const view = (row: MemberRow): CourseMember => ({
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    joinedAt: row.created_at,
  });
  const members = (courseId: string) =>
    db("course_members")
      .join("users", "users.id", "course_members.user_id")
      .where("course_members.course_id", courseId)
      .select<MemberRow[]>(
        "course_members.user_id",
        "users.email",
        "users.display_name",
        "course_members.role",
        "course_members.created_at",
      );
  const memberOf = async (courseId: string, userId: string) =>
    USER_ID.test(userId)
      ? ((await members(courseId).where("course_members.user_id", userId).first()) as MemberRow | undefined)
      : undefined;

  const record = (
    action: string,
    principal: Principal,
    courseId: string,
    meta: RequestMeta,
    details: Record<string, unknown>,
  ) =>
    audit.record({
      action,
      actorId: principal.user.id,
      targetType: "course",
      targetId: courseId,
      details,
      ...requestFields(meta),
    });

  return {
    async list(principal: Principal, courseId: string): Promise<CourseMember[]> {
      const role = await requireRole(db, courseId, principal.user.id, [...STAFF, "learner"]);
      const query = members(courseId).orderBy("course_members.created_at").orderBy("course_members.user_id");
      if (role === "learner") query.whereIn("course_members.role", [...STAFF]);
      return (await query).map(view);
    },

    /**
     * The owner changes a member's role. Making someone `owner` hands the course over: the caller
     * becomes an instructor, so a course always has exactly one owner.
     */
    async update(
      principal: Principal,
      courseId: string,
      userId: string,
      input: z.output<typeof UpdateMemberRequest>,
      meta: RequestMeta,
    ): Promise<CourseMember> {
      await requireRole(db, courseId, principal.user.id, ["owner"]);
      const member = await memberOf(courseId, userId);
      if (!member) throw memberNotFound();
      if (userId === principal.user.id) {
        throw fail.conflict(
          "owner_role_fixed",
          "You own this course: make another member the owner to hand it over, and you become an instructor.",
        );
      }
      const at = now();
      await db.transaction(async (trx) => {
        await trx("course_members")
          .where({ course_id: courseId, user_id: userId })
          .update({ role: input.role, updated_at: at });
        if (input.role === "owner") {
          await trx("course_members")
            .where({ course_id: courseId, user_id: principal.user.id })
            .update({ role: "instructor", updated_at: at });
        }
      });
      await record("course.member_role_changed", principal, courseId, meta, {
        userId,
        from: member.role,
        to: input.role,
      });
      return view({ ...member, role: input.role });
    },

    /** The owner removes a member; anyone but the owner may leave (remove themselves). */
    async remove(principal: Principal, courseId: string, userId: string, meta: RequestMeta): Promise<void> {
      const role = await requireRole(db, courseId, principal.user.id, [...STAFF, "learner"]);
      const leaving = userId === principal.user.id;
      if (!leaving && role !== "owner") {
        throw fail.authorization("course_role_required", "Only the course's owner can remove other members.");
      }
      const member = await memberOf(courseId, userId);
      if (!member) throw memberNotFound();
      if (member.role === "owner") {
        throw fail.conflict(
          "owner_cannot_leave",
          "The owner cannot leave the course: hand it to another member first, or delete the course.",
        );
      }
      await db("course_members").where({ course_id: courseId, user_id: userId }).delete();
      await record(leaving ? "course.left" : "course.member_removed", principal, courseId, meta, {
        userId,
        role: member.role,
      });
    },
  };
}

export type CourseMembers = ReturnType<typeof createCourseMembers>;
