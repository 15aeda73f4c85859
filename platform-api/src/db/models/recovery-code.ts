import { BaseModel, type TimestampColumn } from "./base-model.js";

/** A single-use second factor, stored hashed; `used_at` set once spent. */
export class RecoveryCode extends BaseModel {
  static override tableName = "recovery_codes";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];

  declare id: string;
  declare user_id: string;
  declare code_hash: string;
  declare created_at: string;
  declare used_at: string | null;
}
