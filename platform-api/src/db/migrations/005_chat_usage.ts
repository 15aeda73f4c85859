import type { Knex } from "knex";

export const name = "005_chat_usage";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("conversations", (t) => {
    t.string("id", 36).notNullable().primary();
    // NO ACTION: users already reach conversations through embeds (one cascade path per table on
    // SQL Server). deleteUser() deletes a user's own conversations first.
    t.string("user_id", 36).nullable().index().references("id").inTable("users").onDelete("NO ACTION");
    t.string("embed_id", 36).nullable().index().references("id").inTable("embeds").onDelete("CASCADE");
    t.string("learner_ref", 255).nullable();
    t.string("problem_id", 36).nullable().index().references("id").inTable("problems").onDelete("SET NULL");
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
  });

  await knex.schema.createTable("messages", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("conversation_id", 36)
      .notNullable()
      .index()
      .references("id")
      .inTable("conversations")
      .onDelete("CASCADE");
    t.string("role", 16).notNullable();
    t.text("content").notNullable();
    t.text("code").nullable();
    t.string("language", 32).nullable();
    t.text("usage").nullable();
    t.string("created_at", 30).notNullable();
  });

  await knex.schema.createTable("usage", (t) => {
    t.string("id", 36).notNullable().primary();
    // NO ACTION: users already reach usage through api_keys (SET NULL below), and SQL Server allows
    // one cascade path per table. deleteUser() deletes a user's usage first.
    t.string("user_id", 36).notNullable().references("id").inTable("users").onDelete("NO ACTION");
    // SET NULL: usage history outlives the key that paid for it.
    t.string("api_key_id", 36).nullable().index().references("id").inTable("api_keys").onDelete("SET NULL");
    t.string("task", 32).notNullable();
    t.string("provider", 32).notNullable();
    t.string("model", 255).notNullable();
    t.integer("input_tokens").notNullable();
    t.integer("output_tokens").notNullable();
    t.string("created_at", 30).notNullable();
    // Also serves lookups by user_id (its leading column).
    t.index(["user_id", "created_at"]);
  });

  await knex.schema.createTable("feedback", (t) => {
    t.string("id", 36).notNullable().primary();
    // NO ACTION: users already reach feedback through embeds and submissions (one cascade path per
    // table on SQL Server). deleteUser() deletes a user's feedback first.
    t.string("user_id", 36).notNullable().index().references("id").inTable("users").onDelete("NO ACTION");
    t.string("submission_id", 36)
      .nullable()
      .index()
      .references("id")
      .inTable("submissions")
      .onDelete("CASCADE");
    t.text("content").notNullable();
    t.string("created_at", 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["feedback", "usage", "messages", "conversations"]) {
    await knex.schema.dropTable(table);
  }
}
