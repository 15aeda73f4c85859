import type { Knex } from "knex";

export const name = "022_lti_scores";

/**
 * LTI Assignment and Grade Services: scores flow back to the LMS.
 *
 * - `lti_score_links`: what a learner's launch told of the link's line item (the AGS endpoint
 *   claim), per LMS user and resource link: the line item URL scores are posted to, the scopes the
 *   platform offers, and the Codeground assignment or problem the link opens. Updated on each launch.
 * - `lti_score_deliveries`: each score to post, a row first and a post second (like webhook
 *   deliveries): pending until posted, retried with backoff, `failed` after the last attempt,
 *   `skipped` when the course keeps the best score and this one is lower, `superseded` when a newer
 *   score for the same link was queued before it went out. The payload holds no credential.
 * - `courses.lti_score_policy`: `best` (never a lower score over a higher one) or `latest`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("lti_score_links", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("registration_id", 36)
      .notNullable()
      .references("id")
      .inTable("lti_registrations")
      .onDelete("CASCADE");
    // No foreign key: the person already reaches this table through the registration, and SQL
    // Server allows one cascade path; removed with the registration.
    t.string("lti_user_id", 36).notNullable();
    t.string("course_id", 36).notNullable().index().references("id").inTable("courses").onDelete("CASCADE");
    t.string("resource_link_id", 255).notNullable();
    t.string("assignment_id", 36).nullable();
    t.string("problem_slug", 100).nullable();
    t.string("lineitem_url", 2048).notNullable();
    // JSON: the AGS scopes the platform offered with this launch.
    t.text("scopes").notNullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.unique(["lti_user_id", "resource_link_id"]);
  });
  await knex.schema.createTable("lti_score_deliveries", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("link_id", 36).notNullable().references("id").inTable("lti_score_links").onDelete("CASCADE");
    // Reached through the link (gone with it); kept here for the staff's list.
    t.string("course_id", 36).notNullable();
    t.string("submission_id", 36).nullable();
    // JSON: the score as posted (application/vnd.ims.lis.v1.score+json).
    t.text("payload").notNullable();
    t.double("score_given").notNullable();
    t.double("score_maximum").notNullable();
    // pending | delivered | failed | skipped | superseded
    t.string("status", 12).notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.string("next_attempt_at", 30).nullable();
    t.integer("last_status_code").nullable();
    t.string("last_error", 500).nullable();
    t.string("created_at", 30).notNullable();
    t.string("delivered_at", 30).nullable();
    t.index(["status", "next_attempt_at"]);
    t.index(["course_id", "created_at"]);
    t.index(["link_id", "created_at"]);
  });
  await knex.schema.alterTable("courses", (t) => {
    t.string("lti_score_policy", 8).notNullable().defaultTo("best");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("courses", (t) => {
    t.dropColumn("lti_score_policy");
  });
  await knex.schema.dropTable("lti_score_deliveries");
  await knex.schema.dropTable("lti_score_links");
}
