import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Clock } from "../shared/clock.js";
import { createInvalidationChannel } from "../shared/invalidation-channel.js";

/** Where instances tell each other that a user's key rows changed. */
export const KEY_LIST_CHANNEL = "codeground:keys:changed";

const changes = new EventEmitter();
changes.setMaxListeners(0);

/**
 * Tells every key list cache in this process (and, through them, every instance) that a key row
 * changed somewhere other than the keys service: its usage counters after a provider call.
 */
export function keyRowChanged(keyId: string): void {
  changes.emit("changed", keyId);
}

export interface KeyListCacheOptions {
  clock: Clock;
  /** How long a user's key list is served from memory; 0 turns the cache off. */
  ttlMs: number;
  /** Users kept at most; the oldest go first. */
  max?: number;
  /** With several API instances: changes are published here and heard from the others. */
  redis?: Redis;
  logger?: Logger;
}

export interface KeyListCache<T> {
  get(userId: string): T | undefined;
  /** Taken before reading from the database, handed to `set` after. */
  epoch(): number;
  /** Keeps a user's list of these keys, unless any list changed since `epoch` (a stale read). */
  set(userId: string, value: T, keyIds: readonly string[], epoch: number): void;
  /** Drops a user's list here and, with Redis, on every other instance. */
  forget(userId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A user's key list, kept briefly in memory: a key manager lists keys on every view, and the
 * rows change only when their owner edits them or a provider call counts usage. Every such
 * change drops the entry at once, here and on the other instances; the TTL bounds what
 * reaches the database from outside the API (the CLI).
 */
export function createKeyListCache<T>({
  clock,
  ttlMs,
  max = 10_000,
  redis,
  logger,
}: KeyListCacheOptions): KeyListCache<T> {
  const entries = new Map<string, { value: T; keyIds: readonly string[]; until: number }>();
  /** Whose list each cached key is in: usage is counted by key. */
  const ownerOf = new Map<string, string>();
  let changesSeen = 0;
  const drop = (userId: string) => {
    for (const keyId of entries.get(userId)?.keyIds ?? []) ownerOf.delete(keyId);
    entries.delete(userId);
  };
  /** `user:<id>` or `key:<id>`, as published. */
  const forgetLocally = (subject: string) => {
    changesSeen++;
    if (subject.startsWith("user:")) drop(subject.slice(5));
    else if (subject.startsWith("key:")) {
      const owner = ownerOf.get(subject.slice(4));
      if (owner) drop(owner);
    }
  };
  // The change is already in the database: the other instances hear of it now or within the TTL.
  const changeChannel = createInvalidationChannel({
    redis,
    channel: KEY_LIST_CHANNEL,
    enabled: ttlMs > 0,
    logger,
    what: "key list changes",
    onMessage: forgetLocally,
  });
  const onLocalChange = (keyId: string) => {
    forgetLocally(`key:${keyId}`);
    void changeChannel.publish(`key:${keyId}`);
  };
  if (ttlMs > 0) changes.on("changed", onLocalChange);

  return {
    get(userId) {
      const entry = entries.get(userId);
      if (!entry) return undefined;
      if (entry.until <= clock.now()) {
        drop(userId);
        return undefined;
      }
      return entry.value;
    },
    epoch: () => changesSeen,
    set(userId, value, keyIds, epoch) {
      if (ttlMs <= 0 || epoch !== changesSeen) return;
      drop(userId);
      if (entries.size >= max) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) drop(oldest);
      }
      entries.set(userId, { value, keyIds, until: clock.now() + ttlMs });
      for (const keyId of keyIds) ownerOf.set(keyId, userId);
    },
    async forget(userId) {
      forgetLocally(`user:${userId}`);
      await changeChannel.publish(`user:${userId}`);
    },
    async close() {
      changes.off("changed", onLocalChange);
      entries.clear();
      ownerOf.clear();
      await changeChannel.close();
    },
  };
}
