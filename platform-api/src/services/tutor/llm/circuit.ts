import type { Redis } from "ioredis";
import type { Clock } from "../../shared/clock.js";

export interface CircuitSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before one trial call is let through (half-open). */
  coolDownMs: number;
}

/**
 * One circuit per (provider, key): a provider that keeps failing is skipped at once, so the next
 * key answers instead of every learner waiting out the same timeouts. With Redis the circuits
 * are shared by every API instance: failures on one count for all, an open circuit is skipped
 * everywhere, and one instance at a time makes the trial call.
 */
export interface Circuits {
  /** Whether a call may go out now; after the cool-down, one trial call does. */
  allow(id: string): Promise<boolean>;
  succeeded(id: string): Promise<void>;
  failed(id: string): Promise<void>;
  /** The call ended without telling whether the provider works (the caller went away). */
  released(id: string): Promise<void>;
  isOpen(id: string): Promise<boolean>;
}

export function createCircuits(clock: Clock, settings: CircuitSettings, redis?: Redis): Circuits {
  return redis ? redisCircuits(clock, settings, redis) : memoryCircuits(clock, settings);
}

interface State {
  failures: number;
  openedAt: number | null;
  /** A trial call is under way after the cool-down: its outcome closes or re-opens the circuit. */
  probing: boolean;
}

/** This instance's circuits, in memory. */
function memoryCircuits(clock: Clock, settings: CircuitSettings): Circuits {
  const states = new Map<string, State>();
  const stateOf = (id: string) => {
    let state = states.get(id);
    if (!state) {
      state = { failures: 0, openedAt: null, probing: false };
      states.set(id, state);
    }
    return state;
  };
  return {
    async allow(id) {
      const state = states.get(id);
      if (!state || state.openedAt === null) return true;
      if (state.probing || clock.now() - state.openedAt < settings.coolDownMs) return false;
      state.probing = true;
      return true;
    },
    async succeeded(id) {
      states.delete(id);
    },
    async failed(id) {
      const state = stateOf(id);
      state.failures++;
      if (state.probing || state.failures >= settings.failureThreshold) {
        state.openedAt = clock.now();
        state.probing = false;
      }
    },
    async released(id) {
      const state = states.get(id);
      if (state) state.probing = false;
    },
    async isOpen(id) {
      const state = states.get(id);
      return state !== undefined && state.openedAt !== null;
    },
  };
}

/**
 * Circuits in Redis, under `cg:llm:circuit:<id>:…`: `failures` (consecutive, counted by every
 * instance), `open` (when it opened), `probe` (the instance making the trial call holds it, for
 * one cool-down at most, so a crashed prober does not keep the circuit shut). A closed circuit
 * costs one GET per call. Keys expire on their own, so nothing is left behind for a key that is
 * gone; if Redis fails, calls go out as if the circuit were closed (an outage of Redis must not
 * become an outage of the tutor).
 */
function redisCircuits(clock: Clock, settings: CircuitSettings, redis: Redis): Circuits {
  const key = (id: string, part: "failures" | "open" | "probe") => `cg:llm:circuit:${id}:${part}`;
  /** Long enough to outlive any cool-down and trial call; a forgotten circuit closes by itself. */
  const keepMs = Math.max(settings.coolDownMs * 10, 60_000);
  /** The trial calls this instance is making. */
  const probing = new Set<string>();
  const open = (id: string) =>
    redis
      .multi()
      .set(key(id, "open"), String(clock.now()), "PX", keepMs)
      .del(key(id, "failures"), key(id, "probe"))
      .exec();
  const quietly = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch {
      return fallback;
    }
  };

  return {
    allow: (id) =>
      quietly(async () => {
        const openedAt = await redis.get(key(id, "open"));
        if (openedAt === null) return true;
        if (clock.now() - Number(openedAt) < settings.coolDownMs) return false;
        const claimed = await redis.set(key(id, "probe"), "1", "PX", settings.coolDownMs, "NX");
        if (claimed !== "OK") return false;
        probing.add(id);
        return true;
      }, true),
    succeeded: (id) =>
      quietly(async () => {
        probing.delete(id);
        await redis.del(key(id, "failures"), key(id, "open"), key(id, "probe"));
      }, undefined),
    failed: (id) =>
      quietly(async () => {
        if (probing.delete(id)) {
          await open(id);
          return;
        }
        const [[, failures] = [null, 0]] =
          (await redis.multi().incr(key(id, "failures")).pexpire(key(id, "failures"), keepMs).exec()) ?? [];
        if (Number(failures) >= settings.failureThreshold) await open(id);
      }, undefined),
    released: (id) =>
      quietly(async () => {
        if (probing.delete(id)) await redis.del(key(id, "probe"));
      }, undefined),
    isOpen: (id) => quietly(async () => (await redis.exists(key(id, "open"))) === 1, false),
  };
}
