import * as sdk from "@codeground/sdk";
import type { RouteDoc } from "./openapi.js";

const API = "/api/v1";

const whoLearns =
  "A course's learners are portal users who joined it (role `learner`) and the learners of its embeds " +
  "(learner token); its staff are the owner, instructors and TAs. Anyone else gets 404.";

/** Assignments of a course, and learners' timed attempts at them. */
export const assignmentRouteDocs: RouteDoc[] = [
  {
    method: "post",
    path: `${API}/courses/:id/assignments`,
    tag: "assignments",
    summary: "Add an assignment to a course (owner and instructors)",
    description:
      "An ordered list of problems with points, optional open and due times, a late policy, a time limit per " +
      "attempt and the tutor's reach. The tutor is `off` by default for a timed assignment, `hints` otherwise. " +
      "Each problem must be public, or private and the course's own or written by its staff: another slug is " +
      "400 `unknown_problem`, naming it. At most 500 assignments per course (409 `assignment_limit_reached`).",
    auth: "write",
    request: sdk.CreateAssignmentRequest,
    response: sdk.Assignment,
    status: 201,
    errors: [409],
  },
  {
    method: "get",
    path: `${API}/courses/:id/assignments`,
    tag: "assignments",
    summary: "A course's assignments in order: staff see all, learners those that have opened",
    description:
      "Each with where you stand: your attempt, the time left and whether a submission now is late.",
    auth: "read",
    response: sdk.LearnerAssignmentList,
  },
  {
    method: "get",
    path: `${API}/assignments/:id`,
    tag: "assignments",
    summary: "One assignment, with your attempt, the time left and whether a submission now is late",
    description: `${whoLearns} Before it opens, a learner sees its times but not its problems.`,
    auth: "read",
    response: sdk.LearnerAssignment,
  },
  {
    method: "patch",
    path: `${API}/assignments/:id`,
    tag: "assignments",
    summary: "Change an assignment (owner and instructors; a TA gets 403)",
    description:
      "Only the fields sent change; null clears a time, the late policy or the time limit. Attempts already " +
      "started keep their end.",
    auth: "write",
    request: sdk.UpdateAssignmentRequest,
    response: sdk.Assignment,
  },
  {
    method: "delete",
    path: `${API}/assignments/:id`,
    tag: "assignments",
    summary: "Delete an assignment and its attempts (owner and instructors)",
    description: "Its submissions and learner sessions stay, belonging to no assignment.",
    auth: "write",
  },
  {
    method: "post",
    path: `${API}/assignments/:id/attempts`,
    tag: "assignments",
    summary: "Start your timed attempt (201); once started, the same attempt again (200)",
    description:
      `${whoLearns} The clock starts once: starting again answers the same attempt, never a fresh one. The ` +
      "attempt ends after the time limit, or when the assignment closes if sooner. An assignment without a " +
      "time limit has no attempts (409 `assignment_untimed`); before it opens, 403 `assignment_not_open`; " +
      "once closed, 403 `assignment_closed`.",
    auth: "write",
    response: sdk.AssignmentAttempt,
    status: 201,
    otherResponses: {
      200: { description: "The attempt you started earlier.", schema: sdk.AssignmentAttempt },
    },
    errors: [409],
  },
  {
    method: "get",
    path: `${API}/assignments/:id/attempt`,
    tag: "assignments",
    summary:
      "Your timed attempt at an assignment, with the time left (404 `attempt_not_found` before you start)",
    auth: "read",
    response: sdk.AssignmentAttempt,
  },
];
