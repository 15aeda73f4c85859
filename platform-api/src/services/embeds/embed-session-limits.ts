import type { Redis } from "ioredis";
import { ApiError } from "../../http/errors.js";
import { createWindowLimit, type WindowHit } from "../shared/throttle.js";

/** The window the session limits count in. */
export const SESSION_WINDOW_SECONDS = 10 * 60;

/**
 * Learner sessions started per 10 minutes: from one client address (a classroom behind one NAT
 * loads a frame or two per learner at once), and for one embed (all its learners together).
 */
export const DEFAULT_SESSION_LIMITS = { perAddress: 300, perEmbed: 3000 } as const;

export type SessionLimitSettings = { perAddress: number; perEmbed: number };

/**
 * Brakes on starting learner sessions (`POST /embed/sessions`), which anyone with a publishable
 * key and a forged Origin can call: per client address, counted before anything is looked up,
 * and per embed, counted once the key and origin check out.
 */
export interface SessionLimits {
  fromAddress(ip: string): Promise<WindowHit>;
  forEmbed(embedId: string): Promise<WindowHit>;
}

export function createSessionLimits({
  perAddress = DEFAULT_SESSION_LIMITS.perAddress,
  perEmbed = DEFAULT_SESSION_LIMITS.perEmbed,
  redis,
}: Partial<SessionLimitSettings> & { redis?: Redis | undefined } = {}): SessionLimits {
  const window = { durationSeconds: SESSION_WINDOW_SECONDS, redis };
  const byAddress = createWindowLimit({ name: "embed-sessions-address", ...window });
  const byEmbed = createWindowLimit({ name: "embed-sessions-embed", ...window });
  return {
    fromAddress: (ip) => byAddress.hit(ip, perAddress),
    forEmbed: (embedId) => byEmbed.hit(embedId, perEmbed),
  };
}

/** The 429 for a refused session start: from this address, or for this embed. */
export function tooManySessions(retryAfterSeconds: number, scope: "address" | "embed"): ApiError {
  const [code, message] =
    scope === "address"
      ? [
          "too_many_sessions",
          "Too many learner sessions were started from your network. Wait for the time in Retry-After, then try again.",
        ]
      : [
          "embed_session_limit",
          "This course site has started too many learner sessions. Wait for the time in Retry-After, then try again.",
        ];
  return new ApiError(
    429,
    "rate_limit",
    code,
    message,
    { retryAfter: retryAfterSeconds },
    { "Retry-After": String(retryAfterSeconds) },
  );
}
