import { BaseModel, type TimestampColumn } from "./base-model.js";

export class UserPreference extends BaseModel {
  static override tableName = "user_preferences";
  static override idColumn = "user_id";
  static override generateId = false;
  static override timestamps: readonly TimestampColumn[] = ["updated_at"];
  static override jsonAttributes = ["keys"];

  declare user_id: string;
  /** Which API key serves which task: `{ chat: "<api key id>", feedback: "<api key id>" }`. */
  declare keys: Record<string, string>;
  /** How far the tutor goes for this user on the portal; null: the default (open). */
  declare tutor_policy: "hints" | "open" | null;
  declare updated_at: string;
}
