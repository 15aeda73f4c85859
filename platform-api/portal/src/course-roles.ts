import type { CourseRole } from "@codeground/sdk";

/** How each course role reads on a page. */
export const ROLE_LABELS: Record<CourseRole, string> = {
  owner: "Owner",
  instructor: "Instructor",
  ta: "TA",
  learner: "Learner",
};

/** "an instructor", "a TA": the role inside a sentence. */
export function withArticle(role: CourseRole): string {
  const label = role === "ta" ? "TA" : ROLE_LABELS[role].toLowerCase();
  return `${/^[aeiou]/i.test(role) ? "an" : "a"} ${label}`;
}

/** The viewer's place in a course, as a sentence. */
export const yourRole = (role: CourseRole) =>
  role === "owner" ? "You own this course." : `You are ${withArticle(role)} of this course.`;

/** Staff first, strongest first: the order a course's people are listed in. */
export const ROLE_ORDER: readonly CourseRole[] = ["owner", "instructor", "ta", "learner"];

/** Who runs a course: they see its join code, members and embeds. */
export const isStaff = (role: CourseRole) => role !== "learner";
/** Who changes a course: rename it, its join code, its embeds, invitations. */
export const isEditor = (role: CourseRole) => role === "owner" || role === "instructor";
