import { BaseModel, type TimestampColumn } from "./base-model.js";

/** Tokens one AI call spent, and on which key. */
export class Usage extends BaseModel {
  static override tableName = "usage";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];
  static override booleanAttributes = ["estimated"];

  declare id: string;
  declare user_id: string;
  /** Null once the key is deleted: the history stays. */
  declare api_key_id: string | null;
  declare task: string;
  declare provider: string;
  declare model: string;
  declare input_tokens: number;
  declare output_tokens: number;
  /** The embed that sponsored the call, when one did (no foreign key: history outlives it). */
  declare embed_id: string | null;
  /** The provider reported no token counts; these were estimated from the text. */
  declare estimated: boolean;
  declare created_at: string;
}
