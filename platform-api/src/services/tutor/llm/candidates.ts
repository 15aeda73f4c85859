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
  // One query: the keys with the payer's preferences alongside (the same on every row).
  const rows: (KeyCandidate & { preferences: unknown })[] = await db("api_keys")
    .leftJoin("user_preferences", "user_preferences.user_id", "api_keys.user_id")
    .where("api_keys.user_id", userId)
    .whereIn("api_keys.provider", [...TASK_PROVIDERS[task]])
    .orderBy("api_keys.created_at")
    .orderBy("api_keys.id")
    .select(
      "api_keys.id",
      "api_keys.user_id",
      "api_keys.name",
      "api_keys.provider",
      "api_keys.model",
      "api_keys.secret",
      "api_keys.base_url",
      "api_keys.expires_at",
      "api_keys.monthly_token_budget",
      "user_preferences.keys as preferences",
    );
  const preferredId = preferredKeyId(rows[0]?.preferences, task);
  const keys = rows.map(({ preferences: _, ...key }) => key);
  const preferred = keys.filter((r) => r.id === preferredId);
  return { preferredId, keys: [...preferred, ...keys.filter((r) => r.id !== preferredId)] };
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
