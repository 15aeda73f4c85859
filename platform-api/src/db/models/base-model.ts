import { randomUUID } from "node:crypto";
import { Model, type ModelOptions, type Pojo } from "objection";

/** A value that survives a JSON round trip: what the JSON text columns hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type TimestampColumn = "created_at" | "updated_at";

/** A timestamp as every `*_at` column stores it: ISO-8601 UTC with milliseconds, which sorts as text. */
export function isoTimestamp(date: Date = new Date()): string {
  return date.toISOString();
}

/**
 * What every table model shares: a UUID `id` made in code on insert, `created_at`/`updated_at`
 * filled when the caller left them out (a caller with its own clock sets them), and booleans read
 * back as booleans whatever the driver returns (SQLite 0/1, SQL Server bit).
 */
export class BaseModel extends Model {
  /** Whether an insert without an `id` gets `crypto.randomUUID()`. */
  static generateId = true;
  /** Which of `created_at`/`updated_at` the table has. */
  static timestamps: readonly TimestampColumn[] = [];
  /** Boolean columns, normalised to `true`/`false` when read. */
  static booleanAttributes: readonly string[] = [];

  override $beforeInsert(): void {
    const model = this.constructor as typeof BaseModel;
    const row = this as unknown as Record<string, unknown>;
    if (model.generateId && row.id === undefined) row.id = randomUUID();
    const now = isoTimestamp();
    for (const column of model.timestamps) {
      if (row[column] === undefined) row[column] = now;
    }
  }

  override $beforeUpdate(_opt: ModelOptions): void {
    const model = this.constructor as typeof BaseModel;
    const row = this as unknown as Record<string, unknown>;
    if (model.timestamps.includes("updated_at") && row.updated_at === undefined) {
      row.updated_at = isoTimestamp();
    }
  }

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    for (const attribute of (this.constructor as typeof BaseModel).booleanAttributes) {
      const value = parsed[attribute];
      if (typeof value === "number" || typeof value === "bigint")
        parsed[attribute] = value !== 0 && value !== 0n;
      else if (typeof value === "string") parsed[attribute] = value === "1" || value === "true";
    }
    return parsed;
  }
}
