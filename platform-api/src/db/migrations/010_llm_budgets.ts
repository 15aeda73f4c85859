import type { Knex } from "knex";

export const name = "010_llm_budgets";

/** Monthly token budgets for keys and sponsoring embeds, and usage attributable to an embed. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("api_keys", (t) => {
    // Tokens (in + out) this key may spend per calendar month (UTC); null: no limit.
    t.integer("monthly_token_budget").nullable();
  });
  await knex.schema.alterTable("usage", (t) => {
    // No foreign key: usage history outlives the embed, and SQL Server allows one cascade path.
    t.string("embed_id", 36).nullable();
    // The provider reported no token counts; these were estimated from the text.
    t.boolean("estimated").notNullable().defaultTo(false);
    t.index(["api_key_id", "created_at"], "usage_key_created_index");
    t.index(["embed_id", "created_at"], "usage_embed_created_index");
  });
  await knex.schema.alterTable("embeds", (t) => {
    // The embed owner's key pays for its learners' tutor chats.
    t.boolean("chat_sponsored").notNullable().defaultTo(false);
    t.integer("chat_monthly_token_budget").nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("embeds", (t) => {
    t.dropColumns("chat_sponsored", "chat_monthly_token_budget");
  });
  await knex.schema.alterTable("usage", (t) => {
    t.dropIndex(["embed_id", "created_at"], "usage_embed_created_index");
    t.dropIndex(["api_key_id", "created_at"], "usage_key_created_index");
    t.dropColumns("embed_id", "estimated");
  });
  await knex.schema.alterTable("api_keys", (t) => {
    t.dropColumn("monthly_token_budget");
  });
}
