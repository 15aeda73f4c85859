import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKmsFromConfig, createVault } from "../src/kms/index.js";
import { FAKE_CREDENTIALS, FAKE_REGION, startFakeAwsKms } from "./support/fake-aws-kms.js";

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cg-kms-config-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const aad = { table: "api_keys", rowId: "k1", ownerId: "u1" };

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
