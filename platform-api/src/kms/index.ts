export { type AwsKmsOptions, createAwsKms } from "./aws.js";
export { canonicalContext, EncryptionContext } from "./context.js";
export { fingerprint, last4 } from "./display.js";
export { Aad, Envelope } from "./envelope.js";
export { KmsError, type KmsErrorCode, VaultError, type VaultErrorCode } from "./errors.js";
export { createKmsFromConfig, KmsConfig } from "./from-config.js";
export type { Kms, KmsProvider } from "./kms.js";
export { createLocalKms, type LocalKmsOptions, rotateLocalMasterKey } from "./local.js";
export { createVault, type Vault, type VaultCacheStats, type VaultOptions } from "./vault.js";
