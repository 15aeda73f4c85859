import type { Knex } from "knex";

export const name = "024_lti_roster";

/**
 * Names and Role Provisioning: an LMS context keeps the membership service URL its launches name
 * (`https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice`), so staff can import its
 * roster later, outside a launch; and when the roster was last imported.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("lti_contexts", (t) => {
    t.string("memberships_url", 2048).nullable();
    t.string("roster_synced_at", 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("lti_contexts", (t) => {
    t.dropColumn("roster_synced_at");
    t.dropColumn("memberships_url");
  });
}
