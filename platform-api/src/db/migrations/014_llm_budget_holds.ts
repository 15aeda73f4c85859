import type { Knex } from "knex";

export const name = "014_llm_budget_holds";

/**
 * Tokens set aside for tutor calls under way: a monthly budget counts what was spent plus what is
 * held, so two calls that start together cannot both pass a check that only one of them fits.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("llm_budget_holds", (t) => {
    t.string("id", 36).notNullable().primary();
    // One of the two: the key's budget or a sponsoring embed's. No foreign keys: a hold is
    // short-lived and outlives nothing; one left behind by a crash expires on its own.
    t.string("api_key_id", 36).nullable();
    t.string("embed_id", 36).nullable();
    t.integer("tokens").notNullable();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).notNullable();
    t.index(["api_key_id", "expires_at"], "llm_budget_holds_key_index");
    t.index(["embed_id", "expires_at"], "llm_budget_holds_embed_index");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("llm_budget_holds");
}
