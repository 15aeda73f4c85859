import type { CourseRole } from "@codeground/sdk";
import type { Knex } from "knex";
import { fail } from "../../http/errors.js";

/** Staff roles, strongest first; learners are members too, but not staff. */
export const STAFF: readonly CourseRole[] = ["owner", "instructor", "ta"];
/** Who may change a course's content (problems, assignments, embeds) and invite TAs. */
export const EDITORS: readonly CourseRole[] = ["owner", "instructor"];

const COURSE_ID = /^[0-9a-f-]{36}$/i;

/** The same answer for a course that does not exist and one the caller is not in. */
export const courseNotFound = () => fail.notFound("course_not_found", "No such course.");

/** The caller's role in a course, or undefined when they are not a member (or the id is not one). */
export async function roleIn(db: Knex, courseId: string, userId: string): Promise<CourseRole | undefined> {
  if (!COURSE_ID.test(courseId)) return undefined;
  const row = await db("course_members").where({ course_id: courseId, user_id: userId }).first("role");
  return row?.role as CourseRole | undefined;
}

/**
 * The caller's role when it is one of `allowed`: a non-member gets 404 (a course's existence is
 * not told to strangers), a member without the role 403 saying which roles may.
 */
export async function requireRole(
  db: Knex,
  courseId: string,
  userId: string,
  allowed: readonly CourseRole[],
): Promise<CourseRole> {
  const role = await roleIn(db, courseId, userId);
  if (!role) throw courseNotFound();
  if (!allowed.includes(role)) {
    throw fail.authorization(
      "course_role_required",
      `Only a course's ${allowed.join(" or ")} can do this; you are ${role === "ta" ? "a TA" : `its ${role}`}.`,
    );
  }
  return role;
}

/** The ids of the courses where the user holds one of `roles`, as a subquery. */
export const coursesWhere = (db: Knex, userId: string, roles: readonly CourseRole[]) =>
  db("course_members")
    .select("course_id")
    .where({ user_id: userId })
    .whereIn("role", [...roles]);
