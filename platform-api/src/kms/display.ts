import { createHmac } from "node:crypto";

/** Fixed, public: the fingerprint only has to be stable, not secret-keyed. */
const FINGERPRINT_LABEL = "codeground/secret-fingerprint/v1";

/**
 * A short stable identifier for a secret (16 hex characters of an HMAC-SHA256 under a fixed label),
 * so a user can tell which key is which and spot the same key stored twice.
 *
 * Safe to display and store for high-entropy secrets such as provider API keys: 64 bits of a
 * one-way hash reveal nothing usable about 128+ bits of key. Do not use it for passwords or other
 * guessable values, which it would let anyone check guesses against.
 */
export function fingerprint(secret: string): string {
  return createHmac("sha256", FINGERPRINT_LABEL).update(secret, "utf8").digest("hex").slice(0, 16);
}

/** Below this length the last four characters would give away too much of the secret. */
const MIN_LENGTH_FOR_LAST4 = 12;

/**
 * The secret's last four characters, as providers' dashboards show them, or "" when the secret is
 * shorter than 12 characters, where four characters would be a large part of it.
 */
export function last4(secret: string): string {
  const chars = Array.from(secret);
  return chars.length < MIN_LENGTH_FOR_LAST4 ? "" : chars.slice(-4).join("");
}
