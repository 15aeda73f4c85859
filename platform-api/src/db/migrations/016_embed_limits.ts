import type { Knex } from "knex";

export const name = "016_embed_limits";

/**
 * Each embed's hourly ceilings on what all its learners together may do: runs, submissions and
 * tutor messages. Null: the server's defaults. No defaults in the column, so no default
 * constraint to drop on SQL Server.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("embeds", (t) => {
    t.integer("runs_per_hour").nullable();
    t.integer("submissions_per_hour").nullable();
    t.integer("tutor_messages_per_hour").nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("embeds", (t) => {
    t.dropColumns("runs_per_hour", "submissions_per_hour", "tutor_messages_per_hour");
  });
}
