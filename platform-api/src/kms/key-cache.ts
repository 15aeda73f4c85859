export interface DataKeyCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

export interface DataKeyCache {
  readonly size: number;
  get(id: string): Buffer | undefined;
  /** Keeps `key`, or retires it at once when the cache is disabled. */
  set(id: string, key: Buffer): void;
  clear(): void;
}

/**
 * Unwrapped data keys by cache id, least recently used first out, each for at most `ttlMs`.
 *
 * Keys that leave the cache are zeroed on the next macrotask, not at once: an open that already
 * holds the key (a cache hit, or a caller awaiting the same KMS call) uses it synchronously when
 * its await resumes, and every such resumption runs as a microtask before then.
 */
export function createDataKeyCache({ ttlMs, maxEntries, now }: DataKeyCacheOptions): DataKeyCache {
  const entries = new Map<string, { key: Buffer; expiresAt: number }>();
  const disabled = ttlMs <= 0 || maxEntries <= 0;

  return {
    get size() {
      return entries.size;
    },

    get(id) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      entries.delete(id);
      if (entry.expiresAt <= now()) {
        retire(entry.key);
        return undefined;
      }
      entries.set(id, entry);
      return entry.key;
    },

    set(id, key) {
      if (disabled) {
        retire(key);
        return;
      }
      const previous = entries.get(id);
      if (previous && previous.key !== key) retire(previous.key);
      entries.delete(id);
      entries.set(id, { key, expiresAt: now() + ttlMs });
      for (const [oldest, entry] of entries) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
        retire(entry.key);
      }
    },

    clear() {
      for (const entry of entries.values()) retire(entry.key);
      entries.clear();
    },
  };
}

function retire(key: Buffer): void {
  setImmediate(() => key.fill(0)).unref();
}
