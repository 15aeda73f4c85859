import { randomUUID } from "node:crypto";
import type { AccessToken, Role, TokenScope, User } from "@codeground/sdk";
import type { Knex } from "knex";
import { isUniqueViolation } from "../../db/errors.js";
import { fail } from "../../http/errors.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";
import type { SecretBox } from "../vault/secret-box.js";
import type { EmailVerification } from "./email-verification.js";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords.js";
import type { PrincipalCache } from "./principal-cache.js";
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from "./recovery-codes.js";
import { createSecondFactorAttempts } from "./second-factor-attempts.js";
import { hashToken, newToken, tokenKind } from "./tokens.js";
import { checkTotp, newTotpSecret, totpProvisioning } from "./totp.js";

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
const MFA_CHALLENGE_TTL_MS = 5 * 60 * 1000;
const MFA_CHALLENGE_ATTEMPTS = 5;
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  display_name: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | string | null;
  /** When an admin disabled the account: it cannot sign in, and none of its credentials work. */
  disabled_at: string | null;
  /** When a link mailed to the address was followed; null until then. */
  email_verified_at: string | null;
  /** The interface language the account's mail speaks; null for English. */
  locale: string | null;
  created_at: string;
  updated_at: string;
}

/** How long after signing in a session may change its second factor without the password again. */
export const RECENT_SIGN_IN_MS = 15 * 60 * 1000;

/** Who is asking, and from where: for sessions and the audit log. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export interface Principal {
  user: User;
  via: "session" | "token";
  sessionId?: string;
  /** When the session's sign-in happened (sessions only): changes to the second factor want it recent. */
  signedInAt?: string;
  tokenId?: string;
  scopes: TokenScope[];
}

export function publicUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    mfaEnabled: row.totp_enabled_at !== null,
    emailVerified: row.email_verified_at != null,
    locale: row.locale ?? null,
    createdAt: row.created_at,
  };
}

/** The one thing a disabled account is told, after its password was right (never before). */
const accountDisabled = () => fail.authorization("account_disabled", "This account is disabled.");

const totpContext = (userId: string) => ({ table: "users.totp_secret", rowId: userId, ownerId: userId });

export interface AccountDeps {
  db: Knex;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
  /** Recently resolved credentials (see principal-cache.ts); every lookup hits the database without it. */
  principals?: PrincipalCache<Principal>;
  /** Sign-up's mail: the new address's verification link, or the known address's warning. */
  emailLinks?: Pick<EmailVerification, "sendVerification" | "tellExisting">;
  /** Mail to the owner about changes they may not have made (services/notifications). */
  notices?: AccountNotices;
}

/** What accounts tell the owner of; each never throws, so the change it tells of stands. */
export interface AccountNotices {
  mfaDisabled(userId: string): Promise<void>;
  tokenCreated(userId: string, token: { id: string; name: string; scopes: TokenScope[] }): Promise<void>;
}

/** Accounts, sessions, access tokens and the second factor. Routes stay thin; the rules live here. */
export function createAccounts({ db, secrets, audit, clock, principals, emailLinks, notices }: AccountDeps) {
  /** Every change to a user's credentials or account goes through here, before it answers. */
  const forget = async (userId: string) => principals?.forgetUser(userId);
  const now = () => iso(clock.now());
  const users = () => db<UserRow>("users");
  const attempts = createSecondFactorAttempts({ db, clock, audit });
  /** "Last seen" is kept to the minute: a write per request would cost more than it tells. */
  const stale = (at: string | null) => !at || at < iso(clock.now() - LAST_SEEN_RESOLUTION_MS);

  async function userById(id: string): Promise<UserRow> {
    const row = await users().where({ id }).first();
    if (!row) throw fail.authentication("session_invalid", "Your session has ended; sign in again.");
    return row;
  }

  async function issueSession(userId: string, meta: RequestMeta) {
    const token = newToken("cgs");
    const created = clock.now();
    const id = randomUUID();
    await db("sessions").insert({
      id,
      user_id: userId,
      token_hash: hashToken(token),
      created_at: iso(created),
      expires_at: iso(created + SESSION_TTL_MS),
      last_seen_at: iso(created),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 512) ?? null,
    });
    return { id, token, expiresAt: iso(created + SESSION_TTL_MS) };
  }

  /** A fresh set of ten single-use codes replaces any earlier set; only their hashes are kept. */
  async function replaceRecoveryCodes(trx: Knex.Transaction, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await trx("recovery_codes").where({ user_id: userId }).delete();
    await trx("recovery_codes").insert(
      codes.map((c) => ({
        id: randomUUID(),
        user_id: userId,
        code_hash: hashRecoveryCode(userId, c),
        created_at: now(),
        used_at: null,
      })),
    );
    return codes;
  }

  /**
   * Judges a TOTP or recovery code against the user's per-user try count: the try is claimed
   * first, an accepted code clears the count, a wrong one keeps it spent (see second-factor-attempts).
   */
  async function consumeSecondFactor(
    user: UserRow,
    code: string,
    meta: RequestMeta,
  ): Promise<"totp" | "recovery"> {
    await attempts.claim(user.id, meta);
    const method = await judgeSecondFactor(user, code, meta);
    if (method) await attempts.accepted(user.id);
    else {
      await attempts.rejected(user.id, meta);
      throw fail.authentication(
        "invalid_code",
        "That code is not valid. Codes work once; wait for the next one.",
      );
    }
    return method;
  }

  async function judgeSecondFactor(
    user: UserRow,
    code: string,
    meta: RequestMeta,
  ): Promise<"totp" | "recovery" | undefined> {
    if (/^[0-9]{6}$/.test(code.trim()) && user.totp_secret) {
      const secret = await secrets.open(user.totp_secret, totpContext(user.id));
      const last = user.totp_last_step == null ? null : Number(user.totp_last_step);
      const step = await checkTotp(secret, code.trim(), clock.now(), last);
      if (step !== undefined) {
        // Only advance: a concurrent use of the same code loses this race and is refused.
        const updated = await users()
          .where({ id: user.id })
          .andWhere((q) => q.whereNull("totp_last_step").orWhere("totp_last_step", "<", step))
          .update({ totp_last_step: step, updated_at: now() });
        if (updated === 1) return "totp";
      }
    } else if (looksLikeRecoveryCode(code)) {
      const used = await db("recovery_codes")
        .where({ user_id: user.id, code_hash: hashRecoveryCode(user.id, code), used_at: null })
        .update({ used_at: now() });
      if (used === 1) {
        await audit.record({ action: "auth.recovery_code.used", actorId: user.id, ...metaOf(meta) });
        return "recovery";
      }
    }
    return undefined;
  }

  /** A token's principal from the database, and when the credential itself expires. */
  async function resolve(
    token: string,
    tokenHash: string,
  ): Promise<{ principal: Principal; expiresAt: number | null } | undefined> {
    const kind = tokenKind(token);
    const at = now();
    if (kind === "cgs") {
      // One query for session and user: this runs on every request.
      const row = await db("sessions")
        .join("users", "users.id", "sessions.user_id")
        .where("sessions.token_hash", tokenHash)
        .first<
          UserRow & {
            session_id: string;
            session_created_at: string;
            session_expires_at: string;
            last_seen_at: string;
          }
        >(
          "users.*",
          "sessions.id as session_id",
          "sessions.created_at as session_created_at",
          "sessions.expires_at as session_expires_at",
          "sessions.last_seen_at",
        );
      // A disabled account's sessions end when it is disabled; one that slipped through still fails.
      if (!row || row.session_expires_at <= at || row.disabled_at) return undefined;
      if (stale(row.last_seen_at))
        await db("sessions").where({ id: row.session_id }).update({ last_seen_at: at });
      return {
        principal: {
          user: publicUser(row),
          via: "session",
          sessionId: row.session_id,
          signedInAt: row.session_created_at,
          scopes: ["read", "write", "keys"],
        },
        expiresAt: Date.parse(row.session_expires_at),
      };
    }
    if (kind === "cgp") {
      const pat = await db("personal_access_tokens").where({ token_hash: tokenHash }).first();
      if (!pat || pat.revoked_at || (pat.expires_at && pat.expires_at <= at)) return undefined;
      if (stale(pat.last_used_at))
        await db("personal_access_tokens").where({ id: pat.id }).update({ last_used_at: at });
      const user = await users().where({ id: pat.user_id }).first();
      const scopes = typeof pat.scopes === "string" ? JSON.parse(pat.scopes) : pat.scopes;
      if (!user || user.disabled_at) return undefined;
      return {
        principal: { user: publicUser(user), via: "token", tokenId: pat.id, scopes },
        expiresAt: pat.expires_at ? Date.parse(pat.expires_at) : null,
      };
    }
    return undefined;
  }

  return {
    /**
     * The same answer for a new address and a known one: a new address gets an unverified account
     * and a verification link, a known one a warning to its owner and no second account.
     */
    async signup(
      input: { email: string; password: string; displayName?: string; locale?: string },
      meta: RequestMeta,
    ): Promise<{ status: "verification_sent" }> {
      const existing = await users().where({ email: input.email }).first();
      if (existing) {
        // As long as a new account's password hashing, so the answer's timing tells nothing more.
        await burnPasswordCheck(input.password);
        await emailLinks?.tellExisting(existing);
        await audit.record({
          action: "auth.signup.duplicate",
          details: { email: input.email },
          ...metaOf(meta),
        });
        return { status: "verification_sent" };
      }
      const id = randomUUID();
      const at = now();
      const row = {
        id,
        email: input.email,
        password_hash: await hashPassword(input.password),
        role: "learner" as const,
        display_name: input.displayName ?? null,
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_step: null,
        email_verified_at: null,
        locale: input.locale ?? null,
        created_at: at,
        updated_at: at,
      };
      try {
        await db.transaction(async (trx) => {
          await trx("users").insert(row);
          await emailLinks?.sendVerification(trx, row);
        });
      } catch (err) {
        // Two sign-ups for one new address at once: the other made the account, this one answers alike.
        if (isUniqueViolation(err)) return { status: "verification_sent" };
        throw err;
      }
      await audit.record({
        action: "auth.signup",
        actorId: id,
        targetType: "user",
        targetId: id,
        ...metaOf(meta),
      });
      return { status: "verification_sent" };
    },

    /** Password first; with two-factor on, a short-lived challenge token instead of a session. */
    async login(input: { email: string; password: string }, meta: RequestMeta) {
      const user = await users().where({ email: input.email }).first();
      if (!user) {
        await burnPasswordCheck(input.password);
        await audit.record({
          action: "auth.login.failed",
          details: { reason: "unknown_email" },
          ...metaOf(meta),
        });
        throw fail.authentication("invalid_credentials", "Email or password is not right.");
      }
      if (!(await verifyPassword(user.password_hash, input.password))) {
        await audit.record({
          action: "auth.login.failed",
          actorId: user.id,
          details: { reason: "password" },
          ...metaOf(meta),
        });
        throw fail.authentication("invalid_credentials", "Email or password is not right.");
      }
      if (user.disabled_at) {
        await audit.record({
          action: "auth.login.failed",
          actorId: user.id,
          details: { reason: "disabled" },
          ...metaOf(meta),
        });
        throw accountDisabled();
      }
      if (user.totp_enabled_at) {
        const mfaToken = newToken("cgm");
        const expiresAt = iso(clock.now() + MFA_CHALLENGE_TTL_MS);
        await db("mfa_challenges").insert({
          id: randomUUID(),
          user_id: user.id,
          token_hash: hashToken(mfaToken),
          created_at: now(),
          expires_at: expiresAt,
          attempts: 0,
        });
        await audit.record({ action: "auth.login.password_ok", actorId: user.id, ...metaOf(meta) });
        return { mfaRequired: true as const, mfaToken, expiresAt, userId: user.id };
      }
      const session = await issueSession(user.id, meta);
      await audit.record({ action: "auth.login", actorId: user.id, ...metaOf(meta) });
      return { mfaRequired: false as const, user: publicUser(user), ...session };
    },

    async loginSecondFactor(input: { mfaToken: string; code: string }, meta: RequestMeta) {
      const challenge = await db("mfa_challenges")
        .where({ token_hash: hashToken(input.mfaToken) })
        .first();
      if (!challenge || challenge.expires_at < now() || challenge.attempts >= MFA_CHALLENGE_ATTEMPTS) {
        throw fail.authentication(
          "mfa_token_invalid",
          "This sign-in has expired; enter your password again.",
        );
      }
      // This challenge's own tries are claimed before the code is judged, like the user's.
      const claimed = await db("mfa_challenges")
        .where({ id: challenge.id })
        .where("attempts", "<", MFA_CHALLENGE_ATTEMPTS)
        .increment("attempts", 1);
      if (claimed !== 1) {
        throw fail.authentication(
          "mfa_token_invalid",
          "This sign-in has expired; enter your password again.",
        );
      }
      const user = await userById(challenge.user_id);
      // Disabled between the password and the code: no session, and the code is not judged.
      if (user.disabled_at) throw accountDisabled();
      const method = await consumeSecondFactor(user, input.code, meta);
      await db("mfa_challenges").where({ id: challenge.id }).delete();
      const session = await issueSession(user.id, meta);
      await audit.record({
        action: "auth.login",
        actorId: user.id,
        details: { secondFactor: method },
        ...metaOf(meta),
      });
      return { user: publicUser(user), ...session };
    },

    async logout(principal: Principal, meta: RequestMeta) {
      if (principal.sessionId) await db("sessions").where({ id: principal.sessionId }).delete();
      await forget(principal.user.id);
      await audit.record({ action: "auth.logout", actorId: principal.user.id, ...metaOf(meta) });
    },

    /** Resolves a bearer or cookie token to a principal, or undefined when it is not (or no longer) valid. */
    async authenticate(token: string): Promise<Principal | undefined> {
      const tokenHash = hashToken(token);
      const cached = principals?.get(tokenHash);
      if (cached) return cached;
      const epoch = principals?.epoch() ?? 0;
      const principal = await resolve(token, tokenHash);
      if (principal) principals?.set(tokenHash, principal.principal, principal.expiresAt, epoch);
      return principal?.principal;
    },

    /**
     * For changes to the second factor: a sign-in session (never an access token or a keys grant)
     * that signed in within the last 15 minutes, or the account's password again.
     */
    async confirmRecentSignIn(principal: Principal, password: string | undefined, meta: RequestMeta) {
      if (principal.via !== "session") {
        throw fail.authorization(
          "session_required",
          "Two-factor settings change only from a signed-in session, not with an access token.",
        );
      }
      const recent =
        principal.signedInAt !== undefined &&
        Date.parse(principal.signedInAt) > clock.now() - RECENT_SIGN_IN_MS;
      if (password === undefined) {
        if (recent) return;
        throw fail.authorization(
          "reauthentication_required",
          "You signed in more than 15 minutes ago: enter your password again to change two-factor settings.",
        );
      }
      const user = await userById(principal.user.id);
      if (!(await verifyPassword(user.password_hash, password))) {
        await audit.record({
          action: "auth.reauthentication.failed",
          actorId: user.id,
          ...metaOf(meta),
        });
        throw fail.authentication("invalid_credentials", "That password is not right.");
      }
    },

    async startTotpSetup(principal: Principal, meta: RequestMeta) {
      const user = await userById(principal.user.id);
      if (user.totp_enabled_at)
        throw fail.conflict("mfa_already_enabled", "Two-factor is already on; turn it off first.");
      const secret = newTotpSecret();
      await users()
        .where({ id: user.id })
        .update({
          totp_secret: await secrets.seal(secret, totpContext(user.id)),
          totp_last_step: null,
          updated_at: now(),
        });
      await audit.record({ action: "mfa.totp.setup", actorId: user.id, ...metaOf(meta) });
      return { secret, ...(await totpProvisioning(secret, user.email)) };
    },

    async enableTotp(principal: Principal, code: string, meta: RequestMeta) {
      const user = await userById(principal.user.id);
      if (user.totp_enabled_at) throw fail.conflict("mfa_already_enabled", "Two-factor is already on.");
      if (!user.totp_secret) throw fail.conflict("mfa_not_set_up", "Start two-factor setup first.");
      if (!/^[0-9]{6}$/.test(code.trim()))
        throw fail.validation("invalid_code", "Enter the 6-digit code from your app.");
      await consumeSecondFactor(user, code, meta);
      let recoveryCodes: string[] = [];
      await db.transaction(async (trx) => {
        await trx("users").where({ id: user.id }).update({ totp_enabled_at: now(), updated_at: now() });
        recoveryCodes = await replaceRecoveryCodes(trx, user.id);
      });
      await forget(user.id);
      await audit.record({ action: "mfa.totp.enabled", actorId: user.id, ...metaOf(meta) });
      return { recoveryCodes };
    },

    async disableTotp(principal: Principal, code: string, meta: RequestMeta) {
      const user = await userById(principal.user.id);
      if (!user.totp_enabled_at) throw fail.conflict("mfa_not_enabled", "Two-factor is not on.");
      await consumeSecondFactor(user, code, meta);
      await db.transaction(async (trx) => {
        await trx("users")
          .where({ id: user.id })
          .update({ totp_enabled_at: null, totp_secret: null, totp_last_step: null, updated_at: now() });
        await trx("recovery_codes").where({ user_id: user.id }).delete();
      });
      await forget(user.id);
      await audit.record({ action: "mfa.totp.disabled", actorId: user.id, ...metaOf(meta) });
      await notices?.mfaDisabled(user.id);
    },

    async regenerateRecoveryCodes(principal: Principal, code: string, meta: RequestMeta) {
      const user = await userById(principal.user.id);
      if (!user.totp_enabled_at) throw fail.conflict("mfa_not_enabled", "Turn on two-factor first.");
      await consumeSecondFactor(user, code, meta);
      const recoveryCodes = await db.transaction((trx) => replaceRecoveryCodes(trx, user.id));
      await audit.record({ action: "mfa.recovery_codes.regenerated", actorId: user.id, ...metaOf(meta) });
      return { recoveryCodes };
    },

    /** A TOTP or recovery code for `user`, counted like every second-factor try (a password reset's). */
    consumeSecondFactor,

    async listTokens(principal: Principal): Promise<AccessToken[]> {
      const rows = await db("personal_access_tokens")
        .where({ user_id: principal.user.id, revoked_at: null })
        .orderBy("created_at");
      return rows.map(tokenView);
    },

    async createToken(
      principal: Principal,
      input: {
        name: string;
        scopes: TokenScope[];
        expiresInDays?: number;
        /** Internal (short-lived grants); the public request says `expiresInDays`. Wins over it. */
        expiresInMs?: number;
      },
      meta: RequestMeta,
    ) {
      const token = newToken("cgp");
      const id = randomUUID();
      const created = clock.now();
      const lifetimeMs = input.expiresInMs ?? (input.expiresInDays ? input.expiresInDays * 86_400_000 : 0);
      const row = {
        id,
        user_id: principal.user.id,
        name: input.name,
        token_hash: hashToken(token),
        prefix: token.slice(0, 10),
        scopes: JSON.stringify(input.scopes),
        created_at: iso(created),
        expires_at: lifetimeMs > 0 ? iso(created + lifetimeMs) : null,
        last_used_at: null,
        revoked_at: null,
      };
      await db("personal_access_tokens").insert(row);
      await audit.record({
        action: "token.created",
        actorId: principal.user.id,
        targetType: "token",
        targetId: id,
        details: { name: input.name, scopes: input.scopes },
        ...metaOf(meta),
      });
      // Tokens the user made; not the short-lived ones a keys grant makes for its frame.
      if (input.expiresInMs === undefined) {
        await notices?.tokenCreated(principal.user.id, { id, name: input.name, scopes: input.scopes });
      }
      return { ...tokenView(row), token };
    },

    async revokeToken(principal: Principal, id: string, meta: RequestMeta) {
      const revoked = await db("personal_access_tokens")
        .where({ id, user_id: principal.user.id, revoked_at: null })
        .update({ revoked_at: now() });
      if (revoked !== 1) throw fail.notFound("token_not_found", "No such token.");
      await forget(principal.user.id);
      await audit.record({
        action: "token.revoked",
        actorId: principal.user.id,
        targetType: "token",
        targetId: id,
        ...metaOf(meta),
      });
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;

function tokenView(row: Record<string, unknown>): AccessToken {
  const scopes = typeof row.scopes === "string" ? JSON.parse(row.scopes) : row.scopes;
  return {
    id: String(row.id),
    name: String(row.name),
    prefix: String(row.prefix),
    scopes,
    createdAt: String(row.created_at),
    expiresAt: (row.expires_at as string | null) ?? null,
    lastUsedAt: (row.last_used_at as string | null) ?? null,
  };
}

const metaOf = requestFields;
