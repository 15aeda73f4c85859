import type { Knex } from "knex";

export const name = "002_vault";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("api_keys", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("user_id", 36).notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("name", 255).notNullable();
    t.string("provider", 32).notNullable();
    t.string("model", 255).nullable();
    // Encrypted envelopes (JSON): the data key is wrapped by the KMS master key named in kms_key_id.
    t.text("secret").notNullable();
    t.text("base_url").nullable();
    // Indexed so master-key rotation can find the rows still wrapped by an old key.
    t.string("kms_key_id", 255).notNullable().index();
    t.string("last4", 4).notNullable();
    t.string("fingerprint", 64).notNullable();
    t.string("expires_at", 30).nullable();
    t.string("last_used_at", 30).nullable();
    t.text("usage").notNullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    // Also serves lookups by user_id (its leading column).
    t.unique(["user_id", "name"]);
  });

  await knex.schema.createTable("user_preferences", (t) => {
    t.string("user_id", 36).notNullable().primary().references("id").inTable("users").onDelete("CASCADE");
    // Which API key serves which task: { "chat": "<api key id>", ... }.
    t.text("keys").notNullable();
    t.string("updated_at", 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("user_preferences");
  await knex.schema.dropTable("api_keys");
}
