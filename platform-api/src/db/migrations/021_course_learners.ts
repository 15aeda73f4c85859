import type { Knex } from "knex";

export const name = "021_course_learners";

/**
 * The learners a course has met through its embeds: one row per course and learner (`sub:…` from
 * a learner token, `anon:…` without one), with the name their token gave and when they were
 * first and last seen. Embed sessions expire and are swept; the gradebook's rows must not go with
 * them. Filled here from the sessions still stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("course_learners", (t) => {
    t.string("course_id", 36).notNullable().references("id").inTable("courses").onDelete("CASCADE");
    t.string("learner_ref", 255).notNullable();
    t.string("display_name", 255).nullable();
    t.string("first_seen_at", 30).notNullable();
    t.string("last_seen_at", 30).notNullable();
    t.primary(["course_id", "learner_ref"]);
  });
  const seen = (await knex("embed_sessions")
    .join("embeds", "embeds.id", "embed_sessions.embed_id")
    .whereNotNull("embeds.course_id")
    .groupBy("embeds.course_id", "embed_sessions.learner_ref")
    .select("embeds.course_id", "embed_sessions.learner_ref")
    .max({ display_name: "embed_sessions.display_name" })
    .min({ first_seen_at: "embed_sessions.created_at" })
    .max({ last_seen_at: "embed_sessions.created_at" })) as {
    course_id: string;
    learner_ref: string;
    display_name: string | null;
    first_seen_at: string;
    last_seen_at: string;
  }[];
  for (let i = 0; i < seen.length; i += 200) {
    await knex("course_learners").insert(seen.slice(i, i + 200));
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("course_learners");
}
