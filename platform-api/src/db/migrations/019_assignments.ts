import type { Knex } from "knex";

export const name = "019_assignments";

/**
 * Assignments: an ordered list of a course's problems with points, optional open and due times, a
 * late policy, an optional time limit per attempt and the tutor's reach while it is worked on.
 * `assignment_attempts` holds each learner's timed attempt (one per learner and assignment);
 * `learner_key` is `user:<id>` for a portal user, or the embed learner's ref as it is (`sub:…`,
 * `anon:…`), the same key the gradebook uses. Submissions and learner sessions name the assignment they belong to.
 *
 * `submissions.assignment_id` has no foreign key: courses already reach submissions through embeds
 * (SQL Server allows one cascade path), so deleting an assignment clears it in code.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("assignments", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("course_id", 36).notNullable().index().references("id").inTable("courses").onDelete("CASCADE");
    t.string("title", 200).notNullable();
    // JSON: [{ slug, points }], in the order learners see them.
    t.text("problems").notNullable();
    t.integer("position").notNullable().defaultTo(0);
    t.string("opens_at", 30).nullable();
    t.string("due_at", 30).nullable();
    // JSON: { acceptUntil?: ISO time, penaltyPerDay: percent }, or null for "nothing after the due time".
    t.text("late_policy").nullable();
    t.integer("time_limit_minutes").nullable();
    // open | hints | off while the assignment is worked on.
    t.string("tutor", 8).notNullable();
    t.string("created_by", 36).nullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
  });
  await knex.schema.createTable("assignment_attempts", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("assignment_id", 36).notNullable().references("id").inTable("assignments").onDelete("CASCADE");
    t.string("learner_key", 300).notNullable();
    t.string("started_at", 30).notNullable();
    t.string("ends_at", 30).notNullable();
    t.unique(["assignment_id", "learner_key"]);
  });
  await knex.schema.alterTable("submissions", (t) => {
    t.string("assignment_id", 36).nullable();
    // Covers the gradebook's grouped query: every column it reads, so it never visits the rows.
    t.index(
      ["assignment_id", "problem_id", "user_id", "learner_ref", "state", "verdict", "created_at"],
      "submissions_assignment_grades_index",
    );
  });
  await knex.schema.alterTable("embed_sessions", (t) => {
    t.string("assignment_id", 36).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("embed_sessions", (t) => {
    t.dropColumn("assignment_id");
  });
  await knex.schema.alterTable("submissions", (t) => {
    t.dropIndex(
      ["assignment_id", "problem_id", "user_id", "learner_ref", "state", "verdict", "created_at"],
      "submissions_assignment_grades_index",
    );
    t.dropColumn("assignment_id");
  });
  await knex.schema.dropTable("assignment_attempts");
  await knex.schema.dropTable("assignments");
}
