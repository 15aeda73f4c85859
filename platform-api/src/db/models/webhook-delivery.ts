import { BaseModel, type JsonValue, type TimestampColumn } from "./base-model.js";

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One webhook event for an embed, with its delivery attempts. */
export class WebhookDelivery extends BaseModel {
  static override tableName = "webhook_deliveries";
  static override timestamps: readonly TimestampColumn[] = ["created_at"];
  static override jsonAttributes = ["payload"];

  declare id: string;
  declare embed_id: string;
  declare submission_id: string | null;
  declare event: string;
  declare url: string;
  declare payload: JsonValue;
  declare status: WebhookDeliveryStatus;
  declare attempts: number;
  declare next_attempt_at: string | null;
  declare last_status_code: number | null;
  declare last_error: string | null;
  declare created_at: string;
  declare delivered_at: string | null;
}
