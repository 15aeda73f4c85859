import type { NotificationSettings, UpdateNotificationSettings } from "@codeground/sdk";
import type { Knex } from "knex";
import { isUniqueViolation } from "../../db/errors.js";
import type { RequestMeta } from "../accounts/accounts.js";
import { type AuditLog, requestFields } from "../audit/audit.js";
import { type Clock, iso } from "../shared/clock.js";

/** Every switch, on: what an account that never changed its settings gets. */
export const DEFAULT_SETTINGS: NotificationSettings = {
  keyExpiring: true,
  tutorBudget: true,
  mfaDisabled: true,
  tokenCreated: true,
  newSignIn: true,
};

const SWITCHES = Object.keys(DEFAULT_SETTINGS) as (keyof NotificationSettings)[];

/**
 * The stored JSON read leniently: only known switches that are booleans count, so a switch added
 * later is on for everyone until they turn it off.
 */
function parseStored(text: string | undefined): NotificationSettings {
  let stored: Record<string, unknown> = {};
  try {
    stored = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    stored = {};
  }
  const settings = { ...DEFAULT_SETTINGS };
  for (const name of SWITCHES) {
    const value = stored?.[name];
    if (typeof value === "boolean") settings[name] = value;
  }
  return settings;
}

/** The per-user switches for notification mail (`notification_settings`, one JSON row a user). */
export function createNotificationSettings({
  db,
  clock,
  audit,
}: {
  db: Knex;
  clock: Clock;
  audit: AuditLog;
}) {
  async function get(userId: string, trx: Knex = db): Promise<NotificationSettings> {
    const row = await trx("notification_settings").where({ user_id: userId }).first("settings");
    return parseStored(row?.settings);
  }

  async function write(trx: Knex.Transaction, userId: string, settings: NotificationSettings) {
    const row = { settings: JSON.stringify(settings), updated_at: iso(clock.now()) };
    const updated = await trx("notification_settings").where({ user_id: userId }).update(row);
    if (updated === 0) await trx("notification_settings").insert({ user_id: userId, ...row });
  }

  return {
    get,

    /** Changes the switches given, keeps the others; audited when something changed. */
    async update(
      userId: string,
      changes: UpdateNotificationSettings,
      meta: RequestMeta,
    ): Promise<NotificationSettings> {
      const apply = () =>
        db.transaction(async (trx) => {
          const before = await get(userId, trx);
          const after = { ...before };
          for (const name of SWITCHES) {
            const value = changes[name];
            if (typeof value === "boolean") after[name] = value;
          }
          const changed = SWITCHES.filter((name) => before[name] !== after[name]);
          if (changed.length > 0) await write(trx, userId, after);
          return { after, changed };
        });
      let result: Awaited<ReturnType<typeof apply>>;
      try {
        result = await apply();
      } catch (err) {
        // Two first changes at once: one inserted the row; the other now updates it.
        if (!isUniqueViolation(err)) throw err;
        result = await apply();
      }
      if (result.changed.length > 0) {
        await audit.record({
          action: "notifications.updated",
          actorId: userId,
          targetType: "user",
          targetId: userId,
          details: Object.fromEntries(result.changed.map((name) => [name, result.after[name]])),
          ...requestFields(meta),
        });
      }
      return result.after;
    },
  };
}

export type NotificationSettingsStore = ReturnType<typeof createNotificationSettings>;
