import { open } from "node:fs/promises";
import { KmsError } from "./errors.js";
import { idOf, KEY_BYTES } from "./local-key-files.js";

/**
 * The local master keys as one file (`KMS_MASTER_KEY_FILE`, e.g. a Docker secret): one key per
 * line as 64 hex characters, the first line the current key, later lines older keys still
 * accepted for unwrapping. Blank lines and `#` comments are allowed. Keys keep the ids they have
 * as key files, so a key moved from `DATA_DIR/kms` into the list still opens what it wrapped.
 */

export interface KeyList {
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

/** A key list is a few lines; anything bigger is the wrong file. */
const MAX_LIST_BYTES = 64 * 1024;
/** Group or others may write the file, so they could put in a key of their own. */
const SHARED_WRITE_BITS = 0o022;
const HEX_KEY = new RegExp(`^[0-9a-fA-F]{${KEY_BYTES * 2}}$`);

function refuse(message: string): never {
  throw new KmsError("local", "access_denied", message);
}

function mode(bits: number): string {
  return (bits & 0o777).toString(8).padStart(4, "0");
}

/**
 * Reads and checks the key list. Refuses a missing or unreadable file, one that others may
 * write, one with no key, a line that is not a key, or a key listed twice; the messages name the
 * file and line numbers, never a key.
 */
export async function readKeyList(file: string): Promise<KeyList> {
  const what = `The master key list ${file} (KMS_MASTER_KEY_FILE)`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") refuse(`${what} does not exist.`);
    if (code === "EACCES") refuse(`${what} is not readable by this process.`);
    refuse(`${what} cannot be read (${code ?? "error"}).`);
  }
  let text: string;
  try {
    // The opened file itself, not the path: it cannot be swapped between the check and the read.
    const info = await handle.stat();
    if (!info.isFile()) refuse(`${what} is not a regular file.`);
    if (info.mode & SHARED_WRITE_BITS) {
      refuse(
        `${what} is writable by other users (mode ${mode(info.mode)}), so a key could be put in. ` +
          `Run: chmod 400 ${file}`,
      );
    }
    if (info.size > MAX_LIST_BYTES) refuse(`${what} is larger than 64 KiB; it should hold keys only.`);
    text = (await handle.readFile()).toString("utf8");
  } finally {
    await handle.close();
  }
  return parseKeyList(text, what);
}

function parseKeyList(text: string, what: string): KeyList {
  const keys = new Map<string, Buffer>();
  const lineOf = new Map<string, number>();
  let currentKeyId: string | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    // A comment may follow a key after a space: `<hex>  # retired 2025-06`.
    const line = (lines[i] ?? "").replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const n = i + 1;
    if (!HEX_KEY.test(line)) {
      forget(keys);
      refuse(
        `${what}: line ${n} is not a key; each key is ${KEY_BYTES * 2} hexadecimal characters ` +
          "(`openssl rand -hex 32`), one per line.",
      );
    }
    const key = Buffer.from(line, "hex");
    const keyId = idOf(key);
    const first = lineOf.get(keyId);
    if (first !== undefined) {
      key.fill(0);
      forget(keys);
      refuse(`${what}: line ${n} repeats the key on line ${first} (${keyId}); list each key once.`);
    }
    keys.set(keyId, key);
    lineOf.set(keyId, n);
    currentKeyId ??= keyId;
  }
  if (currentKeyId === undefined) {
    refuse(`${what} holds no key; put one on the first line (\`openssl rand -hex 32\`).`);
  }
  return { currentKeyId, keys };
}

function forget(keys: Map<string, Buffer>): void {
  for (const key of keys.values()) key.fill(0);
  keys.clear();
}
