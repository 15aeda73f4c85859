import type { RelationMappings } from "objection";
import { BaseModel, type JsonObject, type TimestampColumn } from "./base-model.js";
import { User } from "./user.js";

/** A provider API key in the vault. `secret` and `base_url` are encrypted envelopes (JSON text). */
export class ApiKey extends BaseModel {
  static override tableName = "api_keys";
  static override timestamps: readonly TimestampColumn[] = ["created_at", "updated_at"];
  static override jsonAttributes = ["usage"];

  declare id: string;
  declare user_id: string;
  declare name: string;
  declare provider: string;
  declare model: string | null;
  declare secret: string;
  declare base_url: string | null;
  /** The KMS master key that wraps this row's data key. */
  declare kms_key_id: string;
  declare last4: string;
  declare fingerprint: string;
  declare expires_at: string | null;
  declare last_used_at: string | null;
  declare usage: JsonObject;
  /** Tokens (in + out) the key may spend per calendar month (UTC); null: no limit. */
  declare monthly_token_budget: number | null;
  /** This month's usage counters, for `usage_month` ("2026-11") only. */
  declare usage_month: string | null;
  declare usage_requests: number;
  declare usage_input_tokens: number;
  declare usage_output_tokens: number;
  declare created_at: string;
  declare updated_at: string;

  declare user?: User;

  static override relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: User,
      join: { from: "api_keys.user_id", to: "users.id" },
    },
  });
}
