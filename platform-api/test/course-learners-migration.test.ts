import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { migrations } from "../src/db/migrations/index.js";
import { describeEachDatabase } from "./support/databases.js";

describeEachDatabase("the course learners migration", (target) => {
  it("keeps every learner the course's embeds have sessions for, with their latest name and first and last visits", async () => {
    const database = await target.create({ migrate: false });
    try {
      const knex = database.knex;
      const index = migrations.findIndex((m) => m.name === "021_course_learners");
      for (const migration of migrations.slice(0, index)) await migration.up(knex);
      const at = (hour: number) => new Date(Date.UTC(2026, 10, 1, hour)).toISOString();
      const owner = randomUUID();
      await knex("users").insert({
        id: owner,
        email: "owner@example.com",
        password_hash: "h",
        role: "learner",
        created_at: at(0),
        updated_at: at(0),
      });
      const course = randomUUID();
      await knex("courses").insert({
        id: course,
        name: "CS 1",
        join_code: "ABCDEFGHJK",
        created_at: at(0),
        updated_at: at(0),
      });
      const embed = randomUUID();
      await knex("embeds").insert({
        id: embed,
        owner_id: owner,
        course_id: course,
        name: "Week 1",
        publishable_key: "pk_week1",
        secret_key_hash: "0".repeat(64),
        signing_secret: "{}",
        allowed_origins: "[]",
        features: '["problem"]',
        created_at: at(0),
        updated_at: at(0),
      });
      const session = (learner: string, name: string | null, hour: number) => ({
        id: randomUUID(),
        embed_id: embed,
        learner_ref: learner,
        display_name: name,
        token_hash: randomUUID().replace(/-/g, "").padEnd(64, "0"),
        created_at: at(hour),
        expires_at: at(hour + 1),
      });
      await knex("embed_sessions").insert([
        session("sub:ada", null, 1),
        session("sub:ada", "Ada", 3),
        session("sub:bob", "Bob", 2),
      ]);

      await migrations[index]?.up(knex);
      const rows = await knex("course_learners").orderBy("learner_ref").select();
      expect(rows).toEqual([
        {
          course_id: course,
          learner_ref: "sub:ada",
          display_name: "Ada",
          first_seen_at: at(1),
          last_seen_at: at(3),
        },
        {
          course_id: course,
          learner_ref: "sub:bob",
          display_name: "Bob",
          first_seen_at: at(2),
          last_seen_at: at(2),
        },
      ]);
      await migrations[index]?.down(knex);
      expect(await knex("embed_sessions").count({ n: "*" }).first()).toMatchObject({ n: expect.anything() });
      expect(Number((await knex("embed_sessions").count({ n: "*" }).first())?.n)).toBe(3);
    } finally {
      await database.destroy();
    }
  });
});
