import * as sdk from "@codeground/sdk";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

/** Courses, their staff and learners, invitations, and the embeds inside them. */
export const courseRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: `${API}/courses`,
    tag: "courses",
    summary: "The courses you belong to, with your role in each",
    auth: "read",
    response: sdk.CourseList,
  },
  {
    method: "post",
    path: `${API}/courses`,
    tag: "courses",
    summary: "Create a course; you own it",
    description:
      "Any signed-in user with a verified email address may create courses (403 `email_unverified` " +
      "before), up to 100 owned at once (409 `course_limit_reached`).",
    auth: "write",
    request: sdk.CreateCourseRequest,
    response: sdk.Course,
    status: 201,
    errors: [409],
  },
  {
    method: "post",
    path: `${API}/courses/join`,
    tag: "courses",
    summary: "Join a course as a learner with its join code",
    description:
      "Someone already in the course keeps their role. An unknown code is 404 `join_code_unknown`; letters are " +
      "read case-insensitively, spaces and dashes ignored.",
    auth: "write",
    request: sdk.JoinCourseRequest,
    response: sdk.Course,
  },
  {
    method: "get",
    path: `${API}/courses/:id`,
    tag: "courses",
    summary: "One of your courses (404 to anyone not in it); staff also see the join code",
    auth: "read",
    response: sdk.Course,
  },
  {
    method: "patch",
    path: `${API}/courses/:id`,
    tag: "courses",
    summary: "Rename a course, or set its LTI score policy (owner and instructors)",
    description:
      "`ltiScorePolicy`: which score LTI grade passback sends to the LMS: `best` (the default) never posts a " +
      "lower score over a higher one; `latest` posts the gradebook's score as it is now, lower or not (after an " +
      "assignment's points or due time changed, say). Staff see it on the course.",
    auth: "write",
    request: sdk.UpdateCourseRequest,
    response: sdk.Course,
  },
  {
    method: "delete",
    path: `${API}/courses/:id`,
    tag: "courses",
    summary: "Delete a course with its members, invitations and embeds (owner only)",
    description: "Problems written for the course stay, belonging to no course.",
    auth: "write",
  },
  {
    method: "post",
    path: `${API}/courses/:id/join-code`,
    tag: "courses",
    summary: "A new join code (owner and instructors); the old one stops working at once",
    auth: "write",
    response: sdk.Course,
  },
  {
    method: "get",
    path: `${API}/courses/:id/members`,
    tag: "courses",
    summary: "A course's members: staff see everyone, learners see the staff",
    auth: "read",
    response: sdk.CourseMemberList,
  },
  {
    method: "patch",
    path: `${API}/courses/:id/members/:userId`,
    tag: "courses",
    summary: "Change a member's role (owner only); `owner` hands the course over",
    description:
      "Making another member the owner makes you an instructor. Your own role as owner cannot be changed " +
      "(409 `owner_role_fixed`).",
    auth: "write",
    request: sdk.UpdateMemberRequest,
    response: sdk.CourseMember,
    errors: [409],
  },
  {
    method: "delete",
    path: `${API}/courses/:id/members/:userId`,
    tag: "courses",
    summary: "Remove a member (owner), or leave the course (your own id)",
    description: "The owner cannot leave (409 `owner_cannot_leave`): hand the course over or delete it.",
    auth: "write",
    errors: [409],
  },
  {
    method: "post",
    path: `${API}/courses/:id/invitations`,
    tag: "courses",
    summary: "Invite someone to the staff by email: a single-use link, shown once, for 7 days",
    description:
      "The owner invites instructors and TAs, instructors invite TAs. The answer's `token` (and the `url` " +
      "carrying it) is not stored and not shown again. At most 200 open invitations per course (409).",
    auth: "write",
    request: sdk.CreateInvitationRequest,
    response: sdk.CreatedInvitation,
    status: 201,
    errors: [409],
  },
  {
    method: "get",
    path: `${API}/invitations/:token`,
    tag: "courses",
    summary: "What an invitation offers: the course, the role and the address it is for (masked)",
    description: "410 `invitation_used` or `invitation_expired` once it cannot be accepted any more.",
    auth: "read",
    response: sdk.InvitationPreview,
    errors: [410],
  },
  {
    method: "post",
    path: `${API}/invitations/:token/accept`,
    tag: "courses",
    summary: "Accept an invitation: join the course with its role",
    description:
      "Only when signed in with the address it was sent to (403 `invitation_for_another_address`). Single use: " +
      "410 `invitation_used` once accepted, `invitation_expired` after 7 days.",
    auth: "write",
    response: sdk.Course,
    errors: [409, 410],
  },
  {
    method: "get",
    path: `${API}/courses/:id/embeds`,
    tag: "courses",
    summary: "A course's embeds (its staff)",
    auth: "read",
    response: sdk.EmbedList,
  },
  {
    method: "post",
    path: `${API}/courses/:id/embeds`,
    tag: "courses",
    summary: "Create an embed inside a course (owner and instructors); its secret key is in this answer only",
    description:
      "As `POST /embeds`, without the author role: the course role is the permission. Needs a verified " +
      "email address (403 `email_unverified`).",
    auth: "write",
    request: sdk.CreateEmbedRequest,
    response: sdk.EmbedWithSecret,
    status: 201,
    errors: [409],
  },
];
