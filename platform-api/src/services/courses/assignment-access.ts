import type { Assignment, CourseRole } from "@codeground/sdk";
import type { Knex } from "knex";
import type { Learner } from "../../http/auth.js";
import type { Principal } from "../accounts/accounts.js";
import { assignmentNotFound, readAssignment } from "./assignment-store.js";
import { roleIn } from "./course-access.js";

/** Who asks about an assignment: a signed-in principal, or an embed learner. */
export interface AssignmentActor {
  principal?: Principal | undefined;
  learner?: Learner | undefined;
}

/**
 * Where the caller stands in a course: staff with their role, or one of its learners. Either way
 * `learnerKey` names them as attempts and the gradebook do: `user:<id>` for a portal user, the
 * learner ref (`sub:…`, `anon:…`) for an embed learner.
 */
export type Standing =
  | { staff: true; role: CourseRole; learnerKey: string }
  | { staff: false; learnerKey: string };

/** The course an embed learner's embed belongs to. */
async function courseOfLearner(db: Knex, learner: Learner): Promise<string | null> {
  if (learner.courseId !== undefined) return learner.courseId;
  const row = await db("embeds").where({ id: learner.embedId }).first("course_id");
  return (row?.course_id as string | null | undefined) ?? null;
}

/**
 * The caller's standing in a course, or undefined when they are not in it: a portal user by their
 * course role, an embed learner when their embed belongs to the course.
 */
export async function standingIn(
  db: Knex,
  courseId: string,
  actor: AssignmentActor,
): Promise<Standing | undefined> {
  if (actor.principal) {
    const userId = actor.principal.user.id;
    const role = await roleIn(db, courseId, userId);
    if (!role) return undefined;
    const learnerKey = `user:${userId}`;
    return role === "learner" ? { staff: false, learnerKey } : { staff: true, role, learnerKey };
  }
  if (actor.learner) {
    const learnerCourse = await courseOfLearner(db, actor.learner);
    return learnerCourse === courseId ? { staff: false, learnerKey: actor.learner.learnerRef } : undefined;
  }
  return undefined;
}

/** The assignment with the caller's standing in its course; 404 to anyone outside the course. */
export async function assignmentFor(
  db: Knex,
  id: string,
  actor: AssignmentActor,
): Promise<{ assignment: Assignment; standing: Standing }> {
  const assignment = await readAssignment(db, id);
  const standing = assignment ? await standingIn(db, assignment.courseId, actor) : undefined;
  if (!assignment || !standing) throw assignmentNotFound();
  return { assignment, standing };
}
