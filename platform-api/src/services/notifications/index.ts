import type { TokenScope } from "@codeground/sdk";
import type { Knex } from "knex";
import type { Logger } from "pino";
import type { AuditLog } from "../audit/audit.js";
import type { Mailer } from "../mail/mailer.js";
import { type Clock, iso } from "../shared/clock.js";
import { createDrainWorker } from "../shared/drain-worker.js";
import { noticeBudgets } from "./budgets.js";
import { noticeExpiringKeys } from "./expiring-keys.js";
import { createKnownBrowsers } from "./known-browsers.js";
import { createNotifier, formatMoment } from "./notify.js";
import { createNotificationSettings } from "./settings.js";

export type { KnownBrowsers } from "./known-browsers.js";
export { BROWSER_COOKIE, BROWSER_COOKIE_MAX_AGE_MS, isBrowserId, newBrowserId } from "./known-browsers.js";
export type { NoticeOutcome, NotificationKind } from "./notify.js";

/** How often expiring keys and tutor budgets are looked at. */
const SCAN_MS = 3600_000;

export interface NotificationDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  mail: Mailer;
  /** `PUBLIC_URL`: the portal pages the mail links to. */
  publicUrl: string;
}

/**
 * Notifications: mail that tells an account's owner of something they may want to act on, each
 * kind with a switch (`settings`). Security ones come from the change itself (two-factor off, a
 * new access token, a sign-in from a new browser); expiring keys and tutor budgets from an hourly
 * scan (`start()`, `scanOnce()`).
 */
export function createNotifications({ db, clock, logger, audit, mail, publicUrl }: NotificationDeps) {
  const settings = createNotificationSettings({ db, clock, audit });
  const notifier = createNotifier({ db, clock, logger, mail, settings });
  const browsers = createKnownBrowsers({ db, clock, logger, notifier, publicUrl });
  const security = `${publicUrl}/security`;

  async function scanOnce(): Promise<void> {
    const parts = { db, clock, notifier, publicUrl };
    await noticeExpiringKeys(parts);
    await noticeBudgets(parts);
  }
  const worker = createDrainWorker({
    drainOnce: scanOnce,
    pollMs: SCAN_MS,
    logger,
    what: "notification scan",
  });

  return {
    settings,
    notify: notifier.notify,
    browsers,
    /**
     * What accounts tell of (see `AccountNotices`); each logs its own failure and never throws,
     * so the change it tells of stands.
     */
    accountNotices: {
      async mfaDisabled(userId: string): Promise<void> {
        const at = clock.now();
        await notifier.notifyQuietly(userId, "mfa_disabled", {
          // Each time it is turned off is its own notice.
          subjectKey: iso(at),
          params: { date: formatMoment(at, await notifier.localeOf(userId).catch(() => null)) },
          link: security,
        });
      },
      async tokenCreated(userId: string, token: { id: string; name: string; scopes: TokenScope[] }) {
        await notifier.notifyQuietly(userId, "token_created", {
          subjectKey: token.id,
          params: {
            token: token.name,
            scopes: token.scopes.join(", "),
            date: formatMoment(clock.now(), await notifier.localeOf(userId).catch(() => null)),
          },
          link: security,
        });
      },
    },
    /** One look at expiring keys and tutor budgets (the hourly timer runs it; tests too). */
    scanOnce: worker.drain,
    /** Starts the hourly scan, with a first look at once. */
    start: worker.start,
    stop: worker.stop,
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
