import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { canonicalContext } from "./context.js";
import { KmsError } from "./errors.js";
import type { Kms } from "./kms.js";
import {
  createKeyFile,
  currentFile,
  ensureKeyDir,
  isLocalKeyId,
  listKeyIds,
  parseCurrent,
  readCurrentKeyId,
  readKeyFile,
  writeCurrentKeyId,
} from "./local-key-files.js";
import { readKeyList } from "./local-key-list.js";

/**
 * Where the master keys are: a folder of key files (`dir`, e.g. `DATA_DIR/kms`), or one file
 * listing them, the current key first (`keyFile`, `KMS_MASTER_KEY_FILE`).
 */
export type LocalKmsOptions = { dir: string; keyFile?: undefined } | { keyFile: string; dir?: undefined };

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;
const WRAPPED_BYTES = 1 + IV_BYTES + TAG_BYTES + DATA_KEY_BYTES;

/** Wrapped data key: format byte, IV, GCM tag, encrypted key; the context is the additional data. */
function wrap(masterKey: Buffer, dataKey: Buffer, context: Record<string, string>): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", masterKey, iv);
  cipher.setAAD(canonicalContext(context));
  const encrypted = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), encrypted]);
}

function unwrap(masterKey: Buffer, wrapped: Buffer, context: Record<string, string>): Buffer {
  if (wrapped.length !== WRAPPED_BYTES || wrapped[0] !== FORMAT) throw invalidCiphertext();
  const iv = wrapped.subarray(1, 1 + IV_BYTES);
  const tag = wrapped.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", masterKey, iv);
  decipher.setAAD(canonicalContext(context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}

function invalidCiphertext(): KmsError {
  return new KmsError(
    "local",
    "invalid_ciphertext",
    "The wrapped data key was altered or does not belong to this encryption context.",
  );
}

/**
 * Master keys in files under `dir`: created on first start (folder 0700, files 0600); refuses to
 * start when a key file is readable by others. Keys rotated in by another process (the CLI) are
 * picked up on first use, so a running server opens re-wrapped envelopes without a restart.
 *
 * With `keyFile`, the keys come from that one file instead (see `local-key-list.ts`), read once:
 * a key put in later is used after a restart. Nothing is written anywhere.
 */
export async function createLocalKms(options: LocalKmsOptions): Promise<Kms> {
  if (options.keyFile !== undefined) return createListedKms(options.keyFile);
  const { dir } = options;
  await ensureKeyDir(dir);
  if ((await readCurrentKeyId(dir)) === undefined) {
    const keyId = await createKeyFile(dir);
    try {
      await writeCurrentKeyId(dir, keyId, true);
    } catch (error) {
      // Another process started at the same moment and made its key current first; use that one.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }

  const keys = new Map<string, Buffer>();
  for (const keyId of await listKeyIds(dir)) keys.set(keyId, await readKeyFile(dir, keyId));

  const currentKeyId = (): string => {
    try {
      return parseCurrent(dir, readFileSync(currentFile(dir), "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      throw new KmsError("local", "access_denied", `${currentFile(dir)} is missing; restore it from backup.`);
    }
  };
  const keyFor = async (keyId: string): Promise<Buffer> => {
    let key = keys.get(keyId);
    if (!key) {
      key = await readKeyFile(dir, keyId);
      keys.set(keyId, key);
    }
    return key;
  };
  // Fail at start, not at the first seal, when the current key is missing.
  await keyFor(currentKeyId());
  return localKms(currentKeyId, keyFor);
}

async function createListedKms(file: string): Promise<Kms> {
  const { currentKeyId, keys } = await readKeyList(file);
  return localKms(
    () => currentKeyId,
    async (keyId) => {
      const key = keys.get(keyId);
      if (key) return key;
      if (!isLocalKeyId(keyId)) {
        throw new KmsError("local", "invalid_ciphertext", `"${keyId}" is not a local master key id.`);
      }
      throw new KmsError(
        "local",
        "access_denied",
        `The local master key ${keyId} is not in ${file} (KMS_MASTER_KEY_FILE); add it back below the current key and restart.`,
      );
    },
  );
}

/** Wrapping and unwrapping over whichever store holds the master keys. */
function localKms(currentKeyId: () => string, keyFor: (keyId: string) => Promise<Buffer>): Kms {
  return {
    provider: "local",
    get currentKeyId() {
      return currentKeyId();
    },

    async generateDataKey(context) {
      const keyId = currentKeyId();
      const masterKey = await keyFor(keyId);
      const plaintext = randomBytes(DATA_KEY_BYTES);
      return { plaintext, wrapped: wrap(masterKey, plaintext, context), keyId };
    },

    async decrypt(wrapped, keyId, context) {
      return unwrap(await keyFor(keyId), wrapped, context);
    },

    async reEncrypt(wrapped, fromKeyId, context, toKeyId) {
      const keyId = toKeyId ?? currentKeyId();
      const target = await keyFor(keyId);
      const dataKey = unwrap(await keyFor(fromKeyId), wrapped, context);
      try {
        return { wrapped: wrap(target, dataKey, context), keyId };
      } finally {
        dataKey.fill(0);
      }
    },
  };
}

/**
 * Creates a new master key and makes it current. Old keys stay in the folder: envelopes wrapped
 * under them still open until re-wrapped (`codeground-api rewrap-keys`), after which they may be archived.
 */
export async function rotateLocalMasterKey({
  dir,
}: {
  dir: string;
}): Promise<{ keyId: string; previousKeyId: string | undefined }> {
  await ensureKeyDir(dir);
  const previousKeyId = await readCurrentKeyId(dir);
  const keyId = await createKeyFile(dir);
  await writeCurrentKeyId(dir, keyId, false);
  return { keyId, previousKeyId };
}
