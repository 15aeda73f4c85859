import { BaseModel, type JsonObject, type TimestampColumn } from "./base-model.js";

export type MessageRole = "user" | "assistant";

export class Message extends BaseModel {
  static override tableName = "messages";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];
  static override jsonAttributes = ["usage"];

  declare id: string;
  declare conversation_id: string;
  declare role: MessageRole;
  declare content: string;
  declare code: string | null;
  declare language: string | null;
  /** Token counts of the answer that produced this message, for assistant messages. */
  declare usage: JsonObject | null;
  /** `complete`, or `aborted` / `failed` for a reply cut short (its partial text kept). */
  declare status: "complete" | "aborted" | "failed" | null;
  /** Position in the conversation, from 1. */
  declare seq: number | null;
  declare created_at: string;
}
