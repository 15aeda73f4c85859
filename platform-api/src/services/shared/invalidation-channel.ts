import type { Redis } from "ioredis";
import type { Logger } from "pino";

/** A Redis pub/sub channel on which API instances tell each other to drop a cached entry. */
export interface InvalidationChannel {
  /** Tells the other instances; a Redis failure is logged, not thrown (they catch up within the TTL). */
  publish(subject: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribes (on a connection of its own: a subscribed connection can do nothing else) and hands
 * each subject heard to `onMessage`. Without Redis, or with `enabled` false, it does nothing.
 */
export function createInvalidationChannel({
  redis,
  channel,
  enabled,
  logger,
  what,
  onMessage,
}: {
  redis: Redis | undefined;
  channel: string;
  enabled: boolean;
  logger: Logger | undefined;
  /** What the channel carries, for log lines: "credential revocations", "key list changes". */
  what: string;
  onMessage(subject: string): void;
}): InvalidationChannel {
  const subscriber = enabled && redis ? redis.duplicate() : undefined;
  if (subscriber) {
    subscriber.on("message", (_channel: string, subject: string) => onMessage(subject));
    subscriber.subscribe(channel).catch((err: Error) => {
      logger?.error({ err: err.message }, `could not subscribe to ${what}`);
    });
  }
  return {
    async publish(subject) {
      if (!enabled || !redis) return;
      await redis.publish(channel, subject).catch((err: Error) => {
        logger?.error({ err: err.message }, `could not publish ${what}`);
      });
    },
    async close() {
      await subscriber?.quit().catch(() => undefined);
    },
  };
}
