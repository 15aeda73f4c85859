import type { Knex } from "knex";

export const name = "008_judging_embeds";

/** What judged submissions, private problems, embed learner sessions and webhooks need. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("problems", (t) => {
    t.string("visibility", 16).notNullable().defaultTo("public");
    // JSON { language: code }: reference solutions, shown to the problem's authors only.
    t.text("solutions").nullable();
    // Bumped by every update; a submission records the version it was judged against.
    t.integer("version").notNullable().defaultTo(1);
  });

  await knex.schema.alterTable("problem_tests", (t) => {
    t.string("name", 100).nullable();
  });

  await knex.schema.alterTable("submissions", (t) => {
    t.integer("problem_version").nullable();
    // What went wrong for the learner to read (internal_error: sandbox down, ...).
    t.text("message").nullable();
    t.integer("attempts").notNullable().defaultTo(0);
    // Client-chosen key: a repeated POST with the same key answers the first submission.
    // Not a unique constraint: SQL Server's unique indexes allow only one NULL.
    t.string("idempotency_key", 100).nullable();
    t.string("started_at", 30).nullable();
    // A worker holds a running submission until then; past it, the submission is recovered.
    t.string("lease_until", 30).nullable();
    t.integer("passed").nullable();
    t.integer("total").nullable();
    t.index(["state", "created_at"]);
    t.index(["embed_id", "learner_ref", "created_at"]);
  });

  await knex.schema.alterTable("submission_results", (t) => {
    t.string("name", 100).nullable();
    t.integer("wall_ms").nullable();
    // Kept for sample tests only, so a past result still reads right after the problem changes.
    t.text("input").nullable();
    t.text("expected").nullable();
    t.text("message").nullable();
  });

  await knex.schema.alterTable("embeds", (t) => {
    t.integer("executions_per_minute").nullable();
    t.text("webhook_url").nullable();
    t.string("tutor_policy", 16).notNullable().defaultTo("hints");
    t.string("secret_rotated_at", 30).nullable();
  });

  // A learner inside an embed: anonymous per browser, or named by the host site's learner token.
  await knex.schema.createTable("embed_sessions", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("embed_id", 36).notNullable().index().references("id").inTable("embeds").onDelete("CASCADE");
    t.string("learner_ref", 255).notNullable();
    t.string("display_name", 255).nullable();
    // sha-256 hex of the bearer token; the token itself is never stored.
    t.string("token_hash", 64).notNullable().unique();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).notNullable();
  });

  await knex.schema.createTable("webhook_deliveries", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("embed_id", 36).notNullable().index().references("id").inTable("embeds").onDelete("CASCADE");
    // No foreign key: submissions already cascade from embeds (one cascade path per table on SQL Server).
    t.string("submission_id", 36).nullable().index();
    t.string("event", 64).notNullable();
    t.text("url").notNullable();
    t.text("payload").notNullable();
    // pending | delivered | failed
    t.string("status", 16).notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.string("next_attempt_at", 30).nullable();
    t.integer("last_status_code").nullable();
    t.text("last_error").nullable();
    t.string("created_at", 30).notNullable();
    t.string("delivered_at", 30).nullable();
    t.index(["status", "next_attempt_at"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("webhook_deliveries");
  await knex.schema.dropTable("embed_sessions");
  await knex.schema.alterTable("embeds", (t) => {
    t.dropColumns("executions_per_minute", "webhook_url", "tutor_policy", "secret_rotated_at");
  });
  await knex.schema.alterTable("submission_results", (t) => {
    t.dropColumns("name", "wall_ms", "input", "expected", "message");
  });
  await knex.schema.alterTable("submissions", (t) => {
    t.dropIndex(["state", "created_at"]);
    t.dropIndex(["embed_id", "learner_ref", "created_at"]);
    t.dropColumns(
      "problem_version",
      "message",
      "attempts",
      "idempotency_key",
      "started_at",
      "lease_until",
      "passed",
      "total",
    );
  });
  await knex.schema.alterTable("problem_tests", (t) => {
    t.dropColumn("name");
  });
  await knex.schema.alterTable("problems", (t) => {
    t.dropColumns("visibility", "solutions", "version");
  });
}
