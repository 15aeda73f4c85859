import type { Knex } from "knex";
import type { Learner } from "../../http/auth.js";
import type { Principal } from "../accounts/accounts.js";

/**
 * Who is asking about a problem: a signed-in principal, or a learner inside an embed. Shaped like
 * Koa's `ctx.state`, so a route can pass the state itself.
 */
export interface Actor {
  principal?: Principal | undefined;
  learner?: Learner | undefined;
}

/** What access depends on: enough of a problem row to decide. */
export interface Ownable {
  slug: string;
  visibility: string;
  authorId: string | null;
  /** The course it belongs to; its private problems are its members' and its embeds' learners'. */
  courseId?: string | null;
}

/**
 * The one rule for reading a problem. Public problems: everyone signed in and every learner, except
 * that a learner whose embed lists problems sees only those. Private problems: their author and
 * admins, and learners of the author's embeds that list them.
 */
export function canSeeProblem(problem: Ownable, actor: Actor): boolean {
  const { principal, learner } = actor;
  if (principal) {
    return (
      principal.user.role === "admin" ||
      problem.visibility === "public" ||
      (problem.authorId !== null && problem.authorId === principal.user.id)
    );
  }
  if (learner) {
    if (learner.problems && !learner.problems.includes(problem.slug)) return false;
    if (problem.visibility === "public") return true;
    if (learner.courseId && problem.courseId === learner.courseId) return true;
    return learner.problems !== null && problem.authorId === learner.embedOwnerId;
  }
  return false;
}

/** Whether the principal may write problems at all: authors and admins. */
export const isAuthor = (principal: Principal): boolean =>
  principal.user.role === "author" || principal.user.role === "admin";

/** Changing, deleting, exporting a problem, or reading its solutions: its author, and admins. */
export const ownsProblem = (problem: Ownable, principal: Principal): boolean =>
  principal.user.role === "admin" || (problem.authorId !== null && problem.authorId === principal.user.id);

/** `canSeeProblem` as a filter on a query over `problems`, for lists. */
export function whereVisible(query: Knex.QueryBuilder, actor: Actor): Knex.QueryBuilder {
  const { principal, learner } = actor;
  if (principal) {
    if (principal.user.role === "admin") return query;
    const userId = principal.user.id;
    return query.where((q) =>
      q
        .where("problems.visibility", "public")
        .orWhere("problems.author_id", userId)
        .orWhereIn("problems.course_id", function courses(this: Knex.QueryBuilder) {
          this.select("course_id").from("course_members").where("user_id", userId);
        }),
    );
  }
  if (learner) {
    const courseId = learner.courseId ?? null;
    const ofCourse = (q: Knex.QueryBuilder) => (courseId ? q.orWhere("problems.course_id", courseId) : q);
    if (learner.problems === null)
      return query.where((q) => ofCourse(q.where("problems.visibility", "public")));
    const listed = learner.problems;
    const owner = learner.embedOwnerId;
    return query
      .whereIn("problems.slug", listed)
      .where((q) => ofCourse(q.where("problems.visibility", "public").orWhere("problems.author_id", owner)));
  }
  return query.whereRaw("1 = 0");
}
