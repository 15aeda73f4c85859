import { z } from "zod";

/** An encryption context: short string pairs, as AWS KMS accepts them. */
export const EncryptionContext = z.record(z.string().min(1).max(256), z.string().max(1024));
export type EncryptionContext = z.infer<typeof EncryptionContext>;

/**
 * The context as bytes that do not depend on property order, so the same context always
 * authenticates the same way whoever built the object.
 */
export function canonicalContext(context: Record<string, string>): Buffer {
  const parsed = EncryptionContext.parse(context);
  const sorted = Object.keys(parsed)
    .sort()
    .map((key) => [key, parsed[key]]);
  return Buffer.from(JSON.stringify(Object.fromEntries(sorted)), "utf8");
}
