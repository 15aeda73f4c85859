export { Codeground } from "./codeground.js";
export {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  CodegroundError,
  ConflictError,
  ConnectionError,
  ExternalServiceError,
  InternalServerError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export { type ClientOptions, isRepeatable, newIdempotencyKey, type RequestOptions } from "./http.js";
export type { AdminResource, AdminUsersResource } from "./resources/admin.js";
export type { AssignmentsResource } from "./resources/assignments.js";
export type { AuditResource } from "./resources/audit.js";
export type { AuthResource } from "./resources/auth.js";
export {
  type ChatPreferencesResource,
  ChatReply,
  type ChatResource,
  type ConversationsResource,
} from "./resources/chat.js";
export type { CourseMembersResource, CoursesResource, InvitationsResource } from "./resources/courses.js";
export type { EmbedSessionOptions, EmbedsResource } from "./resources/embeds.js";
export type { GradebookResource } from "./resources/gradebook.js";
export type { KeysResource } from "./resources/keys.js";
export type { LtiRegistrationsResource, LtiResource } from "./resources/lti.js";
export type { MeResource, PreferencesResource, TokensResource, TotpResource } from "./resources/me.js";
export type { ProblemsResource } from "./resources/problems.js";
export type { ExecutionsResource, RunsResource } from "./resources/runs.js";
export type { SubmissionEvent, SubmissionsResource } from "./resources/submissions.js";
export { readServerSentEvents, type ServerSentEvent, SseParser } from "./sse.js";
