import type { Knex } from "knex";

export const name = "011_chat_tutor";

/** What the AI tutor's conversations and submission feedback need beyond the 005 tables. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("messages", (t) => {
    // complete | aborted (the learner left mid-reply) | failed (the provider failed): partial text kept.
    t.string("status", 16).nullable();
    // Position in the conversation (1, 2, …): orders messages written within the same millisecond.
    t.integer("seq").nullable();
  });
  await knex.schema.alterTable("user_preferences", (t) => {
    // hints | open: how far the tutor goes for this user on the portal; null: the default (open).
    t.string("tutor_policy", 16).nullable();
  });
  await knex.schema.alterTable("feedback", (t) => {
    // 0–100; the strengths and improvements are JSON in `content`.
    t.integer("score").nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("feedback", (t) => {
    t.dropColumn("score");
  });
  await knex.schema.alterTable("user_preferences", (t) => {
    t.dropColumn("tutor_policy");
  });
  await knex.schema.alterTable("messages", (t) => {
    t.dropColumns("status", "seq");
  });
}
