import { z } from "zod";
import { Email } from "./auth.js";

/** Who someone is in a course: staff (owner, instructor, ta) or a learner. */
export const CourseRole = z.enum(["owner", "instructor", "ta", "learner"]);
export type CourseRole = z.infer<typeof CourseRole>;

/** The staff roles an invitation can give; ownership moves by `PATCH …/members/:userId`. */
export const InvitedRole = z.enum(["instructor", "ta"]);
export type InvitedRole = z.infer<typeof InvitedRole>;

const CourseName = z.string().trim().min(1, "give the course a name").max(200, "use at most 200 characters");

/** A join code as people type it: 10 letters and digits, any case, spaces and dashes ignored. */
export const JoinCode = z
  .string()
  .max(40)
  .regex(/^[\s-]*(?:[0-9A-Za-z][\s-]*){10}$/, "a join code is 10 letters and digits")
  // Crockford base32 reads O as 0 and I, L as 1: what people mistype when reading a code aloud.
  .transform((value) => value.replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1"));

/**
 * Which score goes back to the LMS (LTI grade passback): `best` never posts a lower score over a
 * higher one; `latest` posts the gradebook's score as it is now, lower or not.
 */
export const LtiScorePolicy = z.enum(["best", "latest"]);
export type LtiScorePolicy = z.infer<typeof LtiScorePolicy>;

/** A course as one of its members sees it; `joinCode` and `ltiScorePolicy` for staff only. */
export const Course = z.object({
  id: z.string(),
  name: z.string(),
  role: CourseRole,
  personal: z.boolean(),
  joinCode: z.string().optional(),
  ltiScorePolicy: LtiScorePolicy.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Course = z.infer<typeof Course>;
export const CourseList = z.array(Course);

export const CreateCourseRequest = z.object({ name: CourseName }).strict();
export type CreateCourseRequest = z.input<typeof CreateCourseRequest>;

/** A new name, the LTI score policy, or both. */
export const UpdateCourseRequest = z
  .object({ name: CourseName.optional(), ltiScorePolicy: LtiScorePolicy.optional() })
  .strict()
  .refine((input) => input.name !== undefined || input.ltiScorePolicy !== undefined, {
    message: "send a new name or ltiScorePolicy",
  });
export type UpdateCourseRequest = z.input<typeof UpdateCourseRequest>;

export const JoinCourseRequest = z.object({ joinCode: JoinCode }).strict();
export type JoinCourseRequest = z.input<typeof JoinCourseRequest>;

export const CreateInvitationRequest = z.object({ email: Email, role: InvitedRole }).strict();
export type CreateInvitationRequest = z.input<typeof CreateInvitationRequest>;

/** A new invitation: `token` and the `url` that carries it are in this answer only. */
export const CreatedInvitation = z.object({
  id: z.string(),
  courseId: z.string(),
  email: z.string(),
  role: InvitedRole,
  url: z.string(),
  token: z.string(),
  expiresAt: z.string(),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

/** A member as staff see them; learners see the staff only. */
export const CourseMember = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: CourseRole,
  joinedAt: z.string(),
});
export type CourseMember = z.infer<typeof CourseMember>;
export const CourseMemberList = z.array(CourseMember);

/** `owner` hands the course over: the caller becomes an instructor. */
export const UpdateMemberRequest = z.object({ role: CourseRole }).strict();
export type UpdateMemberRequest = z.input<typeof UpdateMemberRequest>;

/** What an invitation link offers, before it is accepted; `email` masked (`a…@example.edu`). */
export const InvitationPreview = z.object({
  courseName: z.string(),
  role: InvitedRole,
  email: z.string(),
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;
