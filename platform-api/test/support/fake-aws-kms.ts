import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/**
 * AWS KMS on loopback, speaking its JSON 1.1 protocol well enough for `@aws-sdk/client-kms`:
 * symmetric keys of its own, encryption context bound as additional data, AWS's error shapes.
 * Signatures are not verified, but a request must carry a SigV4 Authorization header.
 */

export const FAKE_REGION = "us-east-1";
export const FAKE_ACCOUNT = "111122223333";
export const FAKE_CREDENTIALS = {
  accessKeyId: "AKIAFAKEFAKEFAKEFAKE",
  secretAccessKey: "fake-secret-access-key",
};

const OPERATIONS = ["GenerateDataKey", "Decrypt", "Encrypt", "ReEncrypt", "DescribeKey"] as const;
type Operation = (typeof OPERATIONS)[number];

export interface FakeAwsKms {
  /** `http://127.0.0.1:<port>`, for the SDK's `endpoint`. */
  readonly endpoint: string;
  /** Requests per operation since start or the last `resetCalls`, failed ones included. */
  readonly calls: Record<Operation, number>;
  /** Adds a key and returns its id (a UUID, as AWS's). */
  createKey(): string;
  /** Makes `alias/<name>` point at a key. */
  createAlias(name: string, keyId: string): void;
  /** Forgets a key: everything wrapped under it stops decrypting. */
  deleteKey(keyIdOrArn: string): void;
  arnOf(keyId: string): string;
  /** The next request fails with this AWS error. */
  failNext(type: string, status: number): void;
  resetCalls(): void;
  close(): Promise<void>;
}

class AwsError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const Context = z.record(z.string(), z.string()).optional();
const Blob = z.base64().min(1);
const Requests = {
  GenerateDataKey: z.object({
    KeyId: z.string().min(1),
    KeySpec: z.enum(["AES_256", "AES_128"]).optional(),
    NumberOfBytes: z.number().int().min(1).max(1024).optional(),
    EncryptionContext: Context,
  }),
  Encrypt: z.object({ KeyId: z.string().min(1), Plaintext: Blob, EncryptionContext: Context }),
  Decrypt: z.object({ CiphertextBlob: Blob, KeyId: z.string().optional(), EncryptionContext: Context }),
  ReEncrypt: z.object({
    CiphertextBlob: Blob,
    SourceKeyId: z.string().optional(),
    SourceEncryptionContext: Context,
    DestinationKeyId: z.string().min(1),
    DestinationEncryptionContext: Context,
  }),
  DescribeKey: z.object({ KeyId: z.string().min(1) }),
} satisfies Record<Operation, z.ZodType>;

const MAX_BODY = 1024 * 1024;
const BLOB_FORMAT = 1;

function canonical(context: Record<string, string> = {}): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return Buffer.from(JSON.stringify(Object.fromEntries(sorted)));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new AwsError("ValidationException", 400, "Request too large."));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export async function startFakeAwsKms({
  keys = 1,
}: {
  keys?: number;
} = {}): Promise<FakeAwsKms & { keyIds: string[] }> {
  const masterKeys = new Map<string, Buffer>();
  const aliases = new Map<string, string>();
  const calls = Object.fromEntries(OPERATIONS.map((op) => [op, 0])) as Record<Operation, number>;
  let nextFailure: AwsError | undefined;

  const arnOf = (keyId: string) => `arn:aws:kms:${FAKE_REGION}:${FAKE_ACCOUNT}:key/${keyId}`;
  const createKey = () => {
    const keyId = randomUUID();
    masterKeys.set(keyId, randomBytes(32));
    return keyId;
  };

  /** Key id, key ARN, alias name or alias ARN to the key's id; unknown keys are refused as AWS does across accounts. */
  const resolve = (reference: string): string => {
    let id = reference;
    const arn = /^arn:aws:kms:[^:]+:\d{12}:(key|alias)\/(.+)$/.exec(reference);
    if (arn) id = arn[1] === "alias" ? (aliases.get(`alias/${arn[2]}`) ?? "") : (arn[2] ?? "");
    else if (reference.startsWith("alias/")) id = aliases.get(reference) ?? "";
    if (!masterKeys.has(id)) {
      throw new AwsError(
        "AccessDeniedException",
        400,
        `User: arn:aws:iam::${FAKE_ACCOUNT}:user/test is not authorized to perform this operation on ${reference}`,
      );
    }
    return id;
  };

  const encrypt = (keyId: string, plaintext: Buffer, context: Record<string, string> | undefined): Buffer => {
    const id = Buffer.from(keyId);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", masterKeys.get(keyId) as Buffer, iv);
    cipher.setAAD(canonical(context));
    const encrypted = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([BLOB_FORMAT, id.length]), id, iv, cipher.getAuthTag(), encrypted]);
  };

  const decrypt = (
    blob: Buffer,
    expectedKey: string | undefined,
    context: Record<string, string> | undefined,
  ): { keyId: string; plaintext: Buffer } => {
    const invalid = new AwsError("InvalidCiphertextException", 400, "");
    if (blob.length < 2 || blob[0] !== BLOB_FORMAT) throw invalid;
    const idEnd = 2 + (blob[1] ?? 0);
    if (blob.length < idEnd + 28) throw invalid;
    const keyId = resolve(blob.subarray(2, idEnd).toString());
    if (expectedKey !== undefined && resolve(expectedKey) !== keyId) {
      throw new AwsError(
        "IncorrectKeyException",
        400,
        "The key ID in the request does not identify a KMS key that can perform this operation.",
      );
    }
    const decipher = createDecipheriv(
      "aes-256-gcm",
      masterKeys.get(keyId) as Buffer,
      blob.subarray(idEnd, idEnd + 12),
    );
    decipher.setAAD(canonical(context));
    decipher.setAuthTag(blob.subarray(idEnd + 12, idEnd + 28));
    try {
      return {
        keyId,
        plaintext: Buffer.concat([decipher.update(blob.subarray(idEnd + 28)), decipher.final()]),
      };
    } catch {
      throw invalid;
    }
  };

  const handlers: { [Op in Operation]: (input: z.infer<(typeof Requests)[Op]>) => unknown } = {
    GenerateDataKey(input) {
      const keyId = resolve(input.KeyId);
      const bytes = input.NumberOfBytes ?? (input.KeySpec === "AES_128" ? 16 : input.KeySpec ? 32 : 0);
      if (!bytes) throw new AwsError("ValidationException", 400, "KeySpec or NumberOfBytes is required.");
      const plaintext = randomBytes(bytes);
      return {
        KeyId: arnOf(keyId),
        Plaintext: plaintext.toString("base64"),
        CiphertextBlob: encrypt(keyId, plaintext, input.EncryptionContext).toString("base64"),
      };
    },
    Encrypt(input) {
      const keyId = resolve(input.KeyId);
      const blob = encrypt(keyId, Buffer.from(input.Plaintext, "base64"), input.EncryptionContext);
      return {
        KeyId: arnOf(keyId),
        CiphertextBlob: blob.toString("base64"),
        EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      };
    },
    Decrypt(input) {
      const { keyId, plaintext } = decrypt(
        Buffer.from(input.CiphertextBlob, "base64"),
        input.KeyId,
        input.EncryptionContext,
      );
      return {
        KeyId: arnOf(keyId),
        Plaintext: plaintext.toString("base64"),
        EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      };
    },
    ReEncrypt(input) {
      const source = decrypt(
        Buffer.from(input.CiphertextBlob, "base64"),
        input.SourceKeyId,
        input.SourceEncryptionContext,
      );
      const keyId = resolve(input.DestinationKeyId);
      const blob = encrypt(keyId, source.plaintext, input.DestinationEncryptionContext);
      return {
        CiphertextBlob: blob.toString("base64"),
        SourceKeyId: arnOf(source.keyId),
        KeyId: arnOf(keyId),
        SourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
        DestinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      };
    },
    DescribeKey(input) {
      const keyId = resolve(input.KeyId);
      return {
        KeyMetadata: {
          AWSAccountId: FAKE_ACCOUNT,
          KeyId: keyId,
          Arn: arnOf(keyId),
          CreationDate: 1_700_000_000,
          Enabled: true,
          Description: "",
          KeyUsage: "ENCRYPT_DECRYPT",
          KeyState: "Enabled",
          Origin: "AWS_KMS",
          KeyManager: "CUSTOMER",
          KeySpec: "SYMMETRIC_DEFAULT",
          CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
          EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
          MultiRegion: false,
        },
      };
    },
  };

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": randomUUID(),
    });
    response.end(JSON.stringify(body));
  };

  const handle = async (request: IncomingMessage): Promise<unknown> => {
    if (request.method !== "POST" || request.url !== "/") {
      throw new AwsError("UnknownOperationException", 404, "Only POST / is served.");
    }
    if (!request.headers.authorization?.startsWith("AWS4-HMAC-SHA256")) {
      throw new AwsError("MissingAuthenticationTokenException", 400, "Missing Authentication Token");
    }
    if (request.headers["content-type"] !== "application/x-amz-json-1.1") {
      throw new AwsError(
        "UnknownOperationException",
        400,
        "Content-Type must be application/x-amz-json-1.1.",
      );
    }
    const target = /^TrentService\.(\w+)$/.exec(String(request.headers["x-amz-target"] ?? ""))?.[1];
    const operation = OPERATIONS.find((op) => op === target);
    if (!operation) throw new AwsError("UnknownOperationException", 400, "Unknown X-Amz-Target.");
    calls[operation]++;
    const body = await readBody(request);
    if (nextFailure) {
      const failure = nextFailure;
      nextFailure = undefined;
      throw failure;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8") || "{}");
    } catch {
      throw new AwsError("SerializationException", 400, "The request body is not JSON.");
    }
    const parsed = Requests[operation].safeParse(json);
    if (!parsed.success)
      throw new AwsError("ValidationException", 400, parsed.error.issues[0]?.message ?? "Invalid.");
    return (handlers[operation] as (input: unknown) => unknown)(parsed.data);
  };

  const server = createServer((request, response) => {
    handle(request).then(
      (body) => answer(response, 200, body),
      (error: unknown) => {
        const failure =
          error instanceof AwsError ? error : new AwsError("KMSInternalException", 500, "Internal error.");
        answer(response, failure.status, { __type: failure.type, message: failure.message });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const keyIds = Array.from({ length: keys }, createKey);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    keyIds,
    createKey,
    createAlias(name, keyId) {
      aliases.set(name.startsWith("alias/") ? name : `alias/${name}`, resolve(keyId));
    },
    deleteKey(keyIdOrArn) {
      masterKeys.delete(resolve(keyIdOrArn));
    },
    arnOf,
    failNext(type, status) {
      nextFailure = new AwsError(type, status, "Injected failure.");
    },
    resetCalls() {
      for (const op of OPERATIONS) calls[op] = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
