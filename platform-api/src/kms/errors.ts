import type { KmsProvider } from "./kms.js";

export type KmsErrorCode = "access_denied" | "invalid_ciphertext" | "unavailable";

/**
 * A master-key operation failed. The message names the key and says what to do; it never carries
 * key material, wrapped or not.
 */
export class KmsError extends Error {
  readonly code: KmsErrorCode;
  readonly provider: KmsProvider;

  constructor(provider: KmsProvider, code: KmsErrorCode, message: string) {
    super(message);
    this.name = "KmsError";
    this.provider = provider;
    this.code = code;
  }

  toJSON(): { name: string; code: KmsErrorCode; provider: KmsProvider; message: string } {
    return { name: this.name, code: this.code, provider: this.provider, message: this.message };
  }
}

/**
 * `tampered`: the envelope is malformed, altered, or belongs to another row or owner.
 * `wrong_kms`: the envelope was sealed by another KMS provider than the one configured.
 */
export type VaultErrorCode = "tampered" | "wrong_kms";

/** An envelope could not be opened. The message never carries plaintext or key material. */
export class VaultError extends Error {
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string) {
    super(message);
    this.name = "VaultError";
    this.code = code;
  }

  toJSON(): { name: string; code: VaultErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}
