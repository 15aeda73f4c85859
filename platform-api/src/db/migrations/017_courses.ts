import { randomBytes, randomUUID } from "node:crypto";
import type { Knex } from "knex";

export const name = "017_courses";

/** A join code as the courses service makes them: 10 characters of Crockford base32. */
function joinCode(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  return [...randomBytes(10)].map((b) => alphabet[b % 32]).join("");
}

/**
 * Courses: the workspace a teacher works in. Staff and learners are `course_members` (roles owner,
 * instructor, ta, learner); invitations are single-use links stored hashed. Embeds and problems
 * belong to a course. Existing ones move into a personal course of their owner, created here, so
 * nothing is lost.
 *
 * SQL Server allows one cascade path from a table to another: ownership lives in `course_members`
 * (not a `courses.owner_id` that would be a second path from users), and `problems.course_id` is
 * NO ACTION (courses → embeds → submissions and courses → problems → submissions would be two);
 * the courses service clears it before deleting a course.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("courses", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("name", 200).notNullable();
    t.string("join_code", 16).notNullable().unique();
    // A user's own course, made for the embeds and problems they had before courses existed.
    t.boolean("personal").notNullable().defaultTo(false);
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
  });
  await knex.schema.createTable("course_members", (t) => {
    t.string("course_id", 36).notNullable().references("id").inTable("courses").onDelete("CASCADE");
    t.string("user_id", 36).notNullable().index().references("id").inTable("users").onDelete("CASCADE");
    t.string("role", 16).notNullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.primary(["course_id", "user_id"]);
  });
  await knex.schema.createTable("course_invitations", (t) => {
    t.string("id", 36).notNullable().primary();
    t.string("course_id", 36).notNullable().index().references("id").inTable("courses").onDelete("CASCADE");
    t.string("email", 320).notNullable();
    t.string("role", 16).notNullable();
    // sha-256 hex of the invitation token (shown once, never stored).
    t.string("token_hash", 64).notNullable().unique();
    t.string("invited_by", 36).nullable();
    t.string("created_at", 30).notNullable();
    t.string("expires_at", 30).notNullable();
    t.string("accepted_at", 30).nullable();
    t.string("accepted_by", 36).nullable();
  });
  await knex.schema.alterTable("embeds", (t) => {
    t.string("course_id", 36).nullable().index().references("id").inTable("courses").onDelete("CASCADE");
  });
  await knex.schema.alterTable("problems", (t) => {
    t.string("course_id", 36).nullable().index().references("id").inTable("courses").onDelete("NO ACTION");
  });

  // Everyone who owns an embed or wrote a problem gets a personal course holding them.
  const embedOwners = await knex("embeds").distinct("owner_id as user_id");
  const authors = await knex("problems").whereNotNull("author_id").distinct("author_id as user_id");
  const userIds = [...new Set([...embedOwners, ...authors].map((r) => String(r.user_id)))];
  const at = new Date().toISOString();
  for (const userId of userIds) {
    const courseId = randomUUID();
    await knex("courses").insert({
      id: courseId,
      name: "Personal course",
      join_code: joinCode(),
      personal: true,
      created_at: at,
      updated_at: at,
    });
    await knex("course_members").insert({
      course_id: courseId,
      user_id: userId,
      role: "owner",
      created_at: at,
      updated_at: at,
    });
    await knex("embeds").where({ owner_id: userId }).update({ course_id: courseId });
    await knex("problems").where({ author_id: userId }).update({ course_id: courseId });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("problems", (t) => {
    t.dropForeign(["course_id"]);
    t.dropIndex(["course_id"]);
    t.dropColumn("course_id");
  });
  await knex.schema.alterTable("embeds", (t) => {
    t.dropForeign(["course_id"]);
    t.dropIndex(["course_id"]);
    t.dropColumn("course_id");
  });
  for (const table of ["course_invitations", "course_members", "courses"]) {
    await knex.schema.dropTable(table);
  }
}
