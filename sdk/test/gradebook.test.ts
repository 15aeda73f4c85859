import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermissionError } from "../src/index.js";
import { newAccount, startTestApi, type TestApi } from "./support/api.js";

describe("cg.gradebook against the real platform API", () => {
  let api: TestApi;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ api, close } = await startTestApi());
  });
  afterAll(async () => {
    await close?.();
  });

  it("reads the grid, exports CSV, and follows changed cells", async () => {
    const owner = await newAccount(api);
    const learner = await newAccount(api);
    const course = await owner.cg.courses.create({ name: "Graphs" });
    await learner.cg.courses.join(course.joinCode ?? "");
    const at = new Date(api.clock.now()).toISOString();
    const problemId = randomUUID();
    await api.db("problems").insert({
      id: problemId,
      slug: "sdk-gradebook",
      title: "sdk-gradebook",
      statement: "",
      difficulty: "easy",
      languages: "[]",
      limits: "{}",
      judge: "{}",
      starter: "{}",
      author_id: owner.session.user.id,
      course_id: course.id,
      visibility: "private",
      created_at: at,
      updated_at: at,
    });
    const assignmentId = randomUUID();
    await api.db("assignments").insert({
      id: assignmentId,
      course_id: course.id,
      title: "BFS",
      problems: JSON.stringify([{ slug: "sdk-gradebook", points: 4 }]),
      tutor: "hints",
      created_at: at,
      updated_at: at,
    });
    const submit = async (verdict: string) => {
      const id = randomUUID();
      await api.db("submissions").insert({
        id,
        problem_id: problemId,
        user_id: learner.session.user.id,
        language: "python",
        code: "print(1)",
        state: "done",
        verdict,
        created_at: new Date(api.clock.now()).toISOString(),
        assignment_id: assignmentId,
      });
      api.clock.advance(1000);
      return id;
    };
    await submit("wrong_answer");

    const book = await owner.cg.gradebook.get(course.id);
    expect(book.cells).toEqual([
      expect.objectContaining({
        learnerId: `user:${learner.session.user.id}`,
        bestVerdict: "wrong_answer",
        score: 0,
      }),
    ]);
    expect(await owner.cg.gradebook.csv(course.id)).toContain("BFS: sdk-gradebook (4)");
    await expect(learner.cg.gradebook.get(course.id)).rejects.toBeInstanceOf(PermissionError);

    const controller = new AbortController();
    const watching = owner.cg.gradebook
      .watch(course.id, { signal: controller.signal })
      [Symbol.asyncIterator]();
    const next = watching.next();
    // The stream is open once the server said `ready`; give it a moment, then judge one more.
    await new Promise((r) => setTimeout(r, 300));
    const accepted = await submit("accepted");
    api.app.submissions.events.emit("finished", { id: accepted } as never, {
      userId: learner.session.user.id,
      embedId: null,
      learnerRef: null,
    });
    const cell = await next;
    expect(cell.value).toMatchObject({ bestVerdict: "accepted", score: 4, attempts: 2 });
    controller.abort();
    await watching.return?.(undefined);
  });
});
