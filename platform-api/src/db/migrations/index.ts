import type { Knex } from "knex";
import * as accounts from "./001_accounts.js";
import * as vault from "./002_vault.js";
import * as problems from "./003_problems.js";
import * as embedsSubmissions from "./004_embeds_submissions.js";
import * as chatUsage from "./005_chat_usage.js";
import * as audit from "./006_audit.js";
import * as systemSecrets from "./007_system_secrets.js";
import * as judgingEmbeds from "./008_judging_embeds.js";
import * as keyListIndex from "./009_key_list_index.js";
import * as llmBudgets from "./010_llm_budgets.js";
import * as chatTutor from "./011_chat_tutor.js";
import * as keyUsageCounters from "./012_key_usage_counters.js";
import * as auditAnchor from "./013_audit_anchor.js";
import * as llmBudgetHolds from "./014_llm_budget_holds.js";
import * as mfaAttempts from "./015_mfa_attempts.js";
import * as embedLimits from "./016_embed_limits.js";
import * as courses from "./017_courses.js";
import * as userDisabled from "./018_user_disabled.js";
import * as assignments from "./019_assignments.js";
import * as lti from "./020_lti.js";
import * as courseLearners from "./021_course_learners.js";
import * as ltiScores from "./022_lti_scores.js";
import * as ltiDeepLinking from "./023_lti_deep_linking.js";
import * as ltiRoster from "./024_lti_roster.js";
import * as submissionWaiting from "./025_submission_waiting.js";
import * as email from "./026_email.js";

export interface Migration {
  /** Recorded in knex_migrations: never rename a migration that has shipped. */
  readonly name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration, oldest first. Append new ones; never reorder or edit a shipped one. */
export const migrations: readonly Migration[] = [
  accounts,
  vault,
  problems,
  embedsSubmissions,
  chatUsage,
  audit,
  systemSecrets,
  judgingEmbeds,
  keyListIndex,
  llmBudgets,
  chatTutor,
  keyUsageCounters,
  auditAnchor,
  llmBudgetHolds,
  mfaAttempts,
  embedLimits,
  courses,
  userDisabled,
  assignments,
  lti,
  courseLearners,
  ltiScores,
  ltiDeepLinking,
  ltiRoster,
  submissionWaiting,
  email,
];
