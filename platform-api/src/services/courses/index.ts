/** The courses domain's public face: what the rest of the API imports from here. */
export { type AssignmentAttempts, createAssignmentAttempts } from "./assignment-attempts.js";
export { type AssignmentContext, createAssignmentContext } from "./assignment-context.js";
export { type Assignments, createAssignments } from "./assignments.js";
export * from "./course-access.js";
export * from "./course-learners.js";
export * from "./courses.js";
export * from "./gradebook.js";
export * from "./gradebook-live.js";
export * from "./gradebook-scores.js";
export * from "./invitations.js";
export * from "./members.js";
