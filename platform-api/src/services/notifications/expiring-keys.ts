import type { Knex } from "knex";
import { type Clock, iso } from "../shared/clock.js";
import { formatMoment, type Notifier } from "./notify.js";

/** How far ahead a key's expiry is told. */
export const KEY_EXPIRY_NOTICE_MS = 7 * 86_400_000;

/** Providers as a sentence names them ("The OpenAI key …"). */
const PROVIDERS: Record<string, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google Gemini",
  "azure-openai": "Azure OpenAI",
  "openai-compatible": "OpenAI-compatible",
};

/**
 * Tells each owner of a vault key that expires within 7 days (and has not yet), once per key and
 * expiry: a key given a new expiry is told again when that one nears.
 */
export async function noticeExpiringKeys({
  db,
  clock,
  notifier,
  publicUrl,
}: {
  db: Knex;
  clock: Clock;
  notifier: Notifier;
  publicUrl: string;
}): Promise<number> {
  const now = clock.now();
  const keys = await db("api_keys")
    .whereNotNull("expires_at")
    .where("expires_at", ">", iso(now))
    .where("expires_at", "<=", iso(now + KEY_EXPIRY_NOTICE_MS))
    .orderBy("expires_at")
    .select("id", "user_id", "name", "provider", "expires_at");
  let sent = 0;
  for (const key of keys) {
    const locale = await notifier.localeOf(key.user_id);
    const outcome = await notifier.notifyQuietly(key.user_id, "key_expiring", {
      subjectKey: `${key.id}:${key.expires_at}`,
      params: {
        key: key.name,
        provider: PROVIDERS[key.provider] ?? key.provider,
        date: formatMoment(Date.parse(key.expires_at), locale, false),
      },
      link: `${publicUrl}/keys`,
    });
    if (outcome === "sent") sent++;
  }
  return sent;
}
