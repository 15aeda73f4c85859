import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Clock } from "../shared/clock.js";
import { createInvalidationChannel } from "../shared/invalidation-channel.js";

/** Where instances tell each other that a user's credentials changed. */
export const REVOCATION_CHANNEL = "codeground:auth:revoked";

export interface PrincipalCacheOptions<P> {
  clock: Clock;
  /** How long a resolved credential is trusted without asking the database; 0 turns the cache off. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  max?: number;
  /** With several API instances: revocations are published here and heard from the others. */
  redis?: Redis;
  logger?: Logger;
  userOf(principal: P): string;
}

export interface PrincipalCache<P> {
  /** The principal a token hash resolved to, if seen within the TTL and its credential not expired. */
  get(tokenHash: string): P | undefined;
  /** Taken before reading a credential from the database, handed to `set` after. */
  epoch(): number;
  /** Keeps a resolved credential, unless a revocation happened since `epoch` (a stale read). */
  set(tokenHash: string, principal: P, credentialExpiresAt: number | null, epoch: number): void;
  /**
   * Drops every cached credential of a user, here and (with Redis) on every other instance:
   * called on logout, revocation and any change to the user's account.
   */
  forgetUser(userId: string): Promise<void>;
  close(): Promise<void>;
}

interface Entry<P> {
  principal: P;
  userId: string;
  /** When the cache stops trusting it: the TTL or the credential's own expiry, whichever is first. */
  until: number;
}

/**
 * Resolved sessions and tokens, kept briefly in memory: resolving a credential is a database
 * query on every request, and most requests come from credentials seen a moment ago. Revocation
 * stays immediate: every change to a user's credentials drops that user's entries on this
 * instance and, through Redis pub/sub, on the others. Changes made outside the API (the CLI)
 * reach it within the TTL.
 */
export function createPrincipalCache<P>({
  clock,
  ttlMs,
  max = 50_000,
  redis,
  logger,
  userOf,
}: PrincipalCacheOptions<P>): PrincipalCache<P> {
  const entries = new Map<string, Entry<P>>();
  const byUser = new Map<string, Set<string>>();
  let revocations = 0;

  const drop = (tokenHash: string) => {
    const entry = entries.get(tokenHash);
    if (!entry) return;
    entries.delete(tokenHash);
    const hashes = byUser.get(entry.userId);
    hashes?.delete(tokenHash);
    if (hashes?.size === 0) byUser.delete(entry.userId);
  };
  const forgetLocally = (userId: string) => {
    revocations++;
    for (const tokenHash of byUser.get(userId) ?? []) entries.delete(tokenHash);
    byUser.delete(userId);
  };

  const revocationChannel = createInvalidationChannel({
    redis,
    channel: REVOCATION_CHANNEL,
    enabled: ttlMs > 0,
    logger,
    what: "credential revocations",
    onMessage: forgetLocally,
  });

  return {
    get(tokenHash) {
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (entry.until <= clock.now()) {
        drop(tokenHash);
        return undefined;
      }
      return entry.principal;
    },
    epoch: () => revocations,
    set(tokenHash, principal, credentialExpiresAt, epoch) {
      if (ttlMs <= 0 || epoch !== revocations) return;
      drop(tokenHash);
      if (entries.size >= max) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) drop(oldest);
      }
      const userId = userOf(principal);
      const until = Math.min(clock.now() + ttlMs, credentialExpiresAt ?? Number.POSITIVE_INFINITY);
      entries.set(tokenHash, { principal, userId, until });
      const hashes = byUser.get(userId) ?? new Set<string>();
      hashes.add(tokenHash);
      byUser.set(userId, hashes);
    },
    async forgetUser(userId) {
      forgetLocally(userId);
      // The change itself is already in the database: the others hear of it now or within the TTL.
      await revocationChannel.publish(userId);
    },
    async close() {
      entries.clear();
      byUser.clear();
      await revocationChannel.close();
    },
  };
}
