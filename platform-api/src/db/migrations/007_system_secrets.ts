import type { Knex } from "knex";

export const name = "007_system_secrets";

/**
 * Secrets of the installation itself (the audit chain's HMAC key), sealed by the KMS vault like
 * users' secrets: someone who can write to the database cannot read or replace them unnoticed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("system_secrets", (t) => {
    t.string("id", 64).primary();
    // Bound into the envelope as its owner, like a user id elsewhere; always "system".
    t.string("owner", 16).notNullable().defaultTo("system");
    t.text("value").notNullable();
    t.string("created_at", 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("system_secrets");
}
