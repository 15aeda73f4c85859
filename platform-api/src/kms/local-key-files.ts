import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, mkdir, open, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { KmsError } from "./errors.js";

/**
 * The local master keys: one file of 32 random bytes per key, named after its id, plus a
 * `current` file naming the key new data keys are wrapped with. Old keys stay so that
 * envelopes not yet re-wrapped still open.
 */

export const KEY_BYTES = 32;
const KEY_ID = /^local:([0-9a-f]{16})$/;
const KEY_FILE = /^([0-9a-f]{16})\.key$/;
const CURRENT_FILE = "current";
/** Any permission for group or others: a master key must be readable by its owner alone. */
const SHARED_BITS = 0o077;
/** Group or others may write the folder, so they could swap a key file. */
const SHARED_WRITE_BITS = 0o022;

export function isLocalKeyId(keyId: string): boolean {
  return KEY_ID.test(keyId);
}

/** A key's id: a hash of the key, so the same key has the same id in a key file or a key list. */
export function idOf(key: Buffer): string {
  return `local:${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

function fileOf(dir: string, keyId: string): string {
  const hex = KEY_ID.exec(keyId)?.[1];
  if (!hex) throw new KmsError("local", "invalid_ciphertext", `"${keyId}" is not a local master key id.`);
  return path.join(dir, `${hex}.key`);
}

function mode(bits: number): string {
  return (bits & 0o777).toString(8).padStart(4, "0");
}

function refuse(message: string): never {
  throw new KmsError("local", "access_denied", message);
}

/** Creates the key folder owner-only, or checks that an existing one is not writable by others. */
export async function ensureKeyDir(dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const info = await stat(dir);
  if (!info.isDirectory()) refuse(`The KMS key folder ${dir} is not a folder.`);
  if (info.mode & SHARED_WRITE_BITS) {
    refuse(
      `The KMS key folder ${dir} is writable by other users (mode ${mode(info.mode)}), so a key could be swapped. ` +
        `Run: chmod 700 ${dir}`,
    );
  }
}

/**
 * Reads one key file, refusing a file others may read, a symlink, a file of the wrong size, or
 * one whose bytes do not match its name. Checks the opened file itself, not the path, so the
 * file cannot change between the check and the read.
 */
export async function readKeyFile(dir: string, keyId: string): Promise<Buffer> {
  const file = fileOf(dir, keyId);
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      refuse(`The local master key ${keyId} is not in ${dir}; restore its key file from backup.`);
    if (code === "ELOOP")
      refuse(`The master key file ${file} is a symbolic link; replace it with the key file itself.`);
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) refuse(`The master key file ${file} is not a regular file.`);
    if (info.mode & SHARED_BITS) {
      refuse(
        `The master key file ${file} is readable by other users (mode ${mode(info.mode)}). ` +
          `Run: chmod 600 ${file}, and consider the key exposed: rotate it and re-wrap the vault.`,
      );
    }
    if (info.size !== KEY_BYTES)
      refuse(`The master key file ${file} is not ${KEY_BYTES} bytes; restore it from backup.`);
    const key = Buffer.alloc(KEY_BYTES);
    await handle.read(key, 0, KEY_BYTES, 0);
    if (idOf(key) !== keyId) {
      key.fill(0);
      refuse(`The master key file ${file} does not match its name; restore it from backup.`);
    }
    return key;
  } finally {
    await handle.close();
  }
}

/** The ids of every key file in the folder. */
export async function listKeyIds(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.flatMap((name) => {
    const hex = KEY_FILE.exec(name)?.[1];
    return hex ? [`local:${hex}`] : [];
  });
}

/** Writes a fresh random key, owner-only, never over an existing file. */
export async function createKeyFile(dir: string): Promise<string> {
  const key = randomBytes(KEY_BYTES);
  const keyId = idOf(key);
  try {
    await writeFile(fileOf(dir, keyId), key, { mode: 0o600, flag: "wx" });
  } finally {
    key.fill(0);
  }
  return keyId;
}

export async function readCurrentKeyId(dir: string): Promise<string | undefined> {
  try {
    return parseCurrent(dir, await readFile(path.join(dir, CURRENT_FILE), "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function parseCurrent(dir: string, text: string): string {
  const keyId = text.trim();
  if (!isLocalKeyId(keyId)) refuse(`${path.join(dir, CURRENT_FILE)} does not name a local master key.`);
  return keyId;
}

export function currentFile(dir: string): string {
  return path.join(dir, CURRENT_FILE);
}

/**
 * Makes `keyId` current. `exclusive` sets it only when no key is current yet (first start, where
 * two processes may race); otherwise the file is replaced atomically, so readers see the old
 * name or the new one, never half of either.
 */
export async function writeCurrentKeyId(dir: string, keyId: string, exclusive: boolean): Promise<void> {
  const file = currentFile(dir);
  if (exclusive) {
    await writeFile(file, `${keyId}\n`, { mode: 0o600, flag: "wx" });
    return;
  }
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${keyId}\n`, { mode: 0o600, flag: "wx" });
  await rename(temp, file);
}
