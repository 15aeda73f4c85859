import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalKms, createVault, KmsError, rotateLocalMasterKey } from "../src/kms/index.js";

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "cg-kms-local-"));
  dir = path.join(root, "kms");
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const context = { table: "api_keys", rowId: "k1", ownerId: "u1" };

async function keyFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith(".key"));
}

function fileOf(keyId: string): string {
  return path.join(dir, `${keyId.slice("local:".length)}.key`);
}

async function refusal(promise: Promise<unknown>): Promise<KmsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KmsError);
  return error as KmsError;
}

describe("local KMS", () => {
  it("creates an owner-only key folder and a 0600 key file on first start", async () => {
    const kms = await createLocalKms({ dir });

    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = await keyFiles();
    expect(files).toHaveLength(1);
    const file = path.join(dir, files[0] as string);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file)).length).toBe(32);
    expect(kms.provider).toBe("local");
    expect(kms.currentKeyId).toMatch(/^local:[0-9a-f]{16}$/);
    expect(fileOf(kms.currentKeyId)).toBe(file);
  });

  it("keeps using the same master key across restarts", async () => {
    const first = await createLocalKms({ dir });
    const { wrapped, keyId, plaintext } = await first.generateDataKey(context);

    const second = await createLocalKms({ dir });
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(await second.decrypt(wrapped, keyId, context)).toEqual(plaintext);
    expect(await keyFiles()).toHaveLength(1);
  });

  it("agrees on one current key when two processes start at once", async () => {
    const [a, b] = await Promise.all([createLocalKms({ dir }), createLocalKms({ dir })]);
    expect(a.currentKeyId).toBe(b.currentKeyId);
  });

  it("refuses to start when a key file is readable by others (0644), without showing the key", async () => {
    const kms = await createLocalKms({ dir });
    const file = fileOf(kms.currentKeyId);
    const key = await readFile(file);
    await chmod(file, 0o644);

    const error = await refusal(createLocalKms({ dir }));
    expect(error.code).toBe("access_denied");
    expect(error.message).toContain(file);
    expect(error.message).toContain("chmod 600");
    for (const encoding of ["hex", "base64", "latin1"] as const) {
      expect(error.message).not.toContain(key.toString(encoding));
      expect(JSON.stringify(error)).not.toContain(key.toString(encoding));
    }
  });

  it("refuses a key file the group may read (0640)", async () => {
    const kms = await createLocalKms({ dir });
    await chmod(fileOf(kms.currentKeyId), 0o640);
    expect((await refusal(createLocalKms({ dir }))).message).toMatch(/readable by other users \(mode 0640\)/);
  });

  it("refuses a key folder that others may write, since they could swap a key", async () => {
    await createLocalKms({ dir });
    await chmod(dir, 0o777);
    expect((await refusal(createLocalKms({ dir }))).message).toContain("chmod 700");
  });

  it("refuses a key file that is a symbolic link", async () => {
    const kms = await createLocalKms({ dir });
    const file = fileOf(kms.currentKeyId);
    const elsewhere = path.join(root, "elsewhere.key");
    await writeFile(elsewhere, await readFile(file), { mode: 0o600 });
    await unlink(file);
    await symlink(elsewhere, file);
    expect((await refusal(createLocalKms({ dir }))).message).toMatch(/symbolic link/);
  });

  it("refuses a key file whose bytes do not match its name", async () => {
    const kms = await createLocalKms({ dir });
    await writeFile(fileOf(kms.currentKeyId), Buffer.alloc(32, 7));
    expect((await refusal(createLocalKms({ dir }))).message).toMatch(/does not match its name/);
  });

  it("refuses a truncated key file", async () => {
    const kms = await createLocalKms({ dir });
    await writeFile(fileOf(kms.currentKeyId), Buffer.alloc(16));
    expect((await refusal(createLocalKms({ dir }))).message).toMatch(/not 32 bytes/);
  });

  it("unwraps a data key only with the context it was wrapped with", async () => {
    const kms = await createLocalKms({ dir });
    const { plaintext, wrapped, keyId } = await kms.generateDataKey(context);

    expect(plaintext).toHaveLength(32);
    expect(wrapped.includes(plaintext)).toBe(false);
    expect(await kms.decrypt(wrapped, keyId, { ownerId: "u1", rowId: "k1", table: "api_keys" })).toEqual(
      plaintext,
    );
    const error = await refusal(kms.decrypt(wrapped, keyId, { ...context, ownerId: "u2" }));
    expect(error.code).toBe("invalid_ciphertext");
  });

  it("rotation makes a new key current and keeps the old one for unwrapping", async () => {
    const kms = await createLocalKms({ dir });
    const before = await kms.generateDataKey(context);

    const { keyId, previousKeyId } = await rotateLocalMasterKey({ dir });
    expect(previousKeyId).toBe(before.keyId);
    expect(keyId).not.toBe(before.keyId);
    expect(await keyFiles()).toHaveLength(2);
    expect((await stat(fileOf(keyId))).mode & 0o777).toBe(0o600);

    // The running instance follows the rotation without a restart.
    expect(kms.currentKeyId).toBe(keyId);
    expect((await kms.generateDataKey(context)).keyId).toBe(keyId);
    expect(await kms.decrypt(before.wrapped, before.keyId, context)).toEqual(before.plaintext);
  });

  it("re-wraps a data key under the current key", async () => {
    const kms = await createLocalKms({ dir });
    const before = await kms.generateDataKey(context);
    const { keyId } = await rotateLocalMasterKey({ dir });

    const after = await kms.reEncrypt(before.wrapped, before.keyId, context);
    expect(after.keyId).toBe(keyId);
    expect(await kms.decrypt(after.wrapped, keyId, context)).toEqual(before.plaintext);
  });

  it("unwraps under a key another process rotated in after this one started", async () => {
    const server = await createLocalKms({ dir });
    await rotateLocalMasterKey({ dir });
    const cli = await createLocalKms({ dir });
    const { plaintext, wrapped, keyId } = await cli.generateDataKey(context);

    expect(await server.decrypt(wrapped, keyId, context)).toEqual(plaintext);
  });

  it("says which key to restore when a key file is missing", async () => {
    const kms = await createLocalKms({ dir });
    const old = await kms.generateDataKey(context);
    await rotateLocalMasterKey({ dir });
    await unlink(fileOf(old.keyId));

    const error = await refusal((await createLocalKms({ dir })).decrypt(old.wrapped, old.keyId, context));
    expect(error.code).toBe("access_denied");
    expect(error.message).toContain(old.keyId);
    expect(error.message).toMatch(/restore/);
  });

  it("refuses key ids that are not local key ids, such as paths", async () => {
    const kms = await createLocalKms({ dir });
    const { wrapped } = await kms.generateDataKey(context);
    for (const keyId of ["local:../../etc/passwd", "../current", "local:ABCDEF0123456789", "arn:aws:kms:x"]) {
      expect((await refusal(kms.decrypt(wrapped, keyId, context))).code).toBe("invalid_ciphertext");
    }
  });

  it("refuses a wrapped key that is truncated or altered", async () => {
    const kms = await createLocalKms({ dir });
    const { wrapped, keyId } = await kms.generateDataKey(context);
    const altered = Buffer.from(wrapped);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    for (const bad of [wrapped.subarray(0, 20), altered, Buffer.alloc(0)]) {
      expect((await refusal(kms.decrypt(bad, keyId, context))).code).toBe("invalid_ciphertext");
    }
  });
});

describe("local KMS with a key list (KMS_MASTER_KEY_FILE)", () => {
  const hexKey = () => randomBytes(32).toString("hex");
  const idOfHex = (hex: string) =>
    `local:${createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex").slice(0, 16)}`;

  async function keyList(text: string, mode = 0o400): Promise<string> {
    const file = path.join(root, `master-keys-${randomBytes(4).toString("hex")}`);
    await writeFile(file, text, { mode });
    await chmod(file, mode);
    return file;
  }

  /** A refusal that names the file and shows none of the keys. */
  async function listRefusal(file: string, keys: string[]): Promise<string> {
    const error = await refusal(createLocalKms({ keyFile: file }));
    expect(error.code).toBe("access_denied");
    expect(error.message).toContain(file);
    for (const key of keys) {
      for (const form of [key, key.toUpperCase(), Buffer.from(key, "hex").toString("base64")]) {
        expect(error.message).not.toContain(form);
        expect(JSON.stringify(error)).not.toContain(form);
      }
    }
    return error.message;
  }

  it("opens what a key file wrapped once that key is listed below a new current key, and wraps new data keys under the new one", async () => {
    const filed = await createLocalKms({ dir });
    const vault = createVault(filed);
    const sealed = await vault.seal("sk-live-secret", context);
    const oldKeyHex = (await readFile(fileOf(filed.currentKeyId))).toString("hex");
    const newKeyHex = hexKey();

    const file = await keyList(
      `# current: made ${new Date().toISOString().slice(0, 10)}\n${newKeyHex}\n\n${oldKeyHex}  # from DATA_DIR/kms\n`,
    );
    const listed = await createLocalKms({ keyFile: file });
    expect(listed.provider).toBe("local");
    expect(listed.currentKeyId).toBe(idOfHex(newKeyHex));
    const listedVault = createVault(listed);
    // Same id, same key: the envelope names the key file's id and the list knows it.
    expect(listedVault.keyIdOf(sealed)).toBe(filed.currentKeyId);
    expect(listedVault.keyIdOf(sealed)).toBe(idOfHex(oldKeyHex));
    expect(await listedVault.open(sealed, context)).toBe("sk-live-secret");

    const fresh = await listedVault.seal("another secret", context);
    expect(listedVault.keyIdOf(fresh)).toBe(idOfHex(newKeyHex));
    expect(await listedVault.open(fresh, context)).toBe("another secret");
    // The key-file KMS does not have the new key: the new data key is not under the old one.
    expect((await refusal(createVault(filed).open(fresh, context))).code).toBe("access_denied");

    const rewrapped = await listedVault.rewrap(sealed, context);
    expect(listedVault.keyIdOf(rewrapped)).toBe(idOfHex(newKeyHex));
    expect(await createVault(listed).open(rewrapped, context)).toBe("sk-live-secret");
  });

  it("reads the file once and writes nothing: no DATA_DIR/kms folder, and a key added later waits for a restart", async () => {
    const first = hexKey();
    const file = await keyList(`${first}\n`, 0o600);
    const kms = await createLocalKms({ keyFile: file });
    const { wrapped, keyId, plaintext } = await kms.generateDataKey(context);
    await expect(stat(dir)).rejects.toMatchObject({ code: "ENOENT" });

    const second = hexKey();
    await writeFile(file, `${second}\n${first}\n`);
    expect(kms.currentKeyId).toBe(idOfHex(first));
    const restarted = await createLocalKms({ keyFile: file });
    expect(restarted.currentKeyId).toBe(idOfHex(second));
    expect(await restarted.decrypt(wrapped, keyId, context)).toEqual(plaintext);
  });

  it("accepts a read-only file others may read (0444, a Docker secret's default), CRLF line ends and upper-case hex", async () => {
    const key = hexKey();
    const kms = await createLocalKms({ keyFile: await keyList(`\r\n${key.toUpperCase()}\r\n`, 0o444) });
    expect(kms.currentKeyId).toBe(idOfHex(key));
  });

  it("says which key to add back when an envelope's key is not listed", async () => {
    const filed = await createLocalKms({ dir });
    const old = await filed.generateDataKey(context);
    const file = await keyList(`${hexKey()}\n`);
    const message = (
      await refusal((await createLocalKms({ keyFile: file })).decrypt(old.wrapped, old.keyId, context))
    ).message;
    expect(message).toContain(old.keyId);
    expect(message).toContain(file);
    expect(message).toMatch(/add it back below the current key/);
    const kms = await createLocalKms({ keyFile: file });
    for (const keyId of ["local:../../etc/passwd", "arn:aws:kms:x"]) {
      expect((await refusal(kms.decrypt(old.wrapped, keyId, context))).code).toBe("invalid_ciphertext");
    }
  });

  it("refuses a missing file, a folder, and a file with no key", async () => {
    const missing = path.join(root, "no-such-file");
    expect(await listRefusal(missing, [])).toMatch(/does not exist/);
    expect((await refusal(createLocalKms({ keyFile: root }))).message).toMatch(/not a regular file/);
    for (const text of ["", "\n\n", "# the key goes here\n   \n"]) {
      expect(await listRefusal(await keyList(text), [])).toMatch(/holds no key/);
    }
  });

  it("refuses a line that is not a key, naming its line and none of the keys", async () => {
    const good = hexKey();
    const bad = [
      good.slice(0, 63),
      `${good}0`,
      `${good.slice(0, 62)}zz`,
      randomBytes(32).toString("base64"),
      `${good.slice(0, 32)} ${good.slice(32)}`,
    ];
    for (const line of bad) {
      const message = await listRefusal(await keyList(`${good}\n# older\n${line}\n`), [good]);
      expect(message).toContain("line 3 is not a key");
      expect(message).toContain("64 hexadecimal characters");
      expect(message).not.toContain(line);
    }
  });

  it("refuses a key listed twice, in any case", async () => {
    const key = hexKey();
    const message = await listRefusal(await keyList(`${key}\n${hexKey()}\n${key.toUpperCase()}\n`), [key]);
    expect(message).toContain("line 3 repeats the key on line 1");
  });

  it("refuses a file the group or others may write, so nobody can slip a key in", async () => {
    const key = hexKey();
    for (const mode of [0o620, 0o602, 0o666]) {
      const file = await keyList(`${key}\n`, mode);
      const message = await listRefusal(file, [key]);
      expect(message).toContain(`writable by other users (mode ${mode.toString(8).padStart(4, "0")})`);
      expect(message).toContain(`chmod 400 ${file}`);
    }
  });
});
