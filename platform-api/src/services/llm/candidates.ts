import type { KeyProvider, KeyTask } from "@codeground/sdk";
import type { Knex } from "knex";

/** A vault key as the gateway reads it: still sealed. */
export interface KeyCandidate {
  id: string;
  user_id: string;
  name: string;
  provider: KeyProvider;
  model: string | null;
  secret: string;
  base_url: string | null;
  expires_at: string | null;
  monthly_token_budget: number | null;
}

// The same additional authenticated data the vault seals with (services/keys.ts): a secret moved
// to another row or owner does not open.
export const secretContext = (row: { id: string; user_id: string }) => ({
  table: "api_keys",
  rowId: row.id,
  ownerId: row.user_id,
});
export const baseUrlContext = (row: { id: string; user_id: string }) => ({
  table: "api_keys.base_url",
  rowId: row.id,
  ownerId: row.user_id,
});

/** Every provider speaks chat completions, so every key can serve chat and feedback. */
const TASK_PROVIDERS: Record<KeyTask, readonly KeyProvider[]> = {
  chat: ["openai", "anthropic", "google", "azure-openai", "openai-compatible"],
  feedback: ["openai", "anthropic", "google", "azure-openai", "openai-compatible"],
};

/**
 * The payer's keys in the order they are tried: the one chosen for the task first, then the
 * others oldest first (a stable order, so the same key answers until it fails).
 */
export async function keysInOrder(
  db: Knex,
  userId: string,
  task: KeyTask,
): Promise<{ preferredId: string | null; keys: KeyCandidate[] }> {
  const prefs = await db("user_preferences").where({ user_id: userId }).first();
  const preferredId = preferredKeyId(prefs?.keys, task);
  const rows: KeyCandidate[] = await db("api_keys")
    .where({ user_id: userId })
    .whereIn("provider", [...TASK_PROVIDERS[task]])
    .orderBy("created_at")
    .orderBy("id")
    .select(
      "id",
      "user_id",
      "name",
      "provider",
      "model",
      "secret",
      "base_url",
      "expires_at",
      "monthly_token_budget",
    );
  const preferred = rows.filter((r) => r.id === preferredId);
  return { preferredId, keys: [...preferred, ...rows.filter((r) => r.id !== preferredId)] };
}

function preferredKeyId(value: unknown, task: KeyTask): string | null {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const id = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>)[task] : undefined;
  return typeof id === "string" ? id : null;
}
