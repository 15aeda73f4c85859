import type { Knex } from "knex";

export const name = "023_lti_deep_linking";

/**
 * LTI Deep Linking 2.0: `lti_deep_link_selections` binds a content selection to the deep linking
 * launch that asked for it. The picker page's form posts back to the tool under an unguessable id;
 * only its sha-256 is kept here. The row remembers where the answer goes (`deep_link_return_url`),
 * the platform's `data` to echo, what the platform accepts, and the course whose problems and
 * assignments may be chosen. Short-lived and single use (`used_at`): a used or expired id signs
 * nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("lti_deep_link_selections", (t) => {
    // sha-256 hex of the selection id in the picker's form action.
    t.string("id_hash", 64).notNullable().primary();
    t.string("registration_id", 36)
      .notNullable()
      .references("id")
      .inTable("lti_registrations")
      .onDelete("CASCADE");
    t.string("deployment_id", 255).notNullable();
    t.string("course_id", 36).notNullable().index().references("id").inTable("courses").onDelete("CASCADE");
    // The person who asked (`lti_users.id`), for the audit trail.
    t.string("lti_user_id", 36).nullable();
    t.string("return_url", 2048).notNullable();
    // The platform's opaque `data`, echoed in the response.
    t.text("data").nullable();
    // JSON: { acceptMultiple, acceptLineItem, targets } as the request's settings gave them.
    t.text("settings").notNullable();
    // The LMS page's origin (launch_presentation.return_url), the one site that may frame the answer.
    t.string("lms_origin", 2048).nullable();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).notNullable().index();
    t.string("used_at", 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("lti_deep_link_selections");
}
