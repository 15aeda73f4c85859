import type { RelationMappings } from "objection";
import { BaseModel, type TimestampColumn } from "./base-model.js";
import { Message } from "./message.js";

export class Conversation extends BaseModel {
  static override tableName = "conversations";
  static override timestamps: readonly TimestampColumn[] = ["created_at", "updated_at"];

  declare id: string;
  declare user_id: string | null;
  declare embed_id: string | null;
  declare learner_ref: string | null;
  declare problem_id: string | null;
  declare created_at: string;
  declare updated_at: string;

  declare messages?: Message[];

  static override relationMappings = (): RelationMappings => ({
    messages: {
      relation: BaseModel.HasManyRelation,
      modelClass: Message,
      join: { from: "conversations.id", to: "messages.conversation_id" },
    },
  });
}
