import type { Knex } from "knex";

export const name = "026_email";

/**
 * Email: whether an address is verified and which language its mail speaks; single-use links for
 * verification, address changes and password resets (only their hashes); a durable outbox, its
 * bodies sealed (they carry those links); the notification switches; the notices already sent,
 * so one is sent once; and the browsers an account has signed in from.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("users", (t) => {
    t.string("email_verified_at", 30).nullable();
    /** The interface language the portal last used, for the account's mail (a BCP 47 tag). */
    t.string("locale", 35).nullable();
  });
  // Accounts made before verification existed signed up when nobody could verify: they keep working.
  await knex("users").update({ email_verified_at: knex.ref("created_at") });

  await knex.schema.createTable("email_tokens", (t) => {
    t.string("id", 36).primary();
    t.string("user_id", 36).notNullable().references("id").inTable("users").onDelete("CASCADE");
    /** `verify` (sign-up or send again), `change` (a new address), `reset` (the password). */
    t.string("purpose", 16).notNullable();
    t.string("token_hash", 64).notNullable().unique();
    /** The address the link was sent to: the one it verifies. */
    t.string("email", 320).notNullable();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).notNullable();
    t.string("used_at", 30).nullable();
    t.index(["user_id", "purpose"]);
  });

  await knex.schema.createTable("mail_outbox", (t) => {
    t.string("id", 36).primary();
    /** Whom it is about; null for mail to an address without an account (an invitation). */
    t.string("user_id", 36).nullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("kind", 48).notNullable();
    t.string("to_address", 320).notNullable();
    /** Subject, text and HTML, sealed by the vault: they may carry single-use links. */
    t.text("sealed").nullable();
    /** `pending`, `sent`, or `failed` (gave up after the last retry). */
    t.string("status", 16).notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.string("next_attempt_at", 30).notNullable();
    t.string("last_error", 512).nullable();
    t.string("created_at", 30).notNullable();
    t.string("sent_at", 30).nullable();
    t.index(["status", "next_attempt_at"]);
    t.index(["user_id"]);
  });

  await knex.schema.createTable("notification_settings", (t) => {
    t.string("user_id", 36).primary().references("id").inTable("users").onDelete("CASCADE");
    /** The switches, as JSON: `{ "keyExpiring": true, … }`; a missing one is on. */
    t.text("settings").notNullable();
    t.string("updated_at", 30).notNullable();
  });

  await knex.schema.createTable("notifications_sent", (t) => {
    t.string("id", 36).primary();
    t.string("user_id", 36).notNullable().references("id").inTable("users").onDelete("CASCADE");
    t.string("kind", 48).notNullable();
    /** What it was about, so it goes once: a key and its expiry, a budget, its month and threshold. */
    t.string("subject_key", 255).notNullable();
    t.string("sent_at", 30).notNullable();
    t.unique(["user_id", "kind", "subject_key"]);
  });

  await knex.schema.createTable("known_browsers", (t) => {
    t.string("id", 36).primary();
    t.string("user_id", 36).notNullable().references("id").inTable("users").onDelete("CASCADE");
    /** The hash of the browser's own random cookie, never the cookie. */
    t.string("browser_hash", 64).notNullable();
    t.string("user_agent", 512).nullable();
    t.string("first_seen_at", 30).notNullable();
    t.string("last_seen_at", 30).notNullable();
    t.unique(["user_id", "browser_hash"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("known_browsers");
  await knex.schema.dropTable("notifications_sent");
  await knex.schema.dropTable("notification_settings");
  await knex.schema.dropTable("mail_outbox");
  await knex.schema.dropTable("email_tokens");
  await knex.schema.alterTable("users", (t) => {
    t.dropColumn("locale");
    t.dropColumn("email_verified_at");
  });
}
