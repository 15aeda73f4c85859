import type { Knex } from "knex";

export const name = "018_user_disabled";

/**
 * When an admin disabled the account (ISO time, as every time here); null while it may sign in.
 * No default in the column, so no default constraint to drop on SQL Server.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("users", (t) => {
    t.string("disabled_at", 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("users", (t) => {
    t.dropColumn("disabled_at");
  });
}
