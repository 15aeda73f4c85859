import path from "node:path";
import { z } from "zod";
import { createAwsKms } from "./aws.js";
import type { Kms } from "./kms.js";
import { createLocalKms } from "./local.js";

export const KmsConfig = z.object({
  provider: z.enum(["local", "aws"]),
  /** The data folder; local master keys live in its `kms/` folder unless `masterKeyFile` is set. */
  dataDir: z.string().min(1),
  /** Local KMS: one file listing the master keys, the current one first, instead of `kms/`. */
  masterKeyFile: z.string().min(1).optional(),
  keyId: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  endpoint: z.url().optional(),
  credentials: z
    .object({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      sessionToken: z.string().optional(),
    })
    .optional(),
});
export type KmsConfig = z.input<typeof KmsConfig>;

/**
 * Builds the configured KMS: `KMS_PROVIDER`, `DATA_DIR`, `KMS_MASTER_KEY_FILE`, `KMS_KEY_ID`,
 * `AWS_REGION`, `AWS_ENDPOINT_URL_KMS`.
 */
export async function createKmsFromConfig(config: KmsConfig): Promise<Kms> {
  const parsed = KmsConfig.safeParse(config);
  if (!parsed.success) {
    // Only paths and messages: a credential value must not reach the error.
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "kms"}: ${i.message}`).join("; ");
    throw new Error(`Invalid KMS settings: ${problems}`);
  }
  const { provider, dataDir, masterKeyFile, keyId, region, endpoint, credentials } = parsed.data;
  if (provider === "local") {
    return createLocalKms(masterKeyFile ? { keyFile: masterKeyFile } : { dir: path.join(dataDir, "kms") });
  }
  if (masterKeyFile) {
    throw new Error(
      "Invalid KMS settings: KMS_MASTER_KEY_FILE is for the local KMS; with KMS_PROVIDER=aws the master key stays in AWS KMS (KMS_KEY_ID). Unset one of them.",
    );
  }
  if (!keyId || !region) {
    throw new Error("Invalid KMS settings: KMS_KEY_ID and AWS_REGION are required when KMS_PROVIDER is aws.");
  }
  return createAwsKms({ keyId, region, endpoint, credentials });
}
