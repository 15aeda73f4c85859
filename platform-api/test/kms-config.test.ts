import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.js";
import { createKmsFromConfig, createVault } from "../src/kms/index.js";
import { loadAuditKey } from "../src/services/audit/audit-key.js";
import { databases } from "./support/databases.js";
import { FAKE_CREDENTIALS, FAKE_REGION, startFakeAwsKms } from "./support/fake-aws-kms.js";

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cg-kms-config-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const aad = { table: "api_keys", rowId: "k1", ownerId: "u1" };
const sqlite = databases.find((d) => d.name === "sqlite") as (typeof databases)[number];

describe("KMS from configuration", () => {
  it("keeps local master keys in the data folder's kms/ folder", async () => {
    const kms = await createKmsFromConfig({ provider: "local", dataDir });
    expect(kms.provider).toBe("local");
    expect((await stat(path.join(dataDir, "kms"))).mode & 0o777).toBe(0o700);
    const vault = createVault(kms);
    expect(await vault.open(await vault.seal("s3cret", aad), aad)).toBe("s3cret");
  });

  it("builds an AWS KMS for the configured key, region and endpoint", async () => {
    const fake = await startFakeAwsKms();
    try {
      const keyId = fake.keyIds[0] as string;
      const kms = await createKmsFromConfig({
        provider: "aws",
        dataDir,
        keyId,
        region: FAKE_REGION,
        endpoint: fake.endpoint,
        credentials: FAKE_CREDENTIALS,
      });
      expect(kms.provider).toBe("aws");
      expect(kms.currentKeyId).toBe(keyId);
      const vault = createVault(kms);
      expect(await vault.open(await vault.seal("s3cret", aad), aad)).toBe("s3cret");
      expect(fake.calls.GenerateDataKey).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it("says which setting is missing for AWS KMS", async () => {
    await expect(createKmsFromConfig({ provider: "aws", dataDir, region: FAKE_REGION })).rejects.toThrow(
      /KMS_KEY_ID/,
    );
    await expect(createKmsFromConfig({ provider: "aws", dataDir, keyId: "k" })).rejects.toThrow(/AWS_REGION/);
  });

  it("names a bad setting without repeating a credential", async () => {
    const error = await createKmsFromConfig({
      provider: "aws",
      dataDir,
      keyId: "k",
      region: FAKE_REGION,
      endpoint: "not a url",
      credentials: { accessKeyId: "AKIA", secretAccessKey: "" },
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/endpoint/);
    expect(error?.message).toMatch(/credentials\.secretAccessKey/);

    const leaked = await createKmsFromConfig({
      provider: "gcp" as "aws",
      dataDir,
      credentials: { accessKeyId: "AKIA", secretAccessKey: "very-secret-value" },
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(leaked?.message).toMatch(/provider/);
    expect(leaked?.message).not.toContain("very-secret-value");
  });
});

describe("the local KMS from KMS_MASTER_KEY_FILE", () => {
  it("takes the key list from KMS_MASTER_KEY_FILE, and the audit chain key sealed under a key file still opens after the move", async () => {
    const db = await sqlite.create();
    try {
      // Before: key files in DATA_DIR/kms, as a first start makes them.
      const before = configFromEnv({ DATA_DIR: dataDir });
      const filed = await createKmsFromConfig({ ...before.kms, dataDir: before.dataDir });
      const auditKey = await loadAuditKey(db.knex, createVault(filed));
      const oldKeyId = filed.currentKeyId;
      const oldKeyHex = (
        await readFile(path.join(dataDir, "kms", `${oldKeyId.slice("local:".length)}.key`))
      ).toString("hex");

      // After: the old key second in the list, a new one first; DATA_DIR/kms is not read.
      const listFile = path.join(dataDir, "master-keys");
      await writeFile(listFile, `${randomBytes(32).toString("hex")}\n${oldKeyHex}\n`, { mode: 0o400 });
      await rm(path.join(dataDir, "kms"), { recursive: true });
      const after = configFromEnv({ DATA_DIR: dataDir, KMS_MASTER_KEY_FILE: listFile });
      expect(after.kms.masterKeyFile).toBe(listFile);
      const listed = await createKmsFromConfig({ ...after.kms, dataDir: after.dataDir });
      expect(listed.currentKeyId).not.toBe(oldKeyId);
      expect(await loadAuditKey(db.knex, createVault(listed))).toEqual(auditKey);
      await expect(stat(path.join(dataDir, "kms"))).rejects.toMatchObject({ code: "ENOENT" });
    } finally {
      await db.destroy();
    }
  });

  it("resolves a relative KMS_MASTER_KEY_FILE, and treats an empty one as unset", () => {
    expect(configFromEnv({ KMS_MASTER_KEY_FILE: "secrets/keys" }).kms.masterKeyFile).toBe(
      path.resolve("secrets/keys"),
    );
    expect(configFromEnv({ KMS_MASTER_KEY_FILE: "" }).kms.masterKeyFile).toBeUndefined();
  });

  it("refuses KMS_MASTER_KEY_FILE with AWS KMS", async () => {
    await expect(
      createKmsFromConfig({
        provider: "aws",
        dataDir,
        keyId: "k",
        region: FAKE_REGION,
        masterKeyFile: path.join(dataDir, "keys"),
      }),
    ).rejects.toThrow(/KMS_MASTER_KEY_FILE is for the local KMS/);
  });
});
