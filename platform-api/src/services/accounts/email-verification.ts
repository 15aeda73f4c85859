import { randomUUID } from "node:crypto";
import type { User } from "@codeground/sdk";
import type { Knex } from "knex";
import { isUniqueViolation } from "../../db/errors.js";
import { fail } from "../../http/errors.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import type { Mailer } from "../mail/mailer.js";
import { type Clock, iso } from "../shared/clock.js";
import type { Principal, RequestMeta, UserRow } from "./accounts.js";
import { publicUser } from "./accounts.js";
import { verifyPassword } from "./passwords.js";
import { hashToken, newToken } from "./tokens.js";

/** How long a verification or address-change link works: a day, so it survives a night. */
export const EMAIL_LINK_TTL_MS = 24 * 3600 * 1000;

/** What a link sent by mail proves: the address of an account (`verify`), or a new one for it (`change`). */
export type EmailLinkPurpose = "verify" | "change";

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

export interface EmailVerificationDeps {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
  mail: Mailer;
  /** `PUBLIC_URL`: the portal's pages the links open. */
  publicUrl: string;
  /** Cached principals of the user go, so the next request sees the verified (or new) address. */
  forgetUser?: (userId: string) => Promise<void>;
}

/** The one answer for every link that cannot be used: it tells nobody which reason applied. */
const linkInvalid = () =>
  fail.validation(
    "link_invalid",
    "This link is not valid: it was already used, has expired, or was replaced by a newer one. Ask for a new link.",
  );

/**
 * Verified addresses: the links sign-up, "send again" and an address change mail out (only their
 * hashes are stored), and what following one does. Sign-up itself lives in accounts.ts and calls
 * `sendVerification` / `tellExisting` here.
 */
export function createEmailVerification({
  db,
  audit,
  clock,
  mail,
  publicUrl,
  forgetUser,
}: EmailVerificationDeps) {
  const now = () => iso(clock.now());
  const page = (path: string) => new URL(path, publicUrl).toString();
  const verifyLink = (token: string) => `${page("/verify-email")}?token=${encodeURIComponent(token)}`;

  /**
   * A new single-use link for `email`; the user's older unused links of the same purpose stop
   * working, so only the newest mail counts.
   */
  async function issue(
    trx: Knex.Transaction,
    input: { userId: string; email: string; purpose: EmailLinkPurpose },
  ): Promise<string> {
    const token = newToken("cgv");
    await trx("email_tokens")
      .where({ user_id: input.userId, purpose: input.purpose, used_at: null })
      .update({ used_at: now() });
    await trx("email_tokens").insert({
      id: randomUUID(),
      user_id: input.userId,
      purpose: input.purpose,
      token_hash: hashToken(token),
      email: input.email,
      created_at: now(),
      expires_at: iso(clock.now() + EMAIL_LINK_TTL_MS),
      used_at: null,
    });
    return token;
  }

  /** Claims the link once: of two requests with the same token, only one gets its row. */
  async function consume(trx: Knex.Transaction, token: string): Promise<EmailTokenRow> {
    const row = await trx<EmailTokenRow>("email_tokens")
      .where({ token_hash: hashToken(token) })
      .first();
    if (
      !row ||
      (row.purpose !== "verify" && row.purpose !== "change") ||
      row.used_at ||
      row.expires_at <= now()
    )
      throw linkInvalid();
    const claimed = await trx("email_tokens").where({ id: row.id, used_at: null }).update({ used_at: now() });
    if (claimed !== 1) throw linkInvalid();
    return row;
  }

  async function userOf(
    id: string,
  ): Promise<UserRow & { email_verified_at: string | null; locale: string | null }> {
    const row = await db("users").where({ id }).first();
    if (!row) throw fail.authentication("session_invalid", "Your session has ended; sign in again.");
    return row;
  }

  /** A new verification link to the user's current address, queued inside `trx`. */
  async function sendVerification(
    trx: Knex.Transaction,
    user: { id: string; email: string; locale: string | null },
  ): Promise<void> {
    const token = await issue(trx, { userId: user.id, email: user.email, purpose: "verify" });
    await mail.send(
      { kind: "verify_email", to: user.email, userId: user.id, locale: user.locale, link: verifyLink(token) },
      trx,
    );
  }

  return {
    /** A new account's link, queued with the account (`trx`): no account without its mail. */
    sendVerification,

    /** Sign-up with an address that has an account: its owner hears of it, nobody else does. */
    async tellExisting(user: { id: string; email: string; locale: string | null }): Promise<void> {
      await mail.send({
        kind: "signup_existing",
        to: user.email,
        userId: user.id,
        locale: user.locale,
        link: page("/forgot-password"),
      });
    },

    /**
     * Follows a link: `verify` marks the address verified, `change` makes the link's address the
     * account's (verified), and the old address is told. No session needed: the link may be opened
     * in another browser.
     */
    async verify(token: string, meta: RequestMeta): Promise<User> {
      let userId = "";
      // Set inside the transaction's callback (a cast, so the compiler does not take it for always undefined).
      let changed = undefined as { from: string; to: string } | undefined;
      try {
        await db.transaction(async (trx) => {
          const link = await consume(trx, token);
          userId = link.user_id;
          const user = await trx("users").where({ id: link.user_id }).first();
          if (!user) throw linkInvalid();
          if (link.purpose === "verify") {
            // A link for an address the account no longer has proves nothing about the current one.
            if (user.email !== link.email) throw linkInvalid();
            if (!user.email_verified_at)
              await trx("users")
                .where({ id: user.id })
                .update({ email_verified_at: now(), updated_at: now() });
            return;
          }
          const taken = await trx("users").where({ email: link.email }).whereNot({ id: user.id }).first();
          if (taken) throw emailTaken();
          await trx("users")
            .where({ id: user.id })
            .update({ email: link.email, email_verified_at: now(), updated_at: now() });
          // Every other link the account has out went to an address it may no longer have.
          await trx("email_tokens").where({ user_id: user.id, used_at: null }).update({ used_at: now() });
          changed = { from: user.email, to: link.email };
          await mail.send(
            {
              kind: "email_changed",
              to: user.email,
              userId: user.id,
              locale: user.locale ?? null,
              params: { newEmail: link.email },
              link: page("/forgot-password"),
            },
            trx,
          );
        });
      } catch (err) {
        // Taken between the check and the update: the unique index decides.
        if (isUniqueViolation(err)) throw emailTaken();
        throw err;
      }
      await forgetUser?.(userId);
      await audit.record({
        action: changed ? "auth.email.changed" : "auth.email.verified",
        actorId: userId,
        targetType: "user",
        targetId: userId,
        ...(changed ? { details: { from: changed.from, to: changed.to } } : {}),
        ...requestFields(meta),
      });
      return publicUser(await userOf(userId));
    },

    /** "Send again": a new link to the current address (the older ones stop working). */
    async resend(principal: Principal, meta: RequestMeta): Promise<void> {
      const user = await userOf(principal.user.id);
      if (user.email_verified_at)
        throw fail.conflict("already_verified", "Your email address is already verified.");
      await db.transaction((trx) => sendVerification(trx, user));
      await audit.record({
        action: "auth.email.verification_sent",
        actorId: user.id,
        targetType: "user",
        targetId: user.id,
        ...requestFields(meta),
      });
    },

    /**
     * A new address, after the password: a link goes to it, and the account keeps its address
     * until the link is followed. A wrong password is 401 (the caller counts it).
     */
    async requestChange(
      principal: Principal,
      input: { email: string; password: string },
      meta: RequestMeta,
    ): Promise<void> {
      const user = await userOf(principal.user.id);
      if (!(await verifyPassword(user.password_hash, input.password))) {
        await audit.record({ action: "auth.email.change_failed", actorId: user.id, ...requestFields(meta) });
        throw fail.authentication("invalid_credentials", "That password is not right.");
      }
      if (input.email === user.email)
        throw fail.validation("email_unchanged", "That is already your email address.", { field: "email" });
      if (await db("users").where({ email: input.email }).first()) throw emailTaken();
      await db.transaction(async (trx) => {
        const token = await issue(trx, { userId: user.id, email: input.email, purpose: "change" });
        await mail.send(
          {
            kind: "email_change",
            to: input.email,
            userId: user.id,
            locale: user.locale,
            link: verifyLink(token),
          },
          trx,
        );
      });
      await audit.record({
        action: "auth.email.change_requested",
        actorId: user.id,
        targetType: "user",
        targetId: user.id,
        details: { to: input.email },
        ...requestFields(meta),
      });
    },
  };
}

export type EmailVerification = ReturnType<typeof createEmailVerification>;

const emailTaken = () => fail.conflict("email_taken", "Another account already uses this email address.");

/** What an unverified account is told when it tries what needs a verified address. */
export function requireVerifiedEmail(principal: Principal): void {
  if (principal.user.emailVerified) return;
  throw fail.authorization(
    "email_unverified",
    `Verify your email address first: follow the link we sent to ${principal.user.email}; you can ask for a new one.`,
  );
}
