import { EMBED_HOURLY_LIMIT_DEFAULTS } from "@codeground/sdk";
import type { Redis } from "ioredis";
import type { Learner } from "../../http/auth.js";
import { ApiError } from "../../http/errors.js";
import type { AuditLog } from "../audit/audit.js";
import { createWindowLimit } from "../shared/throttle.js";

/** What an embed's learners do that costs its owner: sandbox time, or tutor tokens. */
export type EmbedActivity = "runs" | "submissions" | "tutorMessages";

/** An embed's ceilings per hour, for all its learners together. */
export type EmbedHourlyLimits = Record<EmbedActivity, number>;

/** The embed row's columns, each null for the default. */
export interface EmbedLimitColumns {
  runs_per_hour: number | null;
  submissions_per_hour: number | null;
  tutor_messages_per_hour: number | null;
}

const orDefault = (value: number | null | undefined, fallback: number) =>
  value === null || value === undefined ? fallback : Number(value);

export const hourlyLimitsOf = (row: EmbedLimitColumns): EmbedHourlyLimits => ({
  runs: orDefault(row.runs_per_hour, EMBED_HOURLY_LIMIT_DEFAULTS.runsPerHour),
  submissions: orDefault(row.submissions_per_hour, EMBED_HOURLY_LIMIT_DEFAULTS.submissionsPerHour),
  tutorMessages: orDefault(row.tutor_messages_per_hour, EMBED_HOURLY_LIMIT_DEFAULTS.tutorMessagesPerHour),
});

const WORDS: Record<EmbedActivity, { code: string; what: string }> = {
  runs: { code: "embed_run_limit", what: "code runs" },
  submissions: { code: "embed_submission_limit", what: "submissions" },
  tutorMessages: { code: "embed_tutor_limit", what: "tutor messages" },
};

/**
 * Per-embed hourly ceilings, counted across every learner of the embed: starting new learner
 * sessions (each with its own per-minute allowance) does not get past them, so the owner's
 * sandbox share and sponsored tutor budget hold. Reaching one is audited once per hour.
 */
export interface EmbedLimits {
  /** Counts one `activity` for the learner's embed; 429 beyond the embed's ceiling. */
  charge(learner: Learner, activity: EmbedActivity): Promise<void>;
}

export function createEmbedLimits({
  audit,
  redis,
}: {
  audit: AuditLog;
  redis?: Redis | undefined;
}): EmbedLimits {
  const windows = {
    runs: createWindowLimit({ name: "embed-runs", durationSeconds: 3600, redis }),
    submissions: createWindowLimit({ name: "embed-submissions", durationSeconds: 3600, redis }),
    tutorMessages: createWindowLimit({ name: "embed-tutor", durationSeconds: 3600, redis }),
  };
  return {
    async charge(learner, activity) {
      const perHour = learner.hourlyLimits[activity];
      const hit = await windows[activity].hit(learner.embedId, perHour);
      if (hit.allowed) return;
      if (hit.first) {
        await audit.record({
          action: "embed.limit_reached",
          actorType: "embed",
          actorId: null,
          targetType: "embed",
          targetId: learner.embedId,
          details: { limit: activity, perHour },
        });
      }
      const { code, what } = WORDS[activity];
      throw new ApiError(
        429,
        "rate_limit",
        code,
        `This course site's learners have used all ${perHour} ${what} it allows an hour. ` +
          "Try again after the time in Retry-After; the site's owner can raise the limit.",
        { retryAfter: hit.retryAfterSeconds, perHour },
        { "Retry-After": String(hit.retryAfterSeconds) },
      );
    },
  };
}
