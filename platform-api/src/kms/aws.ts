import { DecryptCommand, GenerateDataKeyCommand, KMSClient, ReEncryptCommand } from "@aws-sdk/client-kms";
import { KmsError } from "./errors.js";
import type { Kms } from "./kms.js";

export interface AwsKmsOptions {
  /** Key id, key ARN, alias name (`alias/…`) or alias ARN of the master key new data keys are wrapped with. */
  keyId: string;
  region: string;
  /** Another endpoint than AWS's, e.g. from `AWS_ENDPOINT_URL_KMS`. */
  endpoint?: string;
  /** Static credentials; by default the SDK's chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call, the first included (the SDK retries throttling and server errors). */
  maxAttempts?: number;
  /** Gives up on a call after this long. */
  timeoutMs?: number;
}

/** The key, the configuration, or the caller's permissions refuse the call: an operator must act. */
const ACCESS_DENIED = new Set([
  "AccessDeniedException",
  "NotFoundException",
  "DisabledException",
  "KMSInvalidStateException",
  "InvalidKeyUsageException",
  "InvalidArnException",
  "InvalidGrantTokenException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "IncompleteSignatureException",
  "MissingAuthenticationTokenException",
  "ExpiredTokenException",
]);
/** The wrapped key is not one this key made with this context. */
const INVALID_CIPHERTEXT = new Set(["InvalidCiphertextException", "IncorrectKeyException"]);

interface AwsErrorShape {
  name?: unknown;
  $fault?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

/** Request ids and system error codes come from the wire; only plain tokens are repeated. */
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Maps whatever the SDK threw to a KmsError naming the key, the AWS error and the request id.
 * AWS's own message is left out: the mapped message is predictable, and nothing from the wire
 * can end up in a log through it.
 */
export function toKmsError(error: unknown, key: string): KmsError {
  if (error instanceof KmsError) return error;
  const shape = (typeof error === "object" && error !== null ? error : {}) as AwsErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const requestId = shape.$metadata?.requestId;
  const name = typeof shape.name === "string" && TOKEN.test(shape.name) ? shape.name : "Error";
  const detail = [name];
  if (typeof shape.code === "string" && TOKEN.test(shape.code)) detail.push(shape.code);
  if (typeof status === "number") detail.push(`HTTP ${status}`);
  if (typeof requestId === "string" && TOKEN.test(requestId)) detail.push(`request ${requestId}`);

  const why = `(${detail.join(", ")})`;
  if (INVALID_CIPHERTEXT.has(name)) {
    return new KmsError(
      "aws",
      "invalid_ciphertext",
      `AWS KMS could not unwrap a data key with key ${key}: it was altered or belongs to another encryption context ${why}.`,
    );
  }
  if (ACCESS_DENIED.has(name) || (shape.$fault === "client" && name !== "ThrottlingException")) {
    return new KmsError(
      "aws",
      "access_denied",
      `AWS KMS refused to use key ${key}: check that the key exists, is enabled, and that these credentials may use it ${why}.`,
    );
  }
  return new KmsError(
    "aws",
    "unavailable",
    `AWS KMS could not be reached or failed while using key ${key}; try again shortly ${why}.`,
  );
}

/** A view of the SDK's bytes, so zeroing it zeroes them. */
function bytes(value: Uint8Array | undefined, what: string, keyId: string): Buffer {
  if (!value || value.byteLength === 0) {
    throw new KmsError("aws", "unavailable", `AWS KMS answered without ${what} for key ${keyId}.`);
  }
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function answeredKeyId(value: string | undefined, keyId: string): string {
  if (!value) throw new KmsError("aws", "unavailable", `AWS KMS answered without a key id for key ${keyId}.`);
  return value;
}

/** Master keys in AWS KMS: data keys are generated, unwrapped and re-wrapped there. */
export function createAwsKms(options: AwsKmsOptions): Kms {
  const client = new KMSClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: options.timeoutMs ?? 10_000 },
  });
  const call = async <T>(key: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw toKmsError(error, key);
    }
  };

  return {
    provider: "aws",
    currentKeyId: options.keyId,

    async generateDataKey(context) {
      const keyId = options.keyId;
      const out = await call(keyId, () =>
        client.send(
          new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: context }),
        ),
      );
      return {
        plaintext: bytes(out.Plaintext, "a data key", keyId),
        wrapped: bytes(out.CiphertextBlob, "a wrapped data key", keyId),
        keyId: answeredKeyId(out.KeyId, keyId),
      };
    },

    async decrypt(wrapped, keyId, context) {
      const out = await call(keyId, () =>
        client.send(
          new DecryptCommand({ CiphertextBlob: wrapped, KeyId: keyId, EncryptionContext: context }),
        ),
      );
      return bytes(out.Plaintext, "the data key", keyId);
    },

    async reEncrypt(wrapped, fromKeyId, context, toKeyId) {
      const keyId = toKeyId ?? options.keyId;
      const out = await call(`${fromKeyId} to ${keyId}`, () =>
        client.send(
          new ReEncryptCommand({
            CiphertextBlob: wrapped,
            SourceKeyId: fromKeyId,
            SourceEncryptionContext: context,
            DestinationKeyId: keyId,
            DestinationEncryptionContext: context,
          }),
        ),
      );
      return {
        wrapped: bytes(out.CiphertextBlob, "a wrapped data key", keyId),
        keyId: answeredKeyId(out.KeyId, keyId),
      };
    },
  };
}
