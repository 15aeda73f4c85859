import type { CourseRole } from "@codeground/sdk";

/**
 * The catalog key of a role's name ("Owner", "TA"): each view's catalog that shows roles holds
 * `role.<role>`, and sentences about a role are keyed by it too (`you.<role>`), since articles and
 * agreement differ by language.
 */
export const roleKey = <R extends CourseRole>(role: R) => `role.${role}` as const;

/** Staff first, strongest first: the order a course's people are listed in. */
export const ROLE_ORDER: readonly CourseRole[] = ["owner", "instructor", "ta", "learner"];

/** Who runs a course: they see its join code, members and embeds. */
export const isStaff = (role: CourseRole) => role !== "learner";
/** Who changes a course: rename it, its join code, its embeds, invitations. */
export const isEditor = (role: CourseRole) => role === "owner" || role === "instructor";
