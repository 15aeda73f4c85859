import type { Clock } from "../clock.js";

export interface CircuitSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before one trial call is let through (half-open). */
  coolDownMs: number;
}

interface State {
  failures: number;
  openedAt: number | null;
  /** A trial call is under way after the cool-down: its outcome closes or re-opens the circuit. */
  probing: boolean;
}

/**
 * One circuit per (provider, key): a provider that keeps failing is skipped at once, so the next
 * key answers instead of every learner waiting out the same timeouts.
 */
export function createCircuits(clock: Clock, settings: CircuitSettings) {
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
    /** Whether a call may go out now; after the cool-down, one trial call does. */
    allow(id: string): boolean {
      const state = states.get(id);
      if (!state || state.openedAt === null) return true;
      if (state.probing || clock.now() - state.openedAt < settings.coolDownMs) return false;
      state.probing = true;
      return true;
    },
    succeeded(id: string): void {
      states.delete(id);
    },
    failed(id: string): void {
      const state = stateOf(id);
      state.failures++;
      if (state.probing || state.failures >= settings.failureThreshold) {
        state.openedAt = clock.now();
        state.probing = false;
      }
    },
    /** The call ended without telling whether the provider works (the caller went away). */
    released(id: string): void {
      const state = states.get(id);
      if (state) state.probing = false;
    },
    isOpen(id: string): boolean {
      const state = states.get(id);
      return state !== undefined && state.openedAt !== null;
    },
  };
}

export type Circuits = ReturnType<typeof createCircuits>;
