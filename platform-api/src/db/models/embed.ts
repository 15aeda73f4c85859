import type { RelationMappings } from "objection";
import { BaseModel, type JsonValue, type TimestampColumn } from "./base-model.js";
import { User } from "./user.js";

export class Embed extends BaseModel {
  static override tableName = "embeds";
  static override timestamps: readonly TimestampColumn[] = ["created_at", "updated_at"];
  static override jsonAttributes = ["allowed_origins", "features", "problems"];
  static override booleanAttributes = ["chat_sponsored"];

  declare id: string;
  declare owner_id: string;
  declare name: string;
  /** `pk_…`, public by design. */
  declare publishable_key: string;
  /** sha-256 hex of the `sk_…` key, which is shown once. */
  declare secret_key_hash: string;
  /** An encrypted envelope (JSON text) of the key that verifies learner tokens. */
  declare signing_secret: string;
  declare allowed_origins: string[];
  declare features: JsonValue;
  /** Problem slugs this embed may show; null for all published problems. */
  declare problems: string[] | null;
  /** Per-embed execution rate limit; the configured default when null. */
  declare executions_per_minute: number | null;
  /** Hourly ceilings for all the embed's learners together; the defaults when null. */
  declare runs_per_hour: number | null;
  declare submissions_per_hour: number | null;
  declare tutor_messages_per_hour: number | null;
  declare webhook_url: string | null;
  declare tutor_policy: "hints" | "open";
  declare secret_rotated_at: string | null;
  /** The owner's vault key pays for this embed's learners' tutor chats. */
  declare chat_sponsored: boolean;
  /** Tokens (in + out) the embed's sponsored chats may spend per calendar month (UTC); null: no limit. */
  declare chat_monthly_token_budget: number | null;
  declare created_at: string;
  declare updated_at: string;

  declare owner?: User;

  static override relationMappings = (): RelationMappings => ({
    owner: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: User,
      join: { from: "embeds.owner_id", to: "users.id" },
    },
  });
}
