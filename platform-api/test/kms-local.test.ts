import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalKms, KmsError, rotateLocalMasterKey } from "../src/kms/index.js";

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
