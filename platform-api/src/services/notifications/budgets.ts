import type { Knex } from "knex";
import type { MailParams } from "../mail/render.js";
import { type Clock, iso } from "../shared/clock.js";
import type { Notifier } from "./notify.js";

/** The shares of a monthly tutor budget that are told, each once a month. */
export const BUDGET_THRESHOLDS = [80, 100] as const;

/** "2026-11": the calendar month (UTC) budgets count in. */
const monthOf = (ms: number) => iso(ms).slice(0, 7);
const monthStartOf = (ms: number) => {
  const d = new Date(ms);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
};

/** A locale Intl knows, or English. */
function safeLocale(locale: string | null): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf(locale ?? "en")[0] ?? "en";
  } catch {
    return "en";
  }
}

/** The highest threshold `used` has reached of `limit`, or none. */
export function thresholdReached(used: number, limit: number): 80 | 100 | undefined {
  if (limit <= 0) return undefined;
  if (used >= limit) return 100;
  if (used * 100 >= limit * 80) return 80;
  return undefined;
}

interface Budget {
  /** The key's or the embed's id. */
  id: string;
  used: number;
  limit: number;
  /** Who is told. */
  recipients: string[];
  /** The budget as the mail names it (a catalog key with its values). */
  name: MailParams[string];
  link: string;
}

/** Vault keys with a monthly budget and usage this month (their own counters, as the gateway counts). */
async function keyBudgets(db: Knex, month: string, publicUrl: string): Promise<Budget[]> {
  const rows = await db("api_keys")
    .whereNotNull("monthly_token_budget")
    .where("monthly_token_budget", ">", 0)
    .where({ usage_month: month })
    .select("id", "user_id", "name", "monthly_token_budget", "usage_input_tokens", "usage_output_tokens");
  return rows.map((r) => ({
    id: r.id,
    used: Number(r.usage_input_tokens) + Number(r.usage_output_tokens),
    limit: Number(r.monthly_token_budget),
    recipients: [r.user_id],
    name: { key: "budget.own", params: { key: r.name } },
    link: `${publicUrl}/keys`,
  }));
}

/**
 * Embeds that sponsor their learners' tutor under a monthly budget, with this month's sponsored
 * usage; told to their course's owners (the embed's own owner when the course has none).
 */
async function embedBudgets(db: Knex, since: string, publicUrl: string): Promise<Budget[]> {
  const embeds = await db("embeds")
    .leftJoin("courses", "courses.id", "embeds.course_id")
    .where("embeds.chat_sponsored", true)
    .whereNotNull("embeds.chat_monthly_token_budget")
    .where("embeds.chat_monthly_token_budget", ">", 0)
    .select(
      "embeds.id",
      "embeds.name",
      "embeds.owner_id",
      "embeds.course_id",
      "embeds.chat_monthly_token_budget as budget",
      "courses.name as course_name",
    );
  if (embeds.length === 0) return [];
  const ids = embeds.map((e) => e.id as string);
  const usage: { embed_id: string; input: unknown; output: unknown }[] = await db("usage")
    .whereIn("embed_id", ids)
    .where("created_at", ">=", since)
    .groupBy("embed_id")
    .select("embed_id")
    .sum({ input: "input_tokens", output: "output_tokens" });
  const usedBy = new Map(
    usage.map((u) => [u.embed_id as string, Number(u.input ?? 0) + Number(u.output ?? 0)]),
  );
  const courseIds = [...new Set(embeds.map((e) => e.course_id).filter(Boolean))] as string[];
  const owners = courseIds.length
    ? await db("course_members")
        .whereIn("course_id", courseIds)
        .where({ role: "owner" })
        .select("course_id", "user_id")
    : [];
  return embeds.map((e) => {
    const courseOwners = owners.filter((o) => o.course_id === e.course_id).map((o) => o.user_id as string);
    return {
      id: e.id,
      used: usedBy.get(e.id) ?? 0,
      limit: Number(e.budget),
      recipients: courseOwners.length ? courseOwners : [e.owner_id],
      name: { key: "budget.course", params: { course: e.course_name ?? e.name } },
      link: `${publicUrl}/embeds`,
    };
  });
}

/**
 * Tells of tutor budgets that reached 80 % or 100 % this month, each threshold once a month per
 * recipient (`<budget id>:<YYYY-MM>:<80|100>`). A budget that went from below 80 % to spent
 * between two scans is told as spent only.
 */
export async function noticeBudgets({
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
  const month = monthOf(now);
  const budgets = [
    ...(await keyBudgets(db, month, publicUrl)),
    ...(await embedBudgets(db, monthStartOf(now), publicUrl)),
  ];
  let sent = 0;
  for (const budget of budgets) {
    const threshold = thresholdReached(budget.used, budget.limit);
    if (!threshold) continue;
    for (const userId of budget.recipients) {
      const numbers = new Intl.NumberFormat(safeLocale(await notifier.localeOf(userId)));
      const outcome = await notifier.notifyQuietly(
        userId,
        threshold === 100 ? "budget_exhausted" : "budget_warning",
        {
          subjectKey: `${budget.id}:${month}:${threshold}`,
          params: {
            budget: budget.name,
            percent: Math.floor((budget.used * 100) / budget.limit),
            used: numbers.format(budget.used),
            limit: numbers.format(budget.limit),
          },
          link: budget.link,
        },
      );
      if (outcome === "sent") sent++;
    }
  }
  return sent;
}
