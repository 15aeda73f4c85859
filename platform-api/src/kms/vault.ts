import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { canonicalContext } from "./context.js";
import {
  Aad,
  type Envelope,
  formatEnvelope,
  IV_BYTES,
  MAX_PLAINTEXT_BYTES,
  parseEnvelope,
} from "./envelope.js";
import { KmsError, VaultError } from "./errors.js";
import { createDataKeyCache } from "./key-cache.js";
import type { Kms, KmsProvider } from "./kms.js";

export interface VaultOptions {
  /** How long an unwrapped data key is kept in memory after KMS unwrapped it. 0 disables the cache. */
  cacheTtlMs?: number;
  /** How many unwrapped data keys are kept at most. */
  cacheSize?: number;
  /** Milliseconds since the epoch; injected by tests to move time. */
  now?: () => number;
}

export interface VaultCacheStats {
  /** Opens that did not call KMS: the data key was cached, or another open was already unwrapping it. */
  hits: number;
  /** Opens that called KMS to unwrap the data key. */
  misses: number;
  size: number;
}

export interface Vault {
  readonly provider: KmsProvider;
  /** Encrypts `plaintext` under a fresh data key bound to `aad`; returns the envelope to store. */
  seal(plaintext: string, aad: Aad): Promise<string>;
  /** Decrypts an envelope; throws `VaultError` "tampered" unless it is intact and sealed for exactly `aad`. */
  open(envelope: string, aad: Aad): Promise<string>;
  /**
   * The same envelope with its data key wrapped under `toKeyId` (default: the current master key);
   * the ciphertext is unchanged. An envelope already under that key is returned as it is.
   */
  rewrap(envelope: string, aad: Aad, toKeyId?: string): Promise<string>;
  /** The master key an envelope's data key is wrapped with. */
  keyIdOf(envelope: string): string;
  cacheStats(): VaultCacheStats;
  /** Forgets (and zeroes) every cached data key. */
  clearCache(): void;
}

/** Secrets sealed with envelope encryption: a fresh data key per secret, wrapped by the KMS. */
export function createVault(kms: Kms, options: VaultOptions = {}): Vault {
  const cache = createDataKeyCache({
    ttlMs: options.cacheTtlMs ?? 300_000,
    maxEntries: options.cacheSize ?? 1000,
    now: options.now ?? Date.now,
  });
  const unwrapping = new Map<string, Promise<Buffer>>();
  const stats = { hits: 0, misses: 0 };

  const opened = (envelope: string): Envelope => {
    const parsed = parseEnvelope(envelope);
    if (parsed.kms !== kms.provider) {
      throw new VaultError(
        "wrong_kms",
        `The stored secret was sealed with the ${parsed.kms} KMS, but this server uses the ${kms.provider} KMS. ` +
          "Configure the KMS it was sealed with.",
      );
    }
    return parsed;
  };

  /** One KMS call per data key however many opens want it at once (a busy chat). */
  const unwrap = (cacheId: string, envelope: Envelope, aad: Aad): Promise<Buffer> => {
    const pending = unwrapping.get(cacheId);
    if (pending) {
      stats.hits++;
      return pending;
    }
    stats.misses++;
    const call = kms
      .decrypt(Buffer.from(envelope.wrappedKey, "base64"), envelope.keyId, aad)
      .then((dataKey) => {
        cache.set(cacheId, dataKey);
        return dataKey;
      })
      .catch((error: unknown) => {
        throw asTampered(error, aad);
      })
      .finally(() => unwrapping.delete(cacheId));
    unwrapping.set(cacheId, call);
    return call;
  };

  return {
    provider: kms.provider,

    async seal(plaintext, aad) {
      const context = Aad.parse(aad);
      const data = Buffer.from(plaintext, "utf8");
      if (data.length > MAX_PLAINTEXT_BYTES) {
        throw new RangeError(`A secret may be at most ${MAX_PLAINTEXT_BYTES} bytes.`);
      }
      const { plaintext: dataKey, wrapped, keyId } = await kms.generateDataKey(context);
      try {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
        cipher.setAAD(canonicalContext(context));
        const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
        return formatEnvelope({
          v: 1,
          kms: kms.provider,
          keyId,
          wrappedKey: wrapped.toString("base64"),
          iv: iv.toString("base64"),
          tag: cipher.getAuthTag().toString("base64"),
          ciphertext: ciphertext.toString("base64"),
        });
      } finally {
        dataKey.fill(0);
        data.fill(0);
      }
    },

    async open(text, aad) {
      const envelope = opened(text);
      const context = Aad.parse(aad);
      const canonical = canonicalContext(context);
      const cacheId = `${envelope.keyId}\n${envelope.wrappedKey}\n${canonical.toString("utf8")}`;
      let dataKey = cache.get(cacheId);
      if (dataKey) stats.hits++;
      else dataKey = await unwrap(cacheId, envelope, context);
      // Synchronous from here: the key may be zeroed once this task ends (see key-cache.ts).
      try {
        const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(envelope.iv, "base64"));
        decipher.setAAD(canonical);
        decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
        const data = Buffer.concat([
          decipher.update(Buffer.from(envelope.ciphertext, "base64")),
          decipher.final(),
        ]);
        const plaintext = data.toString("utf8");
        data.fill(0);
        return plaintext;
      } catch {
        throw tampered(context);
      }
    },

    async rewrap(text, aad, toKeyId) {
      const envelope = opened(text);
      const context = Aad.parse(aad);
      if (envelope.keyId === (toKeyId ?? kms.currentKeyId)) return text;
      try {
        const { wrapped, keyId } = await kms.reEncrypt(
          Buffer.from(envelope.wrappedKey, "base64"),
          envelope.keyId,
          context,
          toKeyId,
        );
        return formatEnvelope({ ...envelope, keyId, wrappedKey: wrapped.toString("base64") });
      } catch (error) {
        throw asTampered(error, context);
      }
    },

    keyIdOf(text) {
      return parseEnvelope(text).keyId;
    },

    cacheStats() {
      return { ...stats, size: cache.size };
    },

    clearCache() {
      cache.clear();
    },
  };
}

function tampered(aad: Aad): VaultError {
  return new VaultError(
    "tampered",
    `The stored secret for ${aad.table} row ${aad.rowId} could not be opened: it was altered, or belongs to another row or owner.`,
  );
}

/** KMS refusing the wrapped key for this context means the envelope is not this row's. */
function asTampered(error: unknown, aad: Aad): unknown {
  return error instanceof KmsError && error.code === "invalid_ciphertext" ? tampered(aad) : error;
}
