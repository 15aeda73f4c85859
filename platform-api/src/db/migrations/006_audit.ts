import type { Knex } from "knex";

export const name = "006_audit";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("audit_log", (t) => {
    // An integer sequence, not a UUID: the hash chain follows insertion order.
    t.increments("id");
    t.string("created_at", 30).notNullable();
    // No foreign key: the log outlives the users it names.
    t.string("actor_id", 36).nullable();
    t.string("actor_type", 16).notNullable();
    t.string("action", 64).notNullable().index();
    t.string("target_type", 32).nullable();
    t.string("target_id", 255).nullable();
    t.string("ip", 64).nullable();
    t.string("user_agent", 512).nullable();
    t.string("request_id", 128).nullable();
    t.text("details").notNullable();
    // Unique: two writers appending after the same entry would fork the chain; the second one fails
    // and retries on the new tail.
    t.string("prev_hash", 64).notNullable().unique();
    t.string("hash", 64).notNullable().unique();
    t.index(["actor_id", "id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("audit_log");
}
