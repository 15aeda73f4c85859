import type { RelationMappings } from "objection";
import { BaseModel, type TimestampColumn } from "./base-model.js";
import { User } from "./user.js";

export class PersonalAccessToken extends BaseModel {
  static override tableName = "personal_access_tokens";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];
  static override jsonAttributes = ["scopes"];

  declare id: string;
  declare user_id: string;
  declare name: string;
  /** sha-256 hex of the token, which is shown once and never stored. */
  declare token_hash: string;
  declare prefix: string;
  declare scopes: string[];
  declare created_at: string;
  declare expires_at: string | null;
  declare last_used_at: string | null;
  declare revoked_at: string | null;

  declare user?: User;

  static override relationMappings = (): RelationMappings => ({
    user: {
      relation: BaseModel.BelongsToOneRelation,
      modelClass: User,
      join: { from: "personal_access_tokens.user_id", to: "users.id" },
    },
  });
}
