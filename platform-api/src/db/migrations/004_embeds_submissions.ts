import type { Knex } from "knex";

export const name = "004_embeds_submissions";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("embeds", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("owner_id", 36).notNullable().index().references("id").inTable("users").onDelete("CASCADE");
    t.string("name", 255).notNullable();
    t.string("publishable_key", 64).notNullable().unique();
    // sha-256 hex of the secret key (shown once, never stored).
    t.string("secret_key_hash", 64).notNullable().unique();
    // An encrypted envelope (JSON) of the key that verifies learner tokens the host site signs.
    t.text("signing_secret").notNullable();
    t.text("allowed_origins").notNullable();
    t.text("features").notNullable();
    t.text("problems").nullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
  });

  await knex.schema.createTable("submissions", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("problem_id", 36).notNullable().index().references("id").inTable("problems").onDelete("CASCADE");
    // NO ACTION: users already reach submissions through embeds (and SQL Server allows one cascade
    // path per table). deleteUser() deletes a user's own submissions first.
    t.string("user_id", 36).nullable().references("id").inTable("users").onDelete("NO ACTION");
    t.string("embed_id", 36).nullable().index().references("id").inTable("embeds").onDelete("CASCADE");
    t.string("learner_ref", 255).nullable();
    t.string("language", 32).notNullable();
    t.text("code").notNullable();
    t.string("state", 16).notNullable();
    t.string("verdict", 32).nullable();
    t.integer("time_ms").nullable();
    t.integer("memory_kb").nullable();
    t.string("created_at", 30).notNullable();
    t.string("finished_at", 30).nullable();
    t.index(["user_id", "created_at"]);
  });

  await knex.schema.createTable("submission_results", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("submission_id", 36)
      .notNullable()
      .index()
      .references("id")
      .inTable("submissions")
      .onDelete("CASCADE");
    t.integer("ordinal").notNullable();
    t.string("verdict", 32).notNullable();
    t.integer("time_ms").notNullable().defaultTo(0);
    t.integer("memory_kb").notNullable().defaultTo(0);
    t.integer("exit_code").nullable();
    t.text("stdout").nullable();
    t.text("stderr").nullable();
    // A hidden test's input and output are never shown to the learner.
    t.boolean("hidden").notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["submission_results", "submissions", "embeds"]) {
    await knex.schema.dropTable(table);
  }
}
