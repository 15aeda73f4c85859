import { BaseModel, type TimestampColumn } from "./base-model.js";

/** A password accepted, a second factor still owed: the `mfaToken` of a login, stored hashed. */
export class MfaChallenge extends BaseModel {
  static override tableName = "mfa_challenges";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];

  declare id: string;
  declare user_id: string;
  declare token_hash: string;
  declare created_at: string;
  declare expires_at: string;
  declare attempts: number;
}
