import { randomUUID } from "node:crypto";
import type { NotificationSettings } from "@codeground/sdk";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { isUniqueViolation } from "../../db/errors.js";
import type { Mailer } from "../mail/mailer.js";
import type { MailParams } from "../mail/render.js";
import { type Clock, iso } from "../shared/clock.js";
import type { NotificationSettingsStore } from "./settings.js";

/** Each notification mail and the switch that turns it off. */
export const NOTIFICATION_SWITCHES = {
  key_expiring: "keyExpiring",
  budget_warning: "tutorBudget",
  budget_exhausted: "tutorBudget",
  mfa_disabled: "mfaDisabled",
  token_created: "tokenCreated",
  new_sign_in: "newSignIn",
} as const satisfies Record<string, keyof NotificationSettings>;

export type NotificationKind = keyof typeof NOTIFICATION_SWITCHES;

export interface Notice {
  /** What it is about, so it goes once: a key and its expiry, a budget with its month and threshold. */
  subjectKey: string;
  params?: MailParams;
  /** A portal page, `PUBLIC_URL/...`. */
  link?: string;
}

/** Why a notice was not sent (`no_user`: none, or disabled), or that it was (`sent`). */
export type NoticeOutcome = "sent" | "switched_off" | "already_sent" | "no_user" | "unverified";

/**
 * A moment as the user reads it: date and time in their language (any BCP 47 tag Intl knows;
 * English otherwise), in UTC and saying so, since the account keeps no time zone.
 */
export function formatMoment(ms: number, locale: string | null | undefined, withTime = true): string {
  const options: Intl.DateTimeFormatOptions = withTime
    ? { dateStyle: "long", timeStyle: "long", timeZone: "UTC" }
    : { dateStyle: "long", timeZone: "UTC" };
  try {
    return new Intl.DateTimeFormat(locale ?? "en", options).format(ms);
  } catch {
    return new Intl.DateTimeFormat("en", options).format(ms);
  }
}

export interface NotifierDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
  mail: Mailer;
  settings: NotificationSettingsStore;
}

/**
 * The one way a notification goes out: not when the user turned its kind off, and once per user,
 * kind and subject. The `notifications_sent` row is inserted first, in the same transaction as
 * the queued mail: a duplicate row means it went already (or is going, from another instance);
 * a mail that cannot be queued takes its row with it, so a later try may send it.
 */
export function createNotifier({ db, clock, logger, mail, settings }: NotifierDeps) {
  async function notify(userId: string, kind: NotificationKind, notice: Notice): Promise<NoticeOutcome> {
    const subjectKey = notice.subjectKey.slice(0, 255);
    const user = await db("users")
      .where({ id: userId })
      .first("id", "email", "locale", "disabled_at", "email_verified_at");
    // A disabled account cannot act on anything it would be told.
    if (!user || user.disabled_at) return "no_user";
    // An address nobody has shown to be theirs gets its verification link and nothing else: whoever
    // signed up with someone else's address cannot have mail sent to it.
    if (!user.email_verified_at) return "unverified";
    // The scan meets the same keys and budgets every hour: a read spares them a refused insert.
    const sent = await db("notifications_sent")
      .where({ user_id: userId, kind, subject_key: subjectKey })
      .first("id");
    if (sent) return "already_sent";
    if (!(await settings.get(userId))[NOTIFICATION_SWITCHES[kind]]) return "switched_off";
    try {
      await db.transaction(async (trx) => {
        await trx("notifications_sent").insert({
          id: randomUUID(),
          user_id: userId,
          kind,
          subject_key: subjectKey,
          sent_at: iso(clock.now()),
        });
        await mail.send(
          {
            kind,
            to: user.email,
            userId,
            locale: user.locale ?? null,
            ...(notice.params ? { params: notice.params } : {}),
            ...(notice.link ? { link: notice.link } : {}),
          },
          trx,
        );
      });
    } catch (err) {
      if (isUniqueViolation(err)) return "already_sent";
      throw err;
    }
    return "sent";
  }

  return {
    notify,
    /**
     * For hooks in requests and the scan: a notification that fails is logged and never fails
     * the request that caused it, or the other notices of a scan.
     */
    async notifyQuietly(
      userId: string,
      kind: NotificationKind,
      notice: Notice,
    ): Promise<NoticeOutcome | "failed"> {
      try {
        return await notify(userId, kind, notice);
      } catch (err) {
        logger.error({ err, userId, kind }, "could not queue a notification");
        return "failed";
      }
    },
    /** The user's email language, for words outside the mail catalogs (dates). */
    async localeOf(userId: string): Promise<string | null> {
      const row = await db("users").where({ id: userId }).first("locale");
      return row?.locale ?? null;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
