import { randomUUID } from "node:crypto";
import type { Knex } from "knex";
import type { LlmMessage } from "./index.js";
import { tokensSpent } from "./usage.js";

/** Whose monthly budget a hold counts against: a key's, or a sponsoring embed's. */
export type BudgetScope = { api_key_id: string } | { embed_id: string };

/** A hold outlives its call only when the process died mid-call; then it lapses after this. */
export const HOLD_TTL_MS = 10 * 60_000;
/** What a call may write when the request sets no limit (for its hold only). */
const DEFAULT_OUTPUT_ALLOWANCE = 4096;

/**
 * The tokens held for one call while it runs: its input, generously counted (two characters a
 * token, where usage estimates take four), plus the most it may write. A call that stays within
 * this (the provider enforces the output cap) never takes a budget further past its limit than
 * one call's usage.
 */
export function callAllowance(messages: readonly LlmMessage[], maxOutputTokens?: number): number {
  let characters = 0;
  for (const m of messages) characters += m.content.length;
  return Math.ceil(characters / 2) + (maxOutputTokens ?? DEFAULT_OUTPUT_ALLOWANCE);
}

/** A hold taken (`id`; none when the scope turned out to have no budget), or the budget is spent. */
export type HoldResult = { ok: true; id?: string } | { ok: false };

/**
 * Takes a hold of `tokens` against a scope's monthly budget, or refuses when the budget is spent: what was recorded this month plus what running calls hold has reached the budget. The
 * check and the hold are one transaction that first locks the budget's own row (the key or the
 * embed), so concurrent calls for the same budget are checked one after another on every database;
 * the budget is read under that lock too, so a change to it counts at once.
 */
export async function holdTokens(
  db: Knex,
  scope: BudgetScope,
  tokens: number,
  { since, at, expiresAt }: { since: string; at: string; expiresAt: string },
): Promise<HoldResult> {
  return db.transaction(async (trx): Promise<HoldResult> => {
    const budget = await lockedBudget(trx, scope);
    if (budget === null) return { ok: true };
    // Holds whose process died mid-call lapse; they go here, where they would be counted.
    await trx("llm_budget_holds").where(scope).where("expires_at", "<=", at).delete();
    const spent = await tokensSpent(trx, scope, since);
    const held = await trx("llm_budget_holds")
      .where(scope)
      .where("expires_at", ">", at)
      .sum({ tokens: "tokens" })
      .first();
    if (spent + Number(held?.tokens ?? 0) >= budget) return { ok: false };
    const id = randomUUID();
    await trx("llm_budget_holds").insert({
      id,
      api_key_id: "api_key_id" in scope ? scope.api_key_id : null,
      embed_id: "embed_id" in scope ? scope.embed_id : null,
      tokens,
      created_at: at,
      expires_at: expiresAt,
    });
    return { ok: true, id };
  });
}

/**
 * The scope's budget (null: none), read after a no-op update of its row: the update takes the
 * row's write lock until the transaction ends, which `SELECT … FOR UPDATE` would not do on every
 * database knex speaks to.
 */
async function lockedBudget(trx: Knex.Transaction, scope: BudgetScope): Promise<number | null> {
  if ("api_key_id" in scope) {
    await trx("api_keys")
      .where({ id: scope.api_key_id })
      .update({ monthly_token_budget: trx.ref("monthly_token_budget") });
    const row = await trx("api_keys").where({ id: scope.api_key_id }).first("monthly_token_budget");
    return row ? numberOrNull(row.monthly_token_budget) : null;
  }
  await trx("embeds")
    .where({ id: scope.embed_id })
    .update({ chat_monthly_token_budget: trx.ref("chat_monthly_token_budget") });
  const row = await trx("embeds").where({ id: scope.embed_id }).first("chat_monthly_token_budget");
  return row ? numberOrNull(row.chat_monthly_token_budget) : null;
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Gives holds back (the call failed before costing anything, or its usage is now recorded). */
export async function releaseHolds(db: Knex, ids: readonly string[]): Promise<void> {
  if (ids.length)
    await db("llm_budget_holds")
      .whereIn("id", [...ids])
      .delete();
}
