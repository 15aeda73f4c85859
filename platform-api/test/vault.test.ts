import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createAwsKms,
  createLocalKms,
  createVault,
  type Kms,
  KmsError,
  rotateLocalMasterKey,
  VaultError,
  type VaultOptions,
} from "../src/kms/index.js";
import { FAKE_CREDENTIALS, FAKE_REGION, startFakeAwsKms } from "./support/fake-aws-kms.js";

/** One provider, as the vault sees it: a way to get its KMS, rotate its master key, and destroy a key. */
interface Provider {
  kms(): Promise<Kms>;
  /** Makes a new master key current for KMS instances made afterwards. */
  rotate(): Promise<void>;
  destroyKey(keyId: string): Promise<void>;
  close(): Promise<void>;
}

const providers: Record<"local" | "aws", () => Promise<Provider>> = {
  async local() {
    const root = await mkdtemp(path.join(tmpdir(), "cg-vault-"));
    const dir = path.join(root, "kms");
    return {
      kms: () => createLocalKms({ dir }),
      rotate: async () => void (await rotateLocalMasterKey({ dir })),
      destroyKey: (keyId) => unlink(path.join(dir, `${keyId.slice("local:".length)}.key`)),
      close: () => rm(root, { recursive: true, force: true }),
    };
  },
  async aws() {
    const fake = await startFakeAwsKms();
    let current = fake.keyIds[0] as string;
    return {
      kms: async () =>
        createAwsKms({
          keyId: current,
          region: FAKE_REGION,
          endpoint: fake.endpoint,
          credentials: FAKE_CREDENTIALS,
        }),
      rotate: async () => {
        current = fake.createKey();
      },
      destroyKey: async (keyId) => fake.deleteKey(keyId),
      close: () => fake.close(),
    };
  },
};

/** Counts what reaches the master key and keeps each data key handed out, to see it zeroed. */
function counted(kms: Kms) {
  const calls = { generateDataKey: 0, decrypt: 0, reEncrypt: 0 };
  const dataKeys: Buffer[] = [];
  const wrapper: Kms = {
    provider: kms.provider,
    get currentKeyId() {
      return kms.currentKeyId;
    },
    async generateDataKey(context) {
      calls.generateDataKey++;
      const result = await kms.generateDataKey(context);
      dataKeys.push(result.plaintext);
      return result;
    },
    async decrypt(wrapped, keyId, context) {
      calls.decrypt++;
      const key = await kms.decrypt(wrapped, keyId, context);
      dataKeys.push(key);
      return key;
    },
    async reEncrypt(wrapped, fromKeyId, context, toKeyId) {
      calls.reEncrypt++;
      return kms.reEncrypt(wrapped, fromKeyId, context, toKeyId);
    },
  };
  return { kms: wrapper, calls, dataKeys };
}

const aad = { table: "api_keys", rowId: "key_1", ownerId: "user_1" };
const secret = "sk-test-51HxQe2eZvKYlo2C0aBcDeFgHiJkLmNoPqRsTuVwXyZ";

type Field = "wrappedKey" | "iv" | "tag" | "ciphertext";

/** The envelope with one bit of one field flipped. */
function flip(envelope: string, field: Field): string {
  const json = JSON.parse(envelope) as Record<Field, string>;
  const bytes = Buffer.from(json[field], "base64");
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
  return JSON.stringify({ ...json, [field]: bytes.toString("base64") });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** Everything an error could show in a log or a response. */
function shown(error: Error): string {
  return [error.message, JSON.stringify(error), inspect(error), String(error.stack), String(error)].join(
    "\n",
  );
}

for (const name of ["local", "aws"] as const) {
  describe(`vault over the ${name} KMS`, () => {
    let provider: Provider;
    let setup: ReturnType<typeof counted>;

    const vault = (options: VaultOptions = {}) => createVault(setup.kms, options);

    beforeEach(async () => {
      provider = await providers[name]();
      setup = counted(await provider.kms());
    });

    afterEach(async () => {
      await provider.close();
    });

    it("opens what it sealed", async () => {
      const v = vault();
      for (const plaintext of [secret, "", "ключ 🔑 鍵", "x".repeat(10_000)]) {
        expect(await v.open(await v.seal(plaintext, aad), aad)).toBe(plaintext);
      }
    });

    it("writes a v1 envelope naming its KMS and key, with the secret nowhere in it", async () => {
      const envelope = await vault().seal(secret, aad);
      const json = JSON.parse(envelope);
      expect(Object.keys(json)).toEqual(["v", "kms", "keyId", "wrappedKey", "iv", "tag", "ciphertext"]);
      expect(json).toMatchObject({ v: 1, kms: name });
      // AWS answers with the key's ARN, which ends with the configured key id.
      expect(json.keyId).toContain(setup.kms.currentKeyId);
      expect(Buffer.from(json.iv, "base64")).toHaveLength(12);
      expect(Buffer.from(json.tag, "base64")).toHaveLength(16);
      expect(envelope).not.toContain(secret);
      expect(envelope).not.toContain(Buffer.from(secret).toString("base64"));
      expect(vault().keyIdOf(envelope)).toBe(json.keyId);
    });

    it("uses a fresh data key and IV for every seal, even of the same secret", async () => {
      const v = vault();
      const [a, b] = [JSON.parse(await v.seal(secret, aad)), JSON.parse(await v.seal(secret, aad))];
      expect(setup.calls.generateDataKey).toBe(2);
      expect(a.wrappedKey).not.toBe(b.wrappedKey);
      expect(a.iv).not.toBe(b.iv);
      expect(a.ciphertext).not.toBe(b.ciphertext);
    });

    it("zeroes the data key once the secret is sealed", async () => {
      await vault().seal(secret, aad);
      expect(setup.dataKeys).toHaveLength(1);
      expect(setup.dataKeys[0]?.every((byte) => byte === 0)).toBe(true);
    });

    for (const field of ["tag", "ciphertext", "iv", "wrappedKey"] as const) {
      it(`refuses an envelope whose ${field} was altered`, async () => {
        const v = vault();
        const envelope = await v.seal(secret, aad);
        const error = await failure(v.open(flip(envelope, field), aad));
        expect(error).toBeInstanceOf(VaultError);
        expect((error as VaultError).code).toBe("tampered");
      });
    }

    it("refuses an envelope moved to another row, owner or table", async () => {
      const v = vault();
      const envelope = await v.seal(secret, aad);
      for (const moved of [
        { ...aad, rowId: "key_2" },
        { ...aad, ownerId: "user_2" },
        { ...aad, table: "totp_secrets" },
      ]) {
        const error = await failure(v.open(envelope, moved));
        expect(error).toBeInstanceOf(VaultError);
        expect((error as VaultError).code).toBe("tampered");
        expect(error.message).toMatch(/altered, or belongs to another row or owner/);
      }
    });

    it("refuses an envelope whose data key was swapped for another row's", async () => {
      const v = vault();
      const mine = JSON.parse(await v.seal(secret, aad));
      const other = { ...aad, rowId: "key_2" };
      const theirs = JSON.parse(await v.seal("their secret", other));
      const spliced = JSON.stringify({ ...mine, wrappedKey: theirs.wrappedKey, keyId: theirs.keyId });
      expect(await failure(v.open(spliced, aad))).toBeInstanceOf(VaultError);
      expect(await failure(v.open(spliced, other))).toBeInstanceOf(VaultError);
    });

    it("never shows the secret or key material in its errors", async () => {
      const v = vault({ cacheTtlMs: 0 });
      const envelope = await v.seal(secret, aad);
      const json = JSON.parse(envelope);
      await provider.rotate();
      const rotated = createVault(await provider.kms());
      const errors = [
        await failure(v.open(flip(envelope, "tag"), aad)),
        await failure(v.open(flip(envelope, "ciphertext"), aad)),
        await failure(v.open(envelope, { ...aad, ownerId: "user_2" })),
        await failure(v.open(envelope.slice(0, -5), aad)),
        await failure(rotated.rewrap(envelope, { ...aad, rowId: "key_9" })),
      ];
      const secrets = [secret, Buffer.from(secret).toString("base64"), json.wrappedKey, json.ciphertext];
      for (const key of setup.dataKeys) secrets.push(key.toString("base64"), key.toString("hex"));
      for (const error of errors) {
        for (const s of secrets) expect(shown(error)).not.toContain(s);
      }
    });

    it("re-wraps under a rotated master key, after which the old key is not needed", async () => {
      const envelope = await vault().seal(secret, aad);
      const oldKeyId = vault().keyIdOf(envelope);

      await provider.rotate();
      const rotated = createVault(await provider.kms());
      const rewrapped = await rotated.rewrap(envelope, aad);

      const before = JSON.parse(envelope);
      const after = JSON.parse(rewrapped);
      expect(after.keyId).not.toBe(oldKeyId);
      expect(rewrapped).not.toContain(oldKeyId);
      expect(after.wrappedKey).not.toBe(before.wrappedKey);
      expect([after.iv, after.tag, after.ciphertext]).toEqual([before.iv, before.tag, before.ciphertext]);

      await provider.destroyKey(oldKeyId);
      expect(await createVault(await provider.kms()).open(rewrapped, aad)).toBe(secret);
      expect((await failure(createVault(await provider.kms()).open(envelope, aad))).name).toBe("KmsError");
    });

    it("leaves an envelope already under the target key as it is", async () => {
      const v = vault();
      const envelope = await v.seal(secret, aad);
      expect(await v.rewrap(envelope, aad, v.keyIdOf(envelope))).toBe(envelope);
      expect(setup.calls.reEncrypt).toBe(0);
    });

    it("refuses to re-wrap an envelope for another row", async () => {
      const v = vault();
      const envelope = await v.seal(secret, aad);
      await provider.rotate();
      const rotated = createVault(await provider.kms());
      const error = await failure(rotated.rewrap(envelope, { ...aad, rowId: "key_2" }));
      expect((error as VaultError).code).toBe("tampered");
    });

    it("calls KMS once for repeated opens within the TTL, and again after it", async () => {
      let now = 1_000_000;
      const v = vault({ cacheTtlMs: 60_000, now: () => now });
      const envelope = await v.seal(secret, aad);

      for (let i = 0; i < 5; i++) expect(await v.open(envelope, aad)).toBe(secret);
      expect(setup.calls.decrypt).toBe(1);
      expect(v.cacheStats()).toEqual({ hits: 4, misses: 1, size: 1 });

      now += 59_999;
      await v.open(envelope, aad);
      expect(setup.calls.decrypt).toBe(1);

      now += 1;
      await v.open(envelope, aad);
      expect(setup.calls.decrypt).toBe(2);
      expect(v.cacheStats()).toMatchObject({ hits: 5, misses: 2 });
    });

    it("does not let a cached data key open the envelope for another row or owner", async () => {
      const v = vault();
      const envelope = await v.seal(secret, aad);
      await v.open(envelope, aad);
      expect(await failure(v.open(envelope, { ...aad, ownerId: "user_2" }))).toBeInstanceOf(VaultError);
    });

    it("shares one KMS call among concurrent opens of the same envelope", async () => {
      const v = vault();
      const envelope = await v.seal(secret, aad);
      const opened = await Promise.all(Array.from({ length: 20 }, () => v.open(envelope, aad)));
      expect(opened.every((plaintext) => plaintext === secret)).toBe(true);
      expect(setup.calls.decrypt).toBe(1);
    });
  });
}

describe("vault", () => {
  let root: string;
  let kms: Kms;
  let setup: ReturnType<typeof counted>;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "cg-vault-"));
    kms = await createLocalKms({ dir: path.join(root, "kms") });
    setup = counted(kms);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("calls KMS through the real AWS SDK only once per cached envelope", async () => {
    const fake = await startFakeAwsKms();
    try {
      const aws = createAwsKms({
        keyId: fake.keyIds[0] as string,
        region: FAKE_REGION,
        endpoint: fake.endpoint,
        credentials: FAKE_CREDENTIALS,
      });
      let now = 0;
      const v = createVault(aws, { cacheTtlMs: 1000, now: () => now });
      const envelope = await v.seal(secret, aad);
      await v.open(envelope, aad);
      await v.open(envelope, aad);
      expect(fake.calls).toMatchObject({ GenerateDataKey: 1, Decrypt: 1 });
      now = 1000;
      await v.open(envelope, aad);
      expect(fake.calls.Decrypt).toBe(2);
    } finally {
      await fake.close();
    }
  });

  it("keeps at most cacheSize data keys, dropping the least recently used", async () => {
    const v = createVault(setup.kms, { cacheSize: 2 });
    const rows = ["a", "b", "c"].map((rowId) => ({ ...aad, rowId }));
    const envelopes = await Promise.all(rows.map((row) => v.seal(secret, row)));
    await v.open(envelopes[0] as string, rows[0] as typeof aad);
    await v.open(envelopes[1] as string, rows[1] as typeof aad);
    await v.open(envelopes[0] as string, rows[0] as typeof aad);
    await v.open(envelopes[2] as string, rows[2] as typeof aad);
    expect(v.cacheStats().size).toBe(2);
    expect(setup.calls.decrypt).toBe(3);

    await v.open(envelopes[0] as string, rows[0] as typeof aad);
    expect(setup.calls.decrypt).toBe(3);
    await v.open(envelopes[1] as string, rows[1] as typeof aad);
    expect(setup.calls.decrypt).toBe(4);
  });

  it("calls KMS on every open when the cache is disabled", async () => {
    const v = createVault(setup.kms, { cacheTtlMs: 0 });
    const envelope = await v.seal(secret, aad);
    await v.open(envelope, aad);
    await v.open(envelope, aad);
    expect(setup.calls.decrypt).toBe(2);
    expect(v.cacheStats().size).toBe(0);
  });

  it("zeroes a data key once it leaves the cache", async () => {
    let now = 0;
    const v = createVault(setup.kms, { cacheTtlMs: 1000, now: () => now });
    const envelope = await v.seal(secret, aad);
    await v.open(envelope, aad);
    const cached = setup.dataKeys.at(-1) as Buffer;
    expect(cached.some((byte) => byte !== 0)).toBe(true);

    now = 1000;
    await v.open(envelope, aad);
    await new Promise((resolve) => setImmediate(resolve));
    expect(cached.every((byte) => byte === 0)).toBe(true);

    const current = setup.dataKeys.at(-1) as Buffer;
    v.clearCache();
    await new Promise((resolve) => setImmediate(resolve));
    expect(current.every((byte) => byte === 0)).toBe(true);
    expect(await v.open(envelope, aad)).toBe(secret);
  });

  it("opens correctly while a tiny cache evicts keys other opens are waiting on", async () => {
    const v = createVault(setup.kms, { cacheSize: 1 });
    const rows = Array.from({ length: 8 }, (_, i) => ({ ...aad, rowId: `row_${i}` }));
    const envelopes = await Promise.all(rows.map((row, i) => v.seal(`secret ${i}`, row)));
    const opens = rows.flatMap((row, i) => [
      v.open(envelopes[i] as string, row),
      v.open(envelopes[i] as string, row),
    ]);
    expect(await Promise.all(opens)).toEqual(rows.flatMap((_, i) => [`secret ${i}`, `secret ${i}`]));
  });

  it("refuses an envelope sealed by another KMS provider, saying which", async () => {
    const v = createVault(kms);
    const envelope = JSON.parse(await v.seal(secret, aad));
    const error = await failure(v.open(JSON.stringify({ ...envelope, kms: "aws" }), aad));
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe("wrong_kms");
    expect(error.message).toMatch(/sealed with the aws KMS, but this server uses the local KMS/);
  });

  it("refuses malformed envelopes as tampered", async () => {
    const v = createVault(kms);
    const good = JSON.parse(await v.seal(secret, aad));
    const malformed = [
      "",
      "null",
      "[]",
      "{}",
      "not json",
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, extra: "field" }),
      JSON.stringify({ ...good, iv: undefined }),
      JSON.stringify({ ...good, iv: Buffer.alloc(16).toString("base64") }),
      JSON.stringify({ ...good, iv: "AAAAAAAAAAAAAAAA" }),
      JSON.stringify({ ...good, tag: Buffer.alloc(12).toString("base64") }),
      JSON.stringify({ ...good, ciphertext: "%%%not base64%%%" }),
      JSON.stringify({ ...good, keyId: "" }),
      JSON.stringify({ ...good, keyId: "local:../../etc/passwd" }),
      JSON.stringify({ ...good, wrappedKey: "" }),
      JSON.stringify({ ...good, kms: "vault" }),
      `${JSON.stringify(good)}x`,
      "x".repeat(600_000),
    ];
    for (const envelope of malformed) {
      const error = await failure(v.open(envelope, aad));
      expect(error, envelope.slice(0, 80)).toBeInstanceOf(VaultError);
      expect((error as VaultError).code).toBe("tampered");
    }
    for (const envelope of malformed.slice(0, 5)) expect(() => v.keyIdOf(envelope)).toThrow(VaultError);
  });

  it("passes KMS outages through as KmsError, not as tampering", async () => {
    const broken: Kms = {
      ...kms,
      provider: "local",
      currentKeyId: kms.currentKeyId,
      generateDataKey: (context) => kms.generateDataKey(context),
      decrypt: async () => {
        throw new KmsError("local", "unavailable", "The key store is unreachable.");
      },
    };
    const v = createVault(broken);
    const envelope = await v.seal(secret, aad);
    const error = await failure(v.open(envelope, aad));
    expect(error).toBeInstanceOf(KmsError);
    expect((error as KmsError).code).toBe("unavailable");
    // A failed unwrap is not remembered: the next open asks KMS again.
    expect(v.cacheStats()).toMatchObject({ misses: 1, size: 0 });
  });

  it("opens any sealed string, and nothing with a single bit flipped anywhere in its binary fields", async () => {
    const v = createVault(kms);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 200 }),
        fc.constantFrom<Field>("wrappedKey", "iv", "tag", "ciphertext"),
        fc.nat(),
        fc.nat(7),
        async (plaintext, field, at, bit) => {
          const envelope = await v.seal(plaintext, aad);
          expect(await v.open(envelope, aad)).toBe(plaintext);
          const json = JSON.parse(envelope) as Record<Field, string>;
          const bytes = Buffer.from(json[field], "base64");
          if (bytes.length === 0) return;
          const index = at % bytes.length;
          bytes[index] = (bytes[index] ?? 0) ^ (1 << bit);
          const altered = JSON.stringify({ ...json, [field]: bytes.toString("base64") });
          await expect(v.open(altered, aad)).rejects.toBeInstanceOf(VaultError);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses an AAD with an empty field rather than sealing unbound", async () => {
    const v = createVault(kms);
    await expect(v.seal(secret, { ...aad, ownerId: "" })).rejects.toThrow();
    expect(setup.calls.generateDataKey).toBe(0);
  });
});
