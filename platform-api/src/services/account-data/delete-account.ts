import type { Knex } from "knex";
import { deleteUser } from "../../db/delete-user.js";
import { ApiError, fail } from "../../http/errors.js";
import type { Accounts, Principal, RequestMeta, UserRow } from "../accounts/accounts.js";
import type { AuditLog } from "../audit/audit.js";
import type { Mailer } from "../mail/mailer.js";
import { type Clock, iso } from "../shared/clock.js";
import type { SecretBox } from "../vault/secret-box.js";
import { pseudonymiseAuditEntries, pseudonymOf } from "./audit-pseudonyms.js";

export interface DeletionDeps {
  db: Knex;
  accounts: Pick<Accounts, "confirmRecentSignIn" | "consumeSecondFactor">;
  audit: AuditLog;
  mail: Pick<Mailer, "send">;
  /** To re-seal the signing secret of an embed handed to a course's owner (the owner is in its context). */
  secrets: SecretBox;
  clock: Clock;
  /** Ends every cached session and token of the account on every instance. */
  forgetUser: (userId: string) => Promise<void> | void;
}

interface OwnedCourse {
  id: string;
  name: string;
  /** Instructors and TAs besides the owner. */
  staff: number;
}

/** The courses the user owns, with how many other staff each has. */
async function ownedCourses(trx: Knex.Transaction, userId: string): Promise<OwnedCourse[]> {
  const owned = (await trx("course_members")
    .join("courses", "courses.id", "course_members.course_id")
    .where({ "course_members.user_id": userId, "course_members.role": "owner" })
    .select("courses.id", "courses.name")) as { id: string; name: string }[];
  const out: OwnedCourse[] = [];
  for (const c of owned) {
    const staff = await trx("course_members")
      .where({ course_id: c.id })
      .whereIn("role", ["instructor", "ta"])
      .whereNot({ user_id: userId })
      .count({ n: "*" })
      .first();
    out.push({ ...c, staff: Number(staff?.n ?? 0) });
  }
  return out;
}

/**
 * Deletes an account for good: the password again (and the second factor when on), then in one
 * transaction its credentials, vault secrets (each sealed with its own wrapped data key, so the
 * rows are all there is), courses it alone runs, everything it made, and the user; the audit log
 * keeps its entries under a pseudonym. A course it owns where others teach must be handed over
 * first (409 `owns_courses`, naming them), so no one else's course disappears with it.
 */
export function createAccountDeletion({
  db,
  accounts,
  audit,
  mail,
  secrets,
  clock,
  forgetUser,
}: DeletionDeps) {
  /**
   * An embed the user made in a course that stays passes to the course's owner: its signing secret
   * is re-sealed for them (the owner is bound into the envelope), and its chat sponsoring stops, so
   * the new owner's keys never start paying for learners without their say.
   */
  async function handOver(trx: Knex.Transaction, embedId: string, toUserId: string) {
    const row = await trx("embeds").where({ id: embedId }).first("id", "owner_id", "signing_secret");
    const context = (ownerId: string) => ({ table: "embeds.signing_secret", rowId: embedId, ownerId });
    const secret = await secrets.open(row.signing_secret, context(row.owner_id));
    await trx("embeds")
      .where({ id: embedId })
      .update({
        owner_id: toUserId,
        signing_secret: await secrets.seal(secret, context(toUserId)),
        chat_sponsored: false,
        updated_at: iso(clock.now()),
      });
  }
  /** The checks before anything is deleted: session, password, second factor. */
  async function confirm(
    principal: Principal,
    input: { password: string; code?: string },
    meta: RequestMeta,
  ) {
    if (principal.via !== "session") {
      throw fail.authorization(
        "session_required",
        "An account is deleted only from a signed-in session, not with an access token.",
      );
    }
    await accounts.confirmRecentSignIn(principal, input.password, meta);
    const user = await db<UserRow>("users").where({ id: principal.user.id }).first();
    if (!user) throw fail.authentication("session_invalid", "Your session has ended; sign in again.");
    if (user.totp_enabled_at) {
      if (!input.code) {
        throw fail.authentication(
          "second_factor_required",
          "Two-factor is on: enter a code from your app, or a recovery code, to delete the account.",
        );
      }
      await accounts.consumeSecondFactor(user, input.code, meta);
    }
    return user;
  }

  async function eraseInTransaction(trx: Knex.Transaction, user: UserRow, meta: RequestMeta) {
    const courses = await ownedCourses(trx, user.id);
    const shared = courses.filter((c) => c.staff > 0);
    if (shared.length > 0) {
      throw new ApiError(
        409,
        "conflict",
        "owns_courses",
        `You own ${shared.map((c) => `"${c.name}"`).join(", ")}, where others teach: make one of them the owner first.`,
        { courses: shared.map((c) => ({ id: c.id, name: c.name })) },
      );
    }
    const gone = courses.map((c) => c.id);
    // Embeds the user made in courses that stay are the course's: its owner takes them over.
    const embeds = (await trx("embeds")
      .where({ owner_id: user.id })
      .whereNotNull("course_id")
      .select("id", "course_id")) as { id: string; course_id: string }[];
    let handedOver = 0;
    for (const embed of embeds.filter((e) => !gone.includes(e.course_id))) {
      const owner = await trx("course_members")
        .where({ course_id: embed.course_id, role: "owner" })
        .first("user_id");
      if (!owner) continue;
      await handOver(trx, embed.id, String(owner.user_id));
      handedOver++;
    }
    for (const id of gone) {
      // As deleting a course does: its problems stay, without a course.
      await trx("problems").where({ course_id: id }).update({ course_id: null });
      await trx("courses").where({ id }).delete();
    }
    // Credentials and sealed material first, explicitly (the user row would cascade most of them).
    for (const table of [
      "sessions",
      "personal_access_tokens",
      "mfa_challenges",
      "recovery_codes",
      "email_tokens",
      "known_browsers",
      "api_keys",
      "user_preferences",
      "mail_outbox",
      "notification_settings",
      "notifications_sent",
    ]) {
      await trx(table).where({ user_id: user.id }).delete();
    }
    const pseudonymised = await pseudonymiseAuditEntries(trx, audit, { id: user.id, email: user.email });
    await deleteUser(trx, user.id);
    const pseudonym = pseudonymOf(audit, user.id);
    // No address or browser: they would tie the pseudonym back to the person.
    await audit.record(
      {
        action: "account.deleted",
        actorId: pseudonym,
        actorType: "user",
        targetType: "user",
        targetId: pseudonym,
        requestId: meta.requestId ?? null,
        details: {
          coursesDeleted: gone.length,
          embedsHandedOver: handedOver,
          auditEntriesPseudonymised: pseudonymised,
        },
      },
      trx,
    );
  }

  return {
    /** Answers once the account is gone; the goodbye mail is queued after the deletion is kept. */
    async deleteAccount(principal: Principal, input: { password: string; code?: string }, meta: RequestMeta) {
      const user = await confirm(principal, input, meta);
      await db.transaction((trx) => eraseInTransaction(trx, user, meta));
      await forgetUser(user.id);
      await mail.send({
        kind: "account_deleted",
        to: user.email,
        userId: null,
        locale: user.locale ?? null,
        params: { date: iso(clock.now()).slice(0, 10) },
      });
    },
  };
}

export type AccountDeletion = ReturnType<typeof createAccountDeletion>;
