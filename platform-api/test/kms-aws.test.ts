import { createServer } from "node:net";
import { inspect } from "node:util";
import { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsKmsOptions, createAwsKms, KmsError } from "../src/kms/index.js";
import { FAKE_CREDENTIALS, FAKE_REGION, type FakeAwsKms, startFakeAwsKms } from "./support/fake-aws-kms.js";

let fake: FakeAwsKms & { keyIds: string[] };
let keyId: string;

beforeEach(async () => {
  fake = await startFakeAwsKms({ keys: 2 });
  keyId = fake.keyIds[0] as string;
});

afterEach(async () => {
  await fake.close();
});

const context = { table: "api_keys", rowId: "k1", ownerId: "u1" };

function awsKms(options: Partial<AwsKmsOptions> = {}) {
  return createAwsKms({
    keyId,
    region: FAKE_REGION,
    endpoint: fake.endpoint,
    credentials: FAKE_CREDENTIALS,
    ...options,
  });
}

async function refusal(promise: Promise<unknown>): Promise<KmsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KmsError);
  return error as KmsError;
}

describe("AWS KMS", () => {
  it("generates a data key through the AWS SDK and unwraps it only with the same context", async () => {
    const kms = awsKms();
    const { plaintext, wrapped, keyId: wrappedUnder } = await kms.generateDataKey(context);

    expect(kms.provider).toBe("aws");
    expect(plaintext).toHaveLength(32);
    expect(wrappedUnder).toBe(fake.arnOf(keyId));
    expect(await kms.decrypt(wrapped, wrappedUnder, { ...context })).toEqual(plaintext);
    expect((await refusal(kms.decrypt(wrapped, wrappedUnder, { ...context, rowId: "k2" }))).code).toBe(
      "invalid_ciphertext",
    );
    expect(fake.calls).toMatchObject({ GenerateDataKey: 1, Decrypt: 2 });
  });

  it("accepts an alias as the configured key", async () => {
    fake.createAlias("codeground", keyId);
    const kms = awsKms({ keyId: "alias/codeground" });
    const { plaintext, wrapped, keyId: wrappedUnder } = await kms.generateDataKey(context);
    expect(wrappedUnder).toBe(fake.arnOf(keyId));
    expect(await kms.decrypt(wrapped, wrappedUnder, context)).toEqual(plaintext);
  });

  it("re-encrypts under another key on the server, never handing out the data key", async () => {
    const kms = awsKms();
    const target = fake.keyIds[1] as string;
    const before = await kms.generateDataKey(context);

    const after = await kms.reEncrypt(before.wrapped, before.keyId, context, target);
    expect(after).not.toHaveProperty("plaintext");
    expect(after.keyId).toBe(fake.arnOf(target));
    expect(fake.calls.ReEncrypt).toBe(1);
    expect(fake.calls.Decrypt).toBe(0);

    fake.deleteKey(keyId);
    expect(await kms.decrypt(after.wrapped, after.keyId, context)).toEqual(before.plaintext);
  });

  it("maps an unknown key to access_denied", async () => {
    const error = await refusal(
      awsKms({ keyId: "00000000-0000-0000-0000-000000000000" }).generateDataKey(context),
    );
    expect(error.code).toBe("access_denied");
    expect(error.provider).toBe("aws");
    expect(error.message).toContain("00000000-0000-0000-0000-000000000000");
    expect(error.message).toContain("AccessDeniedException");
  });

  it("maps a deleted key to access_denied when unwrapping", async () => {
    const kms = awsKms();
    const { wrapped, keyId: wrappedUnder } = await kms.generateDataKey(context);
    fake.deleteKey(keyId);
    expect((await refusal(kms.decrypt(wrapped, wrappedUnder, context))).code).toBe("access_denied");
  });

  it("maps unwrapping under the wrong key id to invalid_ciphertext", async () => {
    const kms = awsKms();
    const { wrapped } = await kms.generateDataKey(context);
    const error = await refusal(kms.decrypt(wrapped, fake.keyIds[1] as string, context));
    expect(error.code).toBe("invalid_ciphertext");
    expect(error.message).toContain("IncorrectKeyException");
  });

  it("maps a KMS internal error to unavailable", async () => {
    fake.failNext("KMSInternalException", 500);
    const error = await refusal(awsKms({ maxAttempts: 1 }).generateDataKey(context));
    expect(error.code).toBe("unavailable");
  });

  it("retries a throttled call", async () => {
    fake.failNext("ThrottlingException", 400);
    const { plaintext } = await awsKms({ maxAttempts: 2 }).generateDataKey(context);
    expect(plaintext).toHaveLength(32);
    expect(fake.calls.GenerateDataKey).toBe(2);
  });

  it("maps an unreachable endpoint to unavailable", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const kms = awsKms({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    const error = await refusal(kms.generateDataKey(context));
    expect(error.code).toBe("unavailable");
    expect(error.message).toMatch(/could not be reached/);
  });

  it("keeps key material, wrapped or not, and AWS's own message out of its errors", async () => {
    const kms = awsKms();
    const { plaintext, wrapped, keyId: wrappedUnder } = await kms.generateDataKey(context);
    const error = await refusal(kms.decrypt(wrapped, wrappedUnder, { ...context, ownerId: "u2" }));
    const shown = [error.message, JSON.stringify(error), inspect(error), String(error.stack)].join("\n");
    for (const material of [plaintext, wrapped]) {
      expect(shown).not.toContain(material.toString("base64"));
      expect(shown).not.toContain(material.toString("hex"));
    }
    expect(shown).not.toContain(FAKE_CREDENTIALS.secretAccessKey);

    const denied = await refusal(awsKms({ keyId: "alias/missing" }).generateDataKey(context));
    expect(denied.message).not.toContain("is not authorized to perform");
  });
});

describe("fake AWS KMS", () => {
  it("answers DescribeKey for the real SDK client", async () => {
    const client = new KMSClient({
      region: FAKE_REGION,
      endpoint: fake.endpoint,
      credentials: FAKE_CREDENTIALS,
    });
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(KeyMetadata?.Arn).toBe(fake.arnOf(keyId));
    expect(KeyMetadata?.Enabled).toBe(true);
    expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
    client.destroy();
  });

  it("refuses a request without a SigV4 Authorization header", async () => {
    const response = await fetch(fake.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "TrentService.DescribeKey" },
      body: JSON.stringify({ KeyId: keyId }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
  });

  it("answers an unknown operation in AWS's error shape", async () => {
    const response = await fetch(fake.endpoint, {
      method: "POST",
      headers: {
        authorization: "AWS4-HMAC-SHA256 Credential=x",
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "TrentService.ScheduleKeyDeletion",
      },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: "UnknownOperationException" });
  });
});
