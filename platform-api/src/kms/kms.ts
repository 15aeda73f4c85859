/** Where master keys live: a key file on this machine, or AWS KMS. */
export type KmsProvider = "local" | "aws";

/**
 * A key-management service that wraps data keys under a master key it never hands out.
 *
 * `context` is the encryption context: it is bound to the wrapped key as additional authenticated
 * data, so a wrapped key only unwraps with exactly the context it was made with.
 */
export interface Kms {
  readonly provider: KmsProvider;
  /** The master key new data keys are wrapped with. */
  readonly currentKeyId: string;
  generateDataKey(
    context: Record<string, string>,
  ): Promise<{ plaintext: Buffer; wrapped: Buffer; keyId: string }>;
  decrypt(wrapped: Buffer, keyId: string, context: Record<string, string>): Promise<Buffer>;
  /** Re-wraps a data key under `toKeyId` (default: current) without exposing it to the caller where the provider allows. */
  reEncrypt(
    wrapped: Buffer,
    fromKeyId: string,
    context: Record<string, string>,
    toKeyId?: string,
  ): Promise<{ wrapped: Buffer; keyId: string }>;
}
