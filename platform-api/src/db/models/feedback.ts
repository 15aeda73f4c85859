import { BaseModel, type TimestampColumn } from "./base-model.js";

export class Feedback extends BaseModel {
  static override tableName = "feedback";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];

  declare id: string;
  declare user_id: string;
  declare submission_id: string | null;
  /** JSON `{ strengths, improvements }`. */
  declare content: string;
  /** 0–100. */
  declare score: number | null;
  declare created_at: string;
}
