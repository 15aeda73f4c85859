import type { Redis } from "ioredis";
import type { Learner } from "../../http/auth.js";
import { fail } from "../../http/errors.js";
import type { Principal } from "../accounts/accounts.js";
import type { EmbedLimits } from "../embeds/embed-limits.js";
import { createRateLimit } from "../shared/throttle.js";

/** Who runs code: a signed-in user, or a learner inside an embed. */
export interface CodeActor {
  principal?: Principal | undefined;
  learner?: Learner | undefined;
}

/** What code is run for: a run (sample tests, or a free-form execution), or a judged submission. */
export type CodeUse = "runs" | "submissions";

/**
 * Runs, submissions and executions per minute: per user, and per learner of an embed; and for
 * learners, the embed's hourly ceilings shared by all its learners.
 */
export interface ExecutionLimit {
  charge(actor: CodeActor, use: CodeUse): Promise<void>;
}

export function createExecutionLimit({
  perMinute,
  redis,
  embedLimits,
}: {
  /** The default (`EXECUTIONS_PER_MINUTE`); an embed may set its own for its learners. */
  perMinute: number;
  redis?: Redis | undefined;
  /** The embeds' hourly ceilings; none: learners have only their per-minute limit. */
  embedLimits?: EmbedLimits | undefined;
}): ExecutionLimit {
  const limit = createRateLimit({
    name: "executions",
    durationSeconds: 60,
    message: "You are running code too often. Wait for the time in Retry-After, then try again.",
    ...(redis ? { redis } : {}),
  });
  return {
    async charge({ principal, learner }, use) {
      if (principal) return limit.consume(`user:${principal.user.id}`, perMinute);
      if (learner) {
        // The learner's own limit first: a learner over it does not use up the embed's hour.
        await limit.consume(
          `learner:${learner.embedId}:${learner.learnerRef}`,
          learner.executionsPerMinute ?? perMinute,
        );
        await embedLimits?.charge(learner, use);
      }
    },
  };
}

/** Code runs for a learner only where the embed offers problems; a chat- or keys-only embed runs none. */
export function assertMayRunCode({ learner }: CodeActor): void {
  if (learner && !learner.features.includes("problem")) {
    throw fail.authorization(
      "problem_not_enabled",
      "This embed does not offer problems, so it cannot run code; its owner can enable the problem feature in the embed's settings.",
    );
  }
}
