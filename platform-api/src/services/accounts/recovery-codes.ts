import { createHash, randomInt } from "node:crypto";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i: read aloud and typed from paper
export const RECOVERY_CODE_COUNT = 10;

/** Ten codes like `k7m2p-x9qaf` (about 49 bits each). */
export function newRecoveryCodes(): string[] {
  const part = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => `${part()}-${part()}`);
}

/** Stored form: SHA-256 of the normalised code, salted with the user id so equal codes differ across users. */
export function hashRecoveryCode(userId: string, code: string): string {
  const normalised = code.trim().toLowerCase().replace(/-/g, "");
  return createHash("sha256").update(`${userId}:${normalised}`).digest("hex");
}

export const looksLikeRecoveryCode = (code: string) => /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code.trim());
