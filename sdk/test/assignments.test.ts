import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, PermissionError, ValidationError } from "../src/index.js";
import { newAccount, PY_SUM, startTestApi, sumProblem, type TestApi } from "./support/api.js";

describe("cg.assignments against the real platform API", () => {
  let api: TestApi;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ api, close } = await startTestApi());
  });
  afterAll(async () => {
    await close?.();
  });

  it("creates a timed assignment, runs a learner's attempt and submits in it until time is up", async () => {
    const owner = await newAccount(api, "author");
    const learner = await newAccount(api);
    const problem = await owner.cg.problems.create(sumProblem());
    const course = await owner.cg.courses.create({ name: "Exams" });
    await learner.cg.courses.join(course.joinCode ?? "");

    const exam = await owner.cg.assignments.create(course.id, {
      title: "Midterm",
      problems: [{ slug: problem.slug, points: 100 }],
      timeLimitMinutes: 30,
    });
    expect(exam).toMatchObject({ courseId: course.id, title: "Midterm", tutor: "off", timeLimitMinutes: 30 });
    await expect(
      owner.cg.assignments.create(course.id, {
        title: "Backwards",
        problems: [{ slug: problem.slug, points: 1 }],
        opensAt: "2030-02-01T00:00:00Z",
        dueAt: "2030-01-01T00:00:00Z",
      }),
    ).rejects.toBeInstanceOf(ValidationError);

    const [listed] = await learner.cg.assignments.list(course.id);
    expect(listed).toMatchObject({ id: exam.id, status: "not_started", attempt: null });
    await expect(learner.cg.assignments.attempt(exam.id)).rejects.toBeInstanceOf(NotFoundError);
    const attempt = await learner.cg.assignments.start(exam.id);
    expect(attempt).toMatchObject({ assignmentId: exam.id, timeLeftSeconds: 1800 });
    api.clock.advance(5 * 60_000);
    expect(await learner.cg.assignments.start(exam.id)).toEqual({ ...attempt, timeLeftSeconds: 1500 });
    expect((await learner.cg.assignments.attempt(exam.id)).endsAt).toBe(attempt.endsAt);

    const submission = await learner.cg.submissions.create(problem.slug, {
      language: "python",
      code: PY_SUM,
      assignmentId: exam.id,
    });
    expect(submission.assignmentId).toBe(exam.id);

    api.clock.advance(26 * 60_000);
    const late = await learner.cg.submissions
      .create(problem.slug, { language: "python", code: PY_SUM, assignmentId: exam.id })
      .catch((err: unknown) => err);
    expect(late).toBeInstanceOf(PermissionError);
    expect(late).toMatchObject({ code: "attempt_over" });
    expect((await learner.cg.assignments.get(exam.id)).status).toBe("attempt_over");

    const homework = await owner.cg.assignments.create(course.id, {
      title: "Homework",
      problems: [{ slug: problem.slug, points: 10 }],
    });
    await expect(learner.cg.assignments.start(homework.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(learner.cg.assignments.update(homework.id, { title: "Mine" })).rejects.toBeInstanceOf(
      PermissionError,
    );
    expect(
      await owner.cg.assignments.update(homework.id, { title: "Homework 1", tutor: "open" }),
    ).toMatchObject({
      title: "Homework 1",
      tutor: "open",
    });
    await owner.cg.assignments.delete(homework.id);
    await expect(owner.cg.assignments.get(homework.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await owner.cg.assignments.list(course.id)).map((a) => a.title)).toEqual(["Midterm"]);
  });
});
