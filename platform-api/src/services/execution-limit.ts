import type { Redis } from "ioredis";
import type { Learner } from "../http/auth.js";
import type { Principal } from "./accounts.js";
import { createRateLimit } from "./throttle.js";

/** Who runs code: a signed-in user, or a learner inside an embed. */
export interface CodeActor {
  principal?: Principal | undefined;
  learner?: Learner | undefined;
}

/** Runs, submissions and executions per minute: per user, and per learner of an embed. */
export interface ExecutionLimit {
  charge(actor: CodeActor): Promise<void>;
}

export function createExecutionLimit({
  perMinute,
  redis,
}: {
  /** The default (`EXECUTIONS_PER_MINUTE`); an embed may set its own for its learners. */
  perMinute: number;
  redis?: Redis | undefined;
}): ExecutionLimit {
  const limit = createRateLimit({
    name: "executions",
    durationSeconds: 60,
    message: "You are running code too often. Wait for the time in Retry-After, then try again.",
    ...(redis ? { redis } : {}),
  });
  return {
    async charge({ principal, learner }) {
      if (principal) return limit.consume(`user:${principal.user.id}`, perMinute);
      if (learner) {
        return limit.consume(
          `learner:${learner.embedId}:${learner.learnerRef}`,
          learner.executionsPerMinute ?? perMinute,
        );
      }
    },
  };
}
