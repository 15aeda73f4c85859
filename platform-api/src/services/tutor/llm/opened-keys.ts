import type OpenAI from "openai";
import type { Dispatcher } from "undici";
import type { KeyCandidate } from "./candidates.js";

/** A vault key decrypted for calls: its secret and endpoint in plaintext, and its clients. */
export interface OpenedSecret {
  secret: string;
  /** The key's own base URL, opened (undefined: the provider's endpoint). */
  baseUrl: string | undefined;
  /** One client per connection pool the calls went through (the pinned pool is shared). */
  clients: WeakMap<Dispatcher | typeof DEFAULT_POOL, OpenAI>;
}

/** Stands for "the default connection pool" where a client is looked up by pool. */
export const DEFAULT_POOL = {};

/**
 * Opened keys kept for a short while, so a busy tutor does not decrypt the same key (and build a
 * new client) for every message. An entry is found by everything the call depends on as stored —
 * the key's id, provider, model and sealed secret and base URL — so a key whose secret, endpoint
 * or model changed misses at once (sealing makes new ciphertext every time), and a deleted key is
 * never asked for (the gateway reads the payer's keys from the database for every call).
 * `forget` drops a key the provider refused. A TTL of 0 keeps nothing.
 */
export function createOpenedKeys({
  ttlMs,
  maxEntries = 500,
  now,
}: {
  ttlMs: number;
  maxEntries?: number;
  now: () => number;
}) {
  const entries = new Map<string, { value: OpenedSecret; expiresAt: number; keyId: string }>();
  const idOf = (key: KeyCandidate) =>
    [key.id, key.provider, key.model ?? "", key.secret, key.base_url ?? ""].join("\n");

  return {
    get(key: KeyCandidate): OpenedSecret | undefined {
      const id = idOf(key);
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(id);
        return undefined;
      }
      return entry.value;
    },
    set(key: KeyCandidate, value: OpenedSecret): void {
      if (ttlMs <= 0) return;
      // One entry per key: an older version of it (changed since) goes.
      for (const [id, entry] of entries) if (entry.keyId === key.id) entries.delete(id);
      entries.set(idOf(key), { value, expiresAt: now() + ttlMs, keyId: key.id });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    forget(keyId: string): void {
      for (const [id, entry] of entries) if (entry.keyId === keyId) entries.delete(id);
    },
    clear(): void {
      entries.clear();
    },
  };
}

export type OpenedKeys = ReturnType<typeof createOpenedKeys>;
