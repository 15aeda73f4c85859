import type { RelationMappings } from "objection";
import { BaseModel, type TimestampColumn } from "./base-model.js";
import { User } from "./user.js";

export class Session extends BaseModel {
  static override tableName = "sessions";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];

  declare id: string;
  declare user_id: string;
  /** sha-256 hex of the session token; the token itself is never stored. */
  declare token_hash: string;
  declare created_at: string;
  declare expires_at: string;
  declare last_seen_at: string;
  declare ip: string | null;
  declare user_agent: string | null;

  declare user?: User;

  static override relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: User,
      join: { from: "sessions.user_id", to: "users.id" },
    },
  });
}
