import { BaseModel, type JsonObject, type TimestampColumn } from "./base-model.js";

/** One entry of the hash-chained audit log. */
export class AuditLogEntry extends BaseModel {
  static override tableName = "audit_log";
  /** An auto-increment integer: the chain follows insertion order. */
  static override generateId = false;
  static override timestamps: readonly TimestampColumn[] = ["created_at"];
  static override jsonAttributes = ["details"];

  declare id: number;
  declare created_at: string;
  /** No foreign key: the log outlives the users it names. */
  declare actor_id: string | null;
  declare actor_type: string;
  declare action: string;
  declare target_type: string | null;
  declare target_id: string | null;
  declare ip: string | null;
  declare user_agent: string | null;
  declare request_id: string | null;
  declare details: JsonObject;
  /** The previous entry's `hash`. */
  declare prev_hash: string;
  declare hash: string;
}
