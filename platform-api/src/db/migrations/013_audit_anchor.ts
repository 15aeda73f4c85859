import type { Knex } from "knex";

export const name = "013_audit_anchor";

/**
 * The audit chain's tail, kept apart from the rows: how many entries were ever appended and the
 * last one's hash, with an HMAC under the audit key. The hash chain shows a row edited or deleted
 * in the middle; this shows rows cut off the end, which a chain alone cannot. Filled in (`mac`)
 * by the first append or start after this migration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("audit_anchor", (t) => {
    t.integer("id").primary();
    t.bigInteger("entries").notNullable();
    t.integer("last_id").notNullable();
    t.string("last_hash", 64).notNullable();
    t.string("mac", 64).nullable();
    t.string("updated_at", 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("audit_anchor");
}
