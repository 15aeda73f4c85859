/** The course roles LTI roles map to. */
export type CourseRoleFromLti = "instructor" | "ta" | "learner";

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";

/**
 * LTI context roles to a course role: Instructor → instructor, TeachingAssistant (a sub-role of
 * Instructor) → ta, Learner → learner; staff before learner, and TeachingAssistant before Instructor. Short names (`Instructor`) count too, as
 * LTI allows them in the roles claim. Institution and system roles are ignored.
 */
export function courseRoleOf(roles: readonly string[]): CourseRoleFromLti | null {
  const names = new Set(
    roles.map((role) => {
      if (role.startsWith(`${MEMBERSHIP}/Instructor#`))
        return role.slice(`${MEMBERSHIP}/Instructor#`.length) === "TeachingAssistant"
          ? "TeachingAssistant"
          : "Instructor";
      if (role.startsWith(`${MEMBERSHIP}#`)) return role.slice(`${MEMBERSHIP}#`.length);
      return role.includes("/") || role.includes("#") ? "" : role;
    }),
  );
  // A teaching assistant's roles may also carry Instructor: the narrower role wins.
  if (names.has("TeachingAssistant")) return "ta";
  if (names.has("Instructor")) return "instructor";
  if (names.has("Learner")) return "learner";
  return null;
}
