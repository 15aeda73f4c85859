import { createHash, randomBytes, randomUUID } from "node:crypto";
import { isIP } from "node:net";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { isUniqueViolation } from "../../db/errors.js";
import { hashToken } from "../accounts/tokens.js";
import { type Clock, iso } from "../shared/clock.js";
import { browserSummary } from "./browser-summary.js";
import { formatMoment, type Notifier } from "./notify.js";

/** The cookie that tells one browser from another: random, HttpOnly, long-lived. */
export const BROWSER_COOKIE = "cg_browser";
/** 400 days: the longest a browser keeps a cookie. */
export const BROWSER_COOKIE_MAX_AGE_MS = 400 * 86_400_000;
const COOKIE_VALUE = /^[A-Za-z0-9_-]{32,128}$/;

/** A new value for the browser cookie. */
export const newBrowserId = () => randomBytes(32).toString("base64url");
/** Whether a cookie value is one we could have set (anything else is replaced). */
export const isBrowserId = (value: string | undefined): value is string =>
  value !== undefined && COOKIE_VALUE.test(value);

/**
 * The network a client address belongs to: the /24 of an IPv4 address, the /48 of an IPv6 one,
 * so a client whose address moves within its provider's block is still the same client.
 */
export function networkOf(ip: string | undefined): string {
  const address = (ip ?? "").replace(/^::ffff:(?=\d+\.)/, "");
  if (isIP(address) === 4) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIP(address) === 6) {
    const [head = "", tail = ""] = address.split("::");
    const left = head ? head.split(":") : [];
    const right = tail ? tail.split(":") : [];
    const groups = address.includes("::")
      ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
      : left;
    return `${groups
      .slice(0, 3)
      .map((g) => g.toLowerCase())
      .join(":")}::/48`;
  }
  return "unknown";
}

/**
 * What identifies a browser for "a sign-in from a browser this account has not used before": the
 * hash of its cookie; for a client that keeps no cookies (an API client), the hash of its user
 * agent and its address's network.
 */
export function browserHash(client: {
  browserId?: string | undefined;
  userAgent?: string | undefined;
  ip?: string | undefined;
}): string {
  if (client.browserId) return hashToken(client.browserId);
  return createHash("sha256")
    .update(`agent\n${client.userAgent ?? ""}\n${networkOf(client.ip)}`)
    .digest("hex");
}

/**
 * The browsers each account signed in from (`known_browsers`): a sign-in from one it has not used
 * before tells the account's owner (`new_sign_in`), except the account's very first sign-in.
 */
export function createKnownBrowsers({
  db,
  clock,
  logger,
  notifier,
  publicUrl,
}: {
  db: Knex;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  publicUrl: string;
}) {
  /** Records the browser; true when the account had signed in before, from others only. */
  async function remember(userId: string, hash: string, userAgent: string | undefined): Promise<boolean> {
    const at = iso(clock.now());
    const seen = await db("known_browsers")
      .where({ user_id: userId, browser_hash: hash })
      .update({ last_seen_at: at });
    if (seen > 0) return false;
    const others = await db("known_browsers").where({ user_id: userId }).first("id");
    try {
      await db("known_browsers").insert({
        id: randomUUID(),
        user_id: userId,
        browser_hash: hash,
        user_agent: userAgent?.slice(0, 512) ?? null,
        first_seen_at: at,
        last_seen_at: at,
      });
    } catch (err) {
      // The same browser signing in twice at once: the other sign-in recorded it.
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    return others !== undefined;
  }

  return {
    /**
     * A successful sign-in (its last step). Never throws: a failure here is logged, and the
     * sign-in goes on.
     */
    async signedIn(
      userId: string,
      client: { browserId?: string | undefined; userAgent?: string | undefined; ip?: string | undefined },
    ): Promise<void> {
      try {
        const hash = browserHash(client);
        if (!(await remember(userId, hash, client.userAgent))) return;
        const locale = await notifier.localeOf(userId);
        await notifier.notify(userId, "new_sign_in", {
          subjectKey: hash,
          params: {
            browser: browserSummary(client.userAgent),
            ip: client.ip ?? "unknown",
            date: formatMoment(clock.now(), locale),
          },
          link: `${publicUrl}/security`,
        });
      } catch (err) {
        logger.error({ err, userId }, "could not check the sign-in's browser");
      }
    },
  };
}

export type KnownBrowsers = ReturnType<typeof createKnownBrowsers>;
