import { BaseModel, type TimestampColumn } from "./base-model.js";

/** Tokens one AI call spent, and on which key. */
export class Usage extends BaseModel {
  static override tableName = "usage";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];

  declare id: string;
  declare user_id: string;
  /** Null once the key is deleted: the history stays. */
  declare api_key_id: string | null;
  declare task: string;
  declare provider: string;
  declare model: string;
  declare input_tokens: number;
  declare output_tokens: number;
  declare created_at: string;
}
