import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { ApiError, fail } from "../../http/errors.js";

/**
 * Brute-force brakes for passwords and second factors: per IP and per account. Failures
 * count; a success clears the account's count. Beyond the limit the answer is 429 with
 * Retry-After, and the block doubles each time it is hit again (backoff).
 */
export interface Throttle {
  /** Throws 429 when this key may not try now. */
  check(keys: string[]): Promise<void>;
  /** Counts a failure; true when it (or an earlier one) has now blocked one of the keys. */
  failure(keys: string[]): Promise<boolean>;
  success(keys: string[]): Promise<void>;
}

export interface ThrottleOptions {
  /** Names the counters in a shared store: throttles with different rules must differ. */
  name: string;
  points: number;
  durationSeconds: number;
  blockSeconds: number;
  /** Count in Redis, shared by every API instance; in this process's memory when absent. */
  redis?: Redis;
}

function limiterOf(
  name: string,
  opts: { points: number; duration: number; blockDuration?: number },
  redis?: Redis,
) {
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `cg:throttle:${name}`, ...opts })
    : new RateLimiterMemory({ keyPrefix: name, ...opts });
  return limiter;
}

export function createThrottle({
  name,
  points,
  durationSeconds,
  blockSeconds,
  redis,
}: ThrottleOptions): Throttle {
  const limiter = limiterOf(name, { points, duration: durationSeconds, blockDuration: blockSeconds }, redis);
  const strikes = limiterOf(`${name}:strikes`, { points: 1_000_000, duration: 24 * 3600 }, redis);

  const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  return {
    async check(keys) {
      for (const key of keys) {
        const res = await limiter.get(key);
        if (res && res.consumedPoints >= points && res.msBeforeNext > 0) {
          throw fail.rateLimit(retryAfter(res), "Too many attempts. Wait a moment, then try again.");
        }
      }
    },
    async failure(keys) {
      let blocked = false;
      for (const key of keys) {
        try {
          await limiter.consume(key);
        } catch (res) {
          blocked = true;
          if (!(res instanceof RateLimiterRes)) throw res;
          // Blocked again: lengthen the block for this key each time (1x, 2x, 4x … up to a day).
          const hits = (await strikes.penalty(key, 1)).consumedPoints;
          const seconds = Math.min(24 * 3600, blockSeconds * 2 ** Math.min(hits - 1, 10));
          await limiter.block(key, seconds);
        }
      }
      return blocked;
    },
    async success(keys) {
      await Promise.all(keys.map((key) => limiter.delete(key)));
    },
  };
}

/**
 * A plain rate limit: so many actions per window and key (code runs per learner, say). Unlike
 * `Throttle` every action counts, success or not; beyond the limit the answer is 429 with
 * Retry-After until the window rolls over.
 */
export interface RateLimit {
  /** Counts one action for `key`, allowed `limit` per window; throws 429 when over. */
  consume(key: string, limit: number): Promise<void>;
}

export function createRateLimit({
  name,
  durationSeconds,
  message,
  redis,
}: {
  name: string;
  durationSeconds: number;
  /** What the caller reads on a 429. */
  message: string;
  redis?: Redis;
}): RateLimit {
  // rate-limiter-flexible fixes the points per limiter: one limiter per distinct limit.
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiterFor = (limit: number) => {
    let limiter = limiters.get(limit);
    if (!limiter) {
      limiter = limiterOf(`${name}:${limit}`, { points: limit, duration: durationSeconds }, redis);
      limiters.set(limit, limiter);
    }
    return limiter;
  };
  return {
    async consume(key, limit) {
      try {
        await limiterFor(Math.max(1, Math.floor(limit))).consume(key);
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw new ApiError(
          429,
          "rate_limit",
          "rate_limited",
          message,
          { retryAfter },
          {
            "Retry-After": String(retryAfter),
          },
        );
      }
    },
  };
}

/** One action against a limit the caller names (see `createWindowLimit`). */
export type WindowHit =
  | { allowed: true }
  | {
      allowed: false;
      retryAfterSeconds: number;
      /** The first refusal of this key's window: worth an audit entry, the others are not. */
      first: boolean;
    };

/**
 * Counts allowed actions per key in fixed windows, whatever the limit: each call names it, so a
 * limit that changes mid-window (an embed owner's setting) applies to what was already counted.
 * A refused action is not counted, so raising the limit lets the next one through at once.
 * In Redis, shared by every API instance, when given; in this process's memory otherwise.
 */
export interface WindowLimit {
  hit(key: string, limit: number): Promise<WindowHit>;
}

export function createWindowLimit({
  name,
  durationSeconds,
  redis,
}: {
  /** Names the counters in a shared store: limits with different rules must differ. */
  name: string;
  durationSeconds: number;
  redis?: Redis | undefined;
}): WindowLimit {
  // The limiters' own points are never reached: the count is compared with the caller's limit.
  const unlimited = { points: Number.MAX_SAFE_INTEGER, duration: durationSeconds };
  const counter = limiterOf(`window:${name}`, unlimited, redis);
  const refusals = limiterOf(`window:${name}:refused`, unlimited, redis);
  return {
    async hit(key, limit) {
      const res = await counter.consume(key);
      if (res.consumedPoints <= Math.max(0, Math.floor(limit))) return { allowed: true };
      const [refused] = await Promise.all([refusals.consume(key), counter.reward(key, 1)]);
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
        first: refused.consumedPoints === 1,
      };
    },
  };
}
