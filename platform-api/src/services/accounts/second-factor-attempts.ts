import type { Knex } from "knex";
import { fail } from "../../http/errors.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";

/** Failed second-factor codes a user may make before a block, whatever the challenge. */
export const MFA_USER_ATTEMPTS = 5;
/** The first block; each further one doubles, up to a day, until a code is accepted. */
const BASE_BLOCK_MS = 60_000;
const MAX_BLOCK_MS = 24 * 3600 * 1000;

export type AttemptMeta = Parameters<typeof requestFields>[0];

/**
 * The per-user brake on second-factor codes (TOTP and recovery codes alike), kept in the database
 * so every instance sees one count. An attempt is claimed before its code is judged (`failures +
 * 1 … where failures < limit`), so parallel requests cannot all be judged before the count moves;
 * a correct password leaves the count as it is, only an accepted code clears it.
 */
export function createSecondFactorAttempts({
  db,
  clock,
  audit,
}: {
  db: Knex;
  clock: Clock;
  audit: AuditLog;
}) {
  const now = () => iso(clock.now());
  const metaOf = requestFields;

  /**
   * Starts a block once the tries are used up: 1 min, then 2, 4 … up to a day, and a fresh count
   * for after it. Of parallel requests only one starts it (the update is conditional).
   */
  async function startBlock(userId: string, meta: AttemptMeta): Promise<void> {
    const row = await db("users")
      .where({ id: userId })
      .first("mfa_failures", "mfa_block_strikes", "mfa_blocked_until");
    if (!row || Number(row.mfa_failures) < MFA_USER_ATTEMPTS) return;
    if (row.mfa_blocked_until && row.mfa_blocked_until > now()) return;
    const strikes = Number(row.mfa_block_strikes);
    const ms = Math.min(MAX_BLOCK_MS, BASE_BLOCK_MS * 2 ** Math.min(strikes, 20));
    const started = await db("users")
      .where({ id: userId, mfa_block_strikes: strikes })
      .where("mfa_failures", ">=", MFA_USER_ATTEMPTS)
      .update({ mfa_failures: 0, mfa_block_strikes: strikes + 1, mfa_blocked_until: iso(clock.now() + ms) });
    if (started === 1) {
      await audit.record({
        action: "auth.mfa.locked",
        actorId: userId,
        details: { blockSeconds: ms / 1000, strike: strikes + 1 },
        ...metaOf(meta),
      });
    }
  }

  async function blocked(userId: string, meta: AttemptMeta): Promise<never> {
    // Tries used up with no block running (a request that claimed the last one never finished).
    await startBlock(userId, meta);
    const row = await db("users").where({ id: userId }).first("mfa_blocked_until");
    const until = row?.mfa_blocked_until ? Date.parse(row.mfa_blocked_until) : clock.now() + BASE_BLOCK_MS;
    const retryAfter = Math.max(1, Math.ceil((until - clock.now()) / 1000));
    await audit.record({
      action: "auth.mfa.blocked",
      actorId: userId,
      details: { retryAfterSeconds: retryAfter },
      ...metaOf(meta),
    });
    throw fail.rateLimit(
      retryAfter,
      "Too many wrong codes for this account. Wait for the time in Retry-After, then try again.",
    );
  }

  return {
    /** Takes one try for `userId`, or throws 429 when the user has none left now. */
    async claim(userId: string, meta: AttemptMeta): Promise<void> {
      const at = now();
      const claimed = await db("users")
        .where({ id: userId })
        .where("mfa_failures", "<", MFA_USER_ATTEMPTS)
        .andWhere((q) => q.whereNull("mfa_blocked_until").orWhere("mfa_blocked_until", "<=", at))
        .increment("mfa_failures", 1);
      if (claimed !== 1) await blocked(userId, meta);
    },

    /** The code was accepted: the count and the doubling start again. */
    async accepted(userId: string): Promise<void> {
      await db("users")
        .where({ id: userId })
        .update({ mfa_failures: 0, mfa_block_strikes: 0, mfa_blocked_until: null });
    },

    /** The code was wrong: its claimed try stays spent, and the last try starts a block. */
    async rejected(userId: string, meta: AttemptMeta): Promise<void> {
      await audit.record({ action: "auth.mfa.failed", actorId: userId, ...metaOf(meta) });
      await startBlock(userId, meta);
    },
  };
}

export type SecondFactorAttempts = ReturnType<typeof createSecondFactorAttempts>;
