import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { ApiError, fail } from "../../http/errors.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import type { Mailer } from "../mail/mailer.js";
import { type Clock, iso } from "../shared/clock.js";
import type { RequestMeta, UserRow } from "./accounts.js";
import { hashPassword } from "./passwords.js";
import { hashToken, newToken } from "./tokens.js";

/** How long a reset link works. */
export const RESET_TTL_MS = 30 * 60 * 1000;
/**
 * Reset links one account is sent per day. Beyond it the request is answered as always and no
 * mail goes: an answer that differed would tell that the address has an account.
 */
export const RESETS_PER_ACCOUNT_PER_DAY = 5;
const DAY_MS = 24 * 3600 * 1000;

type ResetUser = UserRow & { locale?: string | null; email_verified_at?: string | null };

interface EmailTokenRow {
  id: string;
  user_id: string;
  purpose: string;
  token_hash: string;
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

const linkInvalid = () =>
  fail.validation(
    "link_invalid",
    "This password reset link is not valid: it works once, for 30 minutes. Ask for a new one.",
  );

export interface PasswordResetDeps {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  mail: Pick<Mailer, "send">;
  /** The portal's address: the link is `PUBLIC_URL/reset-password?token=…`. */
  publicUrl: string;
  /** The account's second factor, judged and counted as at sign-in (`accounts.consumeSecondFactor`). */
  consumeSecondFactor: (user: UserRow, code: string, meta: RequestMeta) => Promise<"totp" | "recovery">;
  /** Tells every instance that the user's sessions and tokens are gone. */
  forgetUser: (userId: string) => Promise<void>;
}

/**
 * "Forgot password": a single-use link, stored hashed, mailed to a known address; following it
 * sets a new password (after the second factor, when it is on) and ends every session and token.
 */
export function createPasswordReset({
  db,
  audit,
  clock,
  logger,
  mail,
  publicUrl,
  consumeSecondFactor,
  forgetUser,
}: PasswordResetDeps) {
  const base = publicUrl.replace(/\/+$/, "");
  const now = () => iso(clock.now());
  /** Requests answered but still being worked on (see `requestLink`). */
  const inFlight = new Set<Promise<void>>();

  async function sendLink(email: string, meta: RequestMeta): Promise<void> {
    const user: ResetUser | undefined = await db<ResetUser>("users").where({ email }).first();
    if (!user || user.disabled_at) {
      // The typed address stays out of the log: it may be anyone's, or a typo of a password.
      await audit.record({
        action: "auth.password.forgot",
        ...(user ? { targetType: "user", targetId: user.id } : {}),
        details: { outcome: user ? "account_disabled" : "no_account" },
        ...requestFields(meta),
      });
      return;
    }
    const recent = await db("email_tokens")
      .where({ user_id: user.id, purpose: "reset" })
      .where("created_at", ">", iso(clock.now() - DAY_MS))
      .count({ n: "*" })
      .first();
    if (Number(recent?.n ?? 0) >= RESETS_PER_ACCOUNT_PER_DAY) {
      await audit.record({
        action: "auth.password.forgot",
        targetType: "user",
        targetId: user.id,
        details: { outcome: "account_limit" },
        ...requestFields(meta),
      });
      return;
    }
    const token = newToken("cgr");
    const at = clock.now();
    const id = randomUUID();
    await db.transaction(async (trx) => {
      // Only the newest link works: one mailed earlier and still unused stops working.
      await trx("email_tokens")
        .where({ user_id: user.id, purpose: "reset", used_at: null })
        .update({ used_at: iso(at) });
      await trx("email_tokens").insert({
        id,
        user_id: user.id,
        purpose: "reset",
        token_hash: hashToken(token),
        email: user.email,
        created_at: iso(at),
        expires_at: iso(at + RESET_TTL_MS),
        used_at: null,
      } satisfies EmailTokenRow);
      await mail.send(
        {
          kind: "password_reset",
          to: user.email,
          userId: user.id,
          locale: user.locale ?? null,
          link: `${base}/reset-password?token=${token}`,
        },
        trx,
      );
    });
    await audit.record({
      action: "auth.password.forgot",
      targetType: "user",
      targetId: user.id,
      details: { outcome: "sent", linkId: id },
      ...requestFields(meta),
    });
  }

  /** A refused link is audited with why; the caller hears only `link_invalid`. */
  async function refuse(reason: string, meta: RequestMeta, userId?: string): Promise<never> {
    await audit.record({
      action: "auth.password.reset_failed",
      ...(userId ? { actorId: userId, targetType: "user", targetId: userId } : {}),
      details: { reason },
      ...requestFields(meta),
    });
    throw linkInvalid();
  }

  return {
    /**
     * Starts sending a reset link to `email` and returns at once, before the address is looked
     * up: the answer takes as long for an unknown address as for an account (no timing tell).
     */
    requestLink(email: string, meta: RequestMeta): void {
      // Begun only once the answer is written: with SQLite the lookup runs on this thread, and
      // begun at once it would hold the answer back longer for an account than for none.
      const work = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => sendLink(email, meta))
        .catch((err) => {
          logger.error({ err, requestId: meta.requestId }, "could not send a password reset link");
        })
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },

    /** Waits for the reset links being sent now (tests, and shutting down). */
    async settled(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },

    /**
     * Sets a new password with a reset link's token, and a second-factor code when two-factor is
     * on: a reset never bypasses it. A missing or wrong code leaves the link usable. The link is
     * spent atomically with the change, so two tabs cannot both use it.
     */
    async reset(
      input: { token: string; password: string; code?: string | undefined },
      meta: RequestMeta,
    ): Promise<void> {
      const row: EmailTokenRow | undefined = await db<EmailTokenRow>("email_tokens")
        .where({ token_hash: hashToken(input.token) })
        .first();
      if (row?.purpose !== "reset") return refuse("unknown", meta);
      if (row.used_at) return refuse("used", meta, row.user_id);
      if (row.expires_at <= now()) return refuse("expired", meta, row.user_id);
      const user: ResetUser | undefined = await db<ResetUser>("users").where({ id: row.user_id }).first();
      if (!user) return refuse("unknown", meta);
      // Disabled, or the address changed since: the link no longer speaks for the account.
      if (user.disabled_at) return refuse("account_disabled", meta, user.id);
      if (user.email !== row.email) return refuse("address_changed", meta, user.id);

      let secondFactor: "totp" | "recovery" | undefined;
      if (user.totp_enabled_at) {
        if (!input.code) {
          throw new ApiError(
            401,
            "authentication",
            "second_factor_required",
            "Two-factor is on for this account: enter a code from your authenticator app, or a recovery code.",
          );
        }
        secondFactor = await consumeSecondFactor(user, input.code, meta);
      }

      const passwordHash = await hashPassword(input.password);
      const at = now();
      let ended = { sessions: 0, tokens: 0 };
      await db.transaction(async (trx) => {
        const spent = await trx("email_tokens").where({ id: row.id, used_at: null }).update({ used_at: at });
        if (spent !== 1) throw linkInvalid();
        await trx("users")
          .where({ id: user.id })
          .update({
            password_hash: passwordHash,
            updated_at: at,
            // The link reached the address, which proves it as a verification link would.
            ...(user.email_verified_at === null ? { email_verified_at: at } : {}),
          });
        // Another reset link mailed meanwhile stops working too.
        await trx("email_tokens")
          .where({ user_id: user.id, purpose: "reset", used_at: null })
          .update({ used_at: at });
        ended = {
          sessions: await trx("sessions").where({ user_id: user.id }).delete(),
          tokens: await trx("personal_access_tokens")
            .where({ user_id: user.id, revoked_at: null })
            .update({ revoked_at: at }),
        };
        // A sign-in half done with the old password must not finish with a code.
        await trx("mfa_challenges").where({ user_id: user.id }).delete();
        await mail.send(
          {
            kind: "password_changed",
            to: user.email,
            userId: user.id,
            locale: user.locale ?? null,
            link: `${base}/`,
          },
          trx,
        );
      });
      await forgetUser(user.id);
      await audit.record({
        action: "auth.password.reset",
        actorId: user.id,
        targetType: "user",
        targetId: user.id,
        details: {
          sessionsEnded: ended.sessions,
          tokensRevoked: ended.tokens,
          ...(secondFactor ? { secondFactor } : {}),
        },
        ...requestFields(meta),
      });
    },
  };
}

export type PasswordReset = ReturnType<typeof createPasswordReset>;
