import type { Knex } from "knex";
import { ApiKey } from "./api-key.js";
import { AuditLogEntry } from "./audit-log.js";
import { Category } from "./category.js";
import { Conversation } from "./conversation.js";
import { Embed } from "./embed.js";
import { EmbedSession } from "./embed-session.js";
import { Feedback } from "./feedback.js";
import { Language } from "./language.js";
import { Message } from "./message.js";
import { MfaChallenge } from "./mfa-challenge.js";
import { PersonalAccessToken } from "./personal-access-token.js";
import { Problem } from "./problem.js";
import { ProblemCategory } from "./problem-category.js";
import { ProblemTest } from "./problem-test.js";
import { RecoveryCode } from "./recovery-code.js";
import { Session } from "./session.js";
import { Submission } from "./submission.js";
import { SubmissionResult } from "./submission-result.js";
import { Usage } from "./usage.js";
import { User } from "./user.js";
import { UserPreference } from "./user-preference.js";
import { WebhookDelivery } from "./webhook-delivery.js";

export {
  BaseModel,
  isoTimestamp,
  type JsonObject,
  type JsonValue,
  type TimestampColumn,
} from "./base-model.js";
export type { MessageRole } from "./message.js";
export type { SubmissionState } from "./submission.js";
export type { Role } from "./user.js";
export type { WebhookDeliveryStatus } from "./webhook-delivery.js";
export {
  ApiKey,
  AuditLogEntry,
  Category,
  Conversation,
  Embed,
  EmbedSession,
  Feedback,
  Language,
  Message,
  MfaChallenge,
  PersonalAccessToken,
  Problem,
  ProblemCategory,
  ProblemTest,
  RecoveryCode,
  Session,
  Submission,
  SubmissionResult,
  Usage,
  User,
  UserPreference,
  WebhookDelivery,
};

/** Every table's model, unbound. */
export const models = {
  User,
  Session,
  MfaChallenge,
  PersonalAccessToken,
  RecoveryCode,
  UserPreference,
  ApiKey,
  Language,
  Category,
  ProblemCategory,
  Problem,
  ProblemTest,
  Embed,
  EmbedSession,
  WebhookDelivery,
  Submission,
  SubmissionResult,
  Conversation,
  Message,
  Usage,
  Feedback,
  AuditLogEntry,
} as const;

export type Models = typeof models;

/**
 * The models bound to one database (objection's `bindKnex`: subclasses, relations bound too).
 * Nothing global is set, so two databases can be open at once, as in tests.
 */
export function bindModels(knex: Knex): Models {
  const bound: Record<string, unknown> = {};
  for (const [name, model] of Object.entries(models)) bound[name] = model.bindKnex(knex);
  return bound as Models;
}
