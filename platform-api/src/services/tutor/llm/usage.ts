import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import { iso } from "../../shared/clock.js";
import { keyRowChanged } from "../../vault/key-list-cache.js";

/** The first instant of the calendar month (UTC) that `ms` falls in: budgets reset then. */
export function monthStart(ms: number): string {
  const d = new Date(ms);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** Tokens (in + out) spent since `since`, by one key or by one embed's sponsored chats. */
export async function tokensSpent(
  db: Knex,
  by: { api_key_id: string } | { embed_id: string },
  since: string,
): Promise<number> {
  const row = await db("usage")
    .where(by)
    .where("created_at", ">=", since)
    .sum({ input: "input_tokens", output: "output_tokens" })
    .first();
  return Number(row?.input ?? 0) + Number(row?.output ?? 0);
}

/** A rough token count for providers that report none: about four characters a token in English. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export interface UsageRecord {
  userId: string;
  keyId: string;
  task: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  embedId: string | null;
  estimated: boolean;
  at: string;
}

/** "2026-11": the calendar month (UTC) of an ISO timestamp, as the key's counters name it. */
export const usageMonth = (at: string): string => at.slice(0, 7);

/**
 * One row per provider call: what it cost and who paid. Never the messages. The call's budget
 * holds (`budget.ts`) go in the same transaction, so the budget never counts the call twice or
 * not at all.
 */
export async function recordUsage(
  db: Knex,
  usage: UsageRecord,
  holds: readonly string[] = [],
): Promise<void> {
  if (holds.length === 0) await writeUsage(db, usage);
  else {
    await db.transaction(async (trx) => {
      await writeUsage(trx, usage);
      await trx("llm_budget_holds")
        .whereIn("id", [...holds])
        .delete();
    });
  }
  // Once committed: key lists served from memory drop the list this key is in.
  keyRowChanged(usage.keyId);
}

async function writeUsage(db: Knex, usage: UsageRecord): Promise<void> {
  await db("usage").insert({
    id: randomUUID(),
    user_id: usage.userId,
    api_key_id: usage.keyId,
    task: usage.task,
    provider: usage.provider,
    model: usage.model.slice(0, 255),
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    embed_id: usage.embedId,
    estimated: usage.estimated,
    created_at: usage.at,
  });
  // The key's own counters for this month, in one statement (no lost update between two calls);
  // a new month starts them again.
  const month = usageMonth(usage.at);
  await db("api_keys")
    .where({ id: usage.keyId })
    .update({
      last_used_at: usage.at,
      usage_requests: db.raw("CASE WHEN usage_month = ? THEN usage_requests + 1 ELSE 1 END", [month]),
      usage_input_tokens: db.raw("CASE WHEN usage_month = ? THEN usage_input_tokens + ? ELSE ? END", [
        month,
        usage.inputTokens,
        usage.inputTokens,
      ]),
      usage_output_tokens: db.raw("CASE WHEN usage_month = ? THEN usage_output_tokens + ? ELSE ? END", [
        month,
        usage.outputTokens,
        usage.outputTokens,
      ]),
      usage_month: month,
    });
}
