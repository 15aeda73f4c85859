import { z } from "zod";
import { VaultError } from "./errors.js";

export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** The most plaintext one envelope holds: API keys and TOTP secrets are far smaller. */
export const MAX_PLAINTEXT_BYTES = 256 * 1024;
const MAX_ENVELOPE_CHARS = 512 * 1024;

const base64Of = (bytes: number) =>
  z
    .base64()
    .max(4 * Math.ceil(bytes / 3))
    .refine((text) => Buffer.byteLength(text, "base64") === bytes);

/**
 * A sealed secret as stored in its row: the data key wrapped by the KMS master key `keyId`,
 * and the secret encrypted under that data key with AES-256-GCM. Binary fields are base64.
 */
export const Envelope = z.strictObject({
  v: z.literal(1),
  kms: z.enum(["local", "aws"]),
  keyId: z.string().min(1).max(2048),
  wrappedKey: z.base64().min(4).max(8192),
  iv: base64Of(IV_BYTES),
  tag: base64Of(TAG_BYTES),
  ciphertext: z.base64().max(4 * Math.ceil(MAX_PLAINTEXT_BYTES / 3)),
});
export type Envelope = z.infer<typeof Envelope>;

/** What binds an envelope to its place: a secret moved to another row or owner does not open. */
export const Aad = z.strictObject({
  table: z.string().min(1).max(128),
  rowId: z.string().min(1).max(256),
  ownerId: z.string().min(1).max(256),
});
export type Aad = z.infer<typeof Aad>;

function malformed(): VaultError {
  return new VaultError(
    "tampered",
    "The stored secret is not a valid envelope; it was altered or truncated.",
  );
}

export function parseEnvelope(text: string): Envelope {
  if (typeof text !== "string" || text.length > MAX_ENVELOPE_CHARS) throw malformed();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformed();
  }
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) throw malformed();
  return parsed.data;
}

/** Always the same field order, so equal envelopes are equal strings. */
export function formatEnvelope(envelope: Envelope): string {
  const { v, kms, keyId, wrappedKey, iv, tag, ciphertext } = envelope;
  return JSON.stringify({ v, kms, keyId, wrappedKey, iv, tag, ciphertext });
}
