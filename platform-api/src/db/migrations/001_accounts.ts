import type { Knex } from "knex";

export const name = "001_accounts";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("users", (t) => {
    t.string("id", 36).notNullable().primary();
    // Stored lower-case (the User model folds it), so uniqueness ignores case on every database.
    t.string("email", 254).notNullable().unique();
    t.text("password_hash").notNullable();
    t.string("role", 16).notNullable().defaultTo("learner");
    t.string("display_name", 255).nullable();
    // An encrypted envelope (JSON), never the plaintext secret.
    t.text("totp_secret").nullable();
    t.string("totp_enabled_at", 30).nullable();
    // The last accepted TOTP time step: a code for this step or an earlier one is a replay.
    t.bigInteger("totp_last_step").nullable();
    t.integer("failed_logins").notNullable().defaultTo(0);
    t.string("locked_until", 30).nullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
  });

  await knex.schema.createTable("sessions", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("user_id", 36).notNullable().index().references("id").inTable("users").onDelete("CASCADE");
    // sha-256 hex of the session token; the token itself is never stored.
    t.string("token_hash", 64).notNullable().unique();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).notNullable();
    t.string("last_seen_at", 30).notNullable();
    t.string("ip", 64).nullable();
    t.string("user_agent", 512).nullable();
  });

  await knex.schema.createTable("mfa_challenges", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("user_id", 36).notNullable().index().references("id").inTable("users").onDelete("CASCADE");
    t.string("token_hash", 64).notNullable().unique();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
  });

  await knex.schema.createTable("personal_access_tokens", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("user_id", 36).notNullable().index().references("id").inTable("users").onDelete("CASCADE");
    t.string("name", 255).notNullable();
    t.string("token_hash", 64).notNullable().unique();
    // The token's first characters, so a person can tell their tokens apart; not enough to use one.
    t.string("prefix", 16).notNullable();
    t.text("scopes").notNullable();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).nullable();
    t.string("last_used_at", 30).nullable();
    t.string("revoked_at", 30).nullable();
  });

  await knex.schema.createTable("recovery_codes", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("user_id", 36).notNullable().index().references("id").inTable("users").onDelete("CASCADE");
    t.string("code_hash", 128).notNullable();
    t.string("created_at", 30).notNullable();
    t.string("used_at", 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["recovery_codes", "personal_access_tokens", "mfa_challenges", "sessions", "users"]) {
    await knex.schema.dropTable(table);
  }
}
