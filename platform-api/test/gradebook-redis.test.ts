import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRADEBOOK_CHANNEL } from "../src/services/courses/gradebook-live.js";
import { signUp } from "./support/accounts.js";
import { eventReader, startApi, type TestApi } from "./support/api.js";
import { insertCourseProblem } from "./support/courses.js";
import { databases } from "./support/databases.js";
import { learnerToken, ORIGIN, startSession } from "./support/embeds.js";
import { redisUnavailable, startRedis } from "./support/redis.js";

const sqlite = databases[0];
if (!sqlite) throw new Error("no SQLite target");
const describeRedis = redisUnavailable ? describe.skip : describe;

describeRedis(
  `the live gradebook across API instances through Redis${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
  () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    let a: TestApi;
    let b: TestApi;
    let destroy: () => Promise<void>;

    beforeAll(async () => {
      redis = await startRedis();
      const database = await sqlite.create();
      destroy = database.destroy;
      // Two instances on one database and one Redis, as behind a load balancer.
      a = await startApi(database.knex, { redis: redis.client() });
      b = await startApi(database.knex, { redis: redis.client() });
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await destroy?.();
      await redis?.stop();
    });

    it("streams a cell to staff on one instance when another judged the submission, ignoring malformed messages", async () => {
      const signup = await signUp(a, {
        email: `live-${Date.now()}@example.com`,
        password: "a live gradebook passphrase",
      });
      const owner = { token: signup.token, id: signup.user.id };
      const course = (await a.call("POST", "/api/v1/courses", { token: owner.token, body: { name: "CS 2" } }))
        .body;
      const embed = (
        await a.call("POST", `/api/v1/courses/${course.id}/embeds`, {
          token: owner.token,
          body: { name: "Week 1", allowedOrigins: [ORIGIN] },
        })
      ).body;
      const token = await learnerToken(
        embed.secretKey,
        { sub: "ada", name: "Ada" },
        { nowS: Math.floor(a.clock.now() / 1000) },
      );
      expect((await startSession(a, embed.publishableKey, { learnerToken: token })).status).toBe(201);
      const at = new Date(a.clock.now()).toISOString();
      const problemId = await insertCourseProblem(a.db, {
        slug: "live-one",
        authorId: owner.id,
        courseId: course.id,
        at,
      });
      const assignmentId = randomUUID();
      await a.db("assignments").insert({
        id: assignmentId,
        course_id: course.id,
        title: "Loops",
        problems: JSON.stringify([{ slug: "live-one", points: 10 }]),
        position: 0,
        tutor: "hints",
        created_at: at,
        updated_at: at,
      });

      // Staff watch on instance A.
      const controller = new AbortController();
      const stream = await fetch(`${a.url}/api/v1/courses/${course.id}/gradebook/events`, {
        headers: { Authorization: `Bearer ${owner.token}` },
        signal: controller.signal,
      });
      const events = eventReader(stream);
      const nextEvent = (name: string) => events.next(name);
      await nextEvent("ready");

      // Junk on the channel changes nothing and breaks nothing.
      await redis.client().publish(GRADEBOOK_CHANNEL, "not json");
      await redis
        .client()
        .publish(GRADEBOOK_CHANNEL, JSON.stringify({ courseId: course.id, cell: { score: "x" } }));

      // Instance B's judge finishes the submission.
      const id = randomUUID();
      await b.db("submissions").insert({
        id,
        problem_id: problemId,
        embed_id: embed.id,
        learner_ref: "sub:ada",
        language: "python",
        code: "print(1)",
        state: "done",
        verdict: "accepted",
        created_at: at,
        finished_at: at,
        assignment_id: assignmentId,
      });
      b.app.submissions.events.emit("finished", { id } as never, {
        userId: null,
        embedId: embed.id,
        learnerRef: "sub:ada",
      });
      const cell = await nextEvent("cell");
      expect(cell).toMatchObject({
        learnerId: "sub:ada",
        problem: "live-one",
        score: 10,
        bestVerdict: "accepted",
      });
      // Once: A heard it through Redis, not a second time from a local shortcut.
      expect(await events.pending(500)).not.toContain("event: cell");
      controller.abort();
      expect(a.logs.join("\n")).toContain("ignored a malformed message on the gradebook channel");
    });
  },
);
