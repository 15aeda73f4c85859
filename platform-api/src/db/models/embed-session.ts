import { BaseModel, type TimestampColumn } from "./base-model.js";

/** A learner's session inside an embed: anonymous per browser, or named by a learner token. */
export class EmbedSession extends BaseModel {
  static override tableName = "embed_sessions";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];

  declare id: string;
  declare embed_id: string;
  declare learner_ref: string;
  declare display_name: string | null;
  /** sha-256 hex of the bearer token. */
  declare token_hash: string;
  declare created_at: string;
  declare expires_at: string;
}
