import type { Knex } from "knex";

export const name = "012_key_usage_counters";

/**
 * This month's usage kept on the key row, added to with each provider call: listing keys (every
 * request of a key manager) reads them with the keys instead of summing the usage records.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("api_keys", (t) => {
    // "2026-11": the calendar month (UTC) the counters are for; older counters read as zero.
    // 32-bit counts: two billion tokens a month per key is beyond any budget this product sets.
    t.string("usage_month", 7).nullable();
    t.integer("usage_requests").notNullable().defaultTo(0);
    t.integer("usage_input_tokens").notNullable().defaultTo(0);
    t.integer("usage_output_tokens").notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("api_keys", (t) => {
    t.dropColumns("usage_month", "usage_requests", "usage_input_tokens", "usage_output_tokens");
  });
}
