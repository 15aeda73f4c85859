import { randomUUID } from "node:crypto";
import { Assignment, AssignmentAttempt, LearnerAssignment, ProblemDocument } from "@codeground/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { insertProblem } from "../src/services/problems/problem-store.js";
import { iso } from "../src/services/shared/clock.js";
import type { LlmChunk, LlmGateway, LlmRequest } from "../src/services/tutor/llm/index.js";
import { tutorSystemMessage } from "../src/services/tutor/tutor-policy.js";
import { signUp } from "./support/accounts.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { describeEachDatabase } from "./support/databases.js";
import { learnerToken, ORIGIN, startSession } from "./support/embeds.js";

const password = "correct horse battery staple";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const problem = (slug: string, overrides: Record<string, unknown> = {}) =>
  ProblemDocument.parse({
    slug,
    title: `Problem ${slug}`,
    statement: "Print a + b.",
    difficulty: "easy",
    languages: ["python"],
    judge: { mode: "stdio", compare: "tokens" },
    tests: [{ input: "1 2\n", expected: "3\n", sample: true }],
    ...overrides,
  });

const SUM = "asg-sum";
const PRODUCT = "asg-product";
const ELSEWHERE = "asg-elsewhere";
const PY = "print(sum(map(int, input().split())))\n";

/** A gateway that records every tutor request and answers with a fixed reply. */
function fakeGateway() {
  const requests: LlmRequest[] = [];
  const gateway: LlmGateway = {
    async *stream(r): AsyncIterable<LlmChunk> {
      requests.push(r);
      yield { type: "text", text: "Think about the input." };
      yield {
        type: "done",
        usage: { inputTokens: 3, outputTokens: 4 },
        keyId: "k",
        provider: "openai",
        model: "m",
      };
    },
    async complete(r) {
      requests.push(r);
      return {
        text: "{}",
        usage: { inputTokens: 1, outputTokens: 1 },
        keyId: "k",
        provider: "openai",
        model: "m",
      };
    },
  };
  return { gateway, requests, last: () => requests[requests.length - 1] as LlmRequest };
}

describeEachDatabase("assignments", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let llm: ReturnType<typeof fakeGateway>;
  let n = 0;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    await database.knex.transaction(async (trx) => {
      for (const slug of [SUM, PRODUCT, ELSEWHERE])
        await insertProblem(trx, problem(slug), null, iso(Date.now()));
    });
    llm = fakeGateway();
    api = await startApi(database.knex, { llm: llm.gateway, chat: { messagesPerMinute: 1000 } });
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  const at = (offsetMs = 0) => iso(api.clock.now() + offsetMs);

  async function person(name = "user") {
    const email = `${name}${++n}-${Date.now()}@example.com`;
    const { token, user } = await signUp(api, { email, password });
    return { email, token, id: user.id };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  /** A course with an owner, an instructor and a TA (by invitation) and a learner (by join code). */
  async function staffedCourse() {
    const owner = await person("owner");
    const instructor = await person("instructor");
    const ta = await person("ta");
    const learner = await person("learner");
    const created = await api.call("POST", "/api/v1/courses", {
      token: owner.token,
      body: { name: "Exams" },
    });
    expect(created.status).toBe(201);
    const course = created.body as { id: string; joinCode: string };
    for (const [who, role] of [
      [instructor, "instructor"],
      [ta, "ta"],
    ] as const) {
      const invitation = await api.call("POST", `/api/v1/courses/${course.id}/invitations`, {
        token: owner.token,
        body: { email: who.email, role },
      });
      const accepted = await api.call("POST", `/api/v1/invitations/${invitation.body.token}/accept`, {
        token: who.token,
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    }
    const joined = await api.call("POST", "/api/v1/courses/join", {
      token: learner.token,
      body: { joinCode: course.joinCode },
    });
    expect(joined.body.role).toBe("learner");
    return { owner, instructor, ta, learner, course };
  }

  async function createAssignment(by: Person, courseId: string, body: Record<string, unknown>) {
    const res = await api.call("POST", `/api/v1/courses/${courseId}/assignments`, { token: by.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return Assignment.parse(res.body);
  }

  /** An embed of the course, sponsoring the tutor with the given embed policy. */
  async function courseEmbed(owner: Person, courseId: string, tutorPolicy: "hints" | "open" = "open") {
    const res = await api.call("POST", `/api/v1/courses/${courseId}/embeds`, {
      token: owner.token,
      body: { name: "Site", allowedOrigins: [ORIGIN], features: ["problem", "chat"], tutorPolicy },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await api.db("embeds").where({ id: res.body.id }).update({ chat_sponsored: true });
    return res.body as { id: string; publishableKey: string; secretKey: string };
  }

  /** A learner session the host site vouches for (`sub`), optionally working on an assignment. */
  async function embedLearner(
    embed: { publishableKey: string; secretKey: string },
    sub: string,
    assignment?: string,
  ) {
    const token = await learnerToken(embed.secretKey, { sub }, { nowS: Math.floor(api.clock.now() / 1000) });
    const res = await startSession(api, embed.publishableKey, {
      learnerToken: token,
      ...(assignment ? { assignment } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { token: string; assignmentId?: string | null; learner: { ref: string } };
  }

  const submit = (token: string, slug: string, extra: Record<string, unknown> = {}, origin = false) =>
    api.call("POST", `/api/v1/problems/${slug}/submissions`, {
      token,
      body: { language: "python", code: PY, ...extra },
      ...(origin ? { headers: { Origin: ORIGIN } } : {}),
    });

  const storedAssignment = async (submissionId: string) =>
    (await api.db("submissions").where({ id: submissionId }).first("assignment_id"))?.assignment_id ?? null;

  it("lets the owner and instructors create, list, change and delete assignments", async () => {
    const { owner, instructor, learner, course } = await staffedCourse();
    const homework = await createAssignment(owner, course.id, {
      title: "  Week 1  ",
      problems: [
        { slug: SUM, points: 10 },
        { slug: PRODUCT, points: 20 },
      ],
      dueAt: "2030-01-01T12:00:00+02:00",
      latePolicy: { acceptUntil: "2030-01-03T10:00:00Z", penaltyPerDay: 10 },
    });
    expect(homework).toMatchObject({
      courseId: course.id,
      title: "Week 1",
      position: 0,
      opensAt: null,
      dueAt: "2030-01-01T10:00:00.000Z",
      latePolicy: { acceptUntil: "2030-01-03T10:00:00.000Z", penaltyPerDay: 10 },
      timeLimitMinutes: null,
      tutor: "hints",
    });
    const exam = await createAssignment(instructor, course.id, {
      title: "Exam",
      problems: [{ slug: SUM, points: 100 }],
      timeLimitMinutes: 30,
    });
    expect(exam).toMatchObject({ position: 1, tutor: "off", timeLimitMinutes: 30 });
    const open = await createAssignment(instructor, course.id, {
      title: "Practice exam",
      problems: [{ slug: SUM, points: 1 }],
      timeLimitMinutes: 10,
      tutor: "open",
    });
    expect(open.tutor).toBe("open");

    const list = await api.call("GET", `/api/v1/courses/${course.id}/assignments`, { token: learner.token });
    expect(list.status).toBe(200);
    expect(list.body.map((a: LearnerAssignment) => a.title)).toEqual(["Week 1", "Exam", "Practice exam"]);
    const one = LearnerAssignment.parse(
      (await api.call("GET", `/api/v1/assignments/${homework.id}`, { token: learner.token })).body,
    );
    expect(one).toMatchObject({ ...homework, status: "open", attempt: null, late: false });

    const renamed = await api.call("PATCH", `/api/v1/assignments/${homework.id}`, {
      token: instructor.token,
      body: { title: "Week one", position: 5, latePolicy: null },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({
      title: "Week one",
      position: 5,
      latePolicy: null,
      dueAt: homework.dueAt,
    });
    const order = await api.call("GET", `/api/v1/courses/${course.id}/assignments`, { token: owner.token });
    expect(order.body.map((a: LearnerAssignment) => a.title)).toEqual(["Exam", "Practice exam", "Week one"]);

    // The changed assignment is checked as a whole: a late policy needs the due time it keeps.
    const bad = expectError(
      await api.call("PATCH", `/api/v1/assignments/${homework.id}`, {
        token: owner.token,
        body: { dueAt: null, latePolicy: { penaltyPerDay: 5 } },
      }),
      400,
      "invalid_request",
    );
    expect(bad.details).toEqual([{ path: "latePolicy", message: "a late policy needs a due time" }]);
    expectError(
      await api.call("PATCH", `/api/v1/assignments/${homework.id}`, {
        token: owner.token,
        body: { opensAt: "2031-01-01T00:00:00Z" },
      }),
      400,
    );
    expectError(
      await api.call("PATCH", `/api/v1/assignments/${homework.id}`, {
        token: owner.token,
        body: { problems: [{ slug: "no-such-problem", points: 1 }] },
      }),
      400,
      "unknown_problem",
    );
    const audited = await api.db("audit_log").where({ target_id: homework.id }).select("action");
    expect(audited.map((r) => r.action).sort()).toEqual(["assignment.created", "assignment.updated"]);

    // Deleting keeps the submissions and sessions, without the assignment.
    const embed = await courseEmbed(owner, course.id);
    const session = await embedLearner(embed, "student-1", exam.id);
    expect(session.assignmentId).toBe(exam.id);
    const staffTry = await submit(owner.token, SUM, { assignmentId: exam.id });
    expect(staffTry.status, JSON.stringify(staffTry.body)).toBe(202);
    expect(staffTry.body.assignmentId).toBe(exam.id);
    expect(await storedAssignment(staffTry.body.id)).toBe(exam.id);
    expect(
      (await api.call("DELETE", `/api/v1/assignments/${exam.id}`, { token: instructor.token })).status,
    ).toBe(204);
    expect(await storedAssignment(staffTry.body.id)).toBeNull();
    expect(await api.db("embed_sessions").where({ assignment_id: exam.id }).select()).toEqual([]);
    expectError(
      await api.call("GET", `/api/v1/assignments/${exam.id}`, { token: owner.token }),
      404,
      "assignment_not_found",
    );
    expect(
      (await api.call("GET", `/api/v1/submissions/${staffTry.body.id}`, { token: owner.token })).status,
    ).toBe(200);
  });

  it("refuses assignments that are not valid, naming what is wrong", async () => {
    const { owner, instructor, course } = await staffedCourse();
    const stranger = await person("stranger");
    const base = { title: "Week 2", problems: [{ slug: SUM, points: 10 }] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, title: " " }, "title"],
      [{ ...base, problems: [] }, "problems"],
      [
        { ...base, problems: Array.from({ length: 51 }, (_, i) => ({ slug: `p-${i}`, points: 1 })) },
        "problems",
      ],
      [
        {
          ...base,
          problems: [
            { slug: SUM, points: 1 },
            { slug: SUM, points: 2 },
          ],
        },
        "problems.1.slug",
      ],
      [{ ...base, problems: [{ slug: SUM, points: 1001 }] }, "problems.0.points"],
      [{ ...base, problems: [{ slug: SUM, points: 1.5 }] }, "problems.0.points"],
      [{ ...base, problems: [{ slug: "Not A Slug", points: 1 }] }, "problems.0.slug"],
      [{ ...base, opensAt: "2030-01-02T00:00:00Z", dueAt: "2030-01-01T00:00:00Z" }, "dueAt"],
      [{ ...base, dueAt: "tomorrow" }, "dueAt"],
      [{ ...base, latePolicy: { penaltyPerDay: 10 } }, "latePolicy"],
      [
        {
          ...base,
          dueAt: "2030-01-02T00:00:00Z",
          latePolicy: { acceptUntil: "2030-01-01T00:00:00Z", penaltyPerDay: 1 },
        },
        "latePolicy.acceptUntil",
      ],
      [
        { ...base, dueAt: "2030-01-02T00:00:00Z", latePolicy: { penaltyPerDay: 101 } },
        "latePolicy.penaltyPerDay",
      ],
      [{ ...base, timeLimitMinutes: 0 }, "timeLimitMinutes"],
      [{ ...base, timeLimitMinutes: 1441 }, "timeLimitMinutes"],
      [{ ...base, tutor: "chatty" }, "tutor"],
      [{ ...base, courseId: course.id }, ""],
    ];
    for (const [body, path] of cases) {
      const error = expectError(
        await api.call("POST", `/api/v1/courses/${course.id}/assignments`, { token: owner.token, body }),
        400,
        "invalid_request",
      );
      expect(
        (error.details as { path: string }[]).map((d) => d.path),
        JSON.stringify(body).slice(0, 200),
      ).toContain(path);
    }

    // Problems must exist and be the course's to use: public, the course's own, or by its staff.
    const unknown = expectError(
      await api.call("POST", `/api/v1/courses/${course.id}/assignments`, {
        token: owner.token,
        body: {
          ...base,
          problems: [
            { slug: SUM, points: 1 },
            { slug: "no-such-problem", points: 1 },
          ],
        },
      }),
      400,
      "unknown_problem",
    );
    expect(unknown.message).toContain('"no-such-problem"');
    expect(unknown.details).toEqual([
      { path: "problems.1.slug", message: expect.stringContaining("no-such-problem") },
    ]);
    await api.db.transaction(async (trx) => {
      await insertProblem(trx, problem(`private-${n}-a`, { visibility: "private" }), stranger.id, at());
      await insertProblem(trx, problem(`private-${n}-b`, { visibility: "private" }), instructor.id, at());
      await insertProblem(trx, problem(`private-${n}-c`, { visibility: "private" }), stranger.id, at());
    });
    await api
      .db("problems")
      .where({ slug: `private-${n}-c` })
      .update({ course_id: course.id });
    expectError(
      await api.call("POST", `/api/v1/courses/${course.id}/assignments`, {
        token: owner.token,
        body: { ...base, problems: [{ slug: `private-${n}-a`, points: 1 }] },
      }),
      400,
      "unknown_problem",
    );
    const own = await createAssignment(owner, course.id, {
      ...base,
      problems: [
        { slug: `private-${n}-b`, points: 1 },
        { slug: `private-${n}-c`, points: 2 },
      ],
    });
    expect(own.problems.map((p) => p.slug)).toEqual([`private-${n}-b`, `private-${n}-c`]);
  });

  it("answers 404 for another course's assignments and 403 to a TA's or a learner's writes", async () => {
    const { owner, ta, learner, course } = await staffedCourse();
    const assignment = await createAssignment(owner, course.id, {
      title: "Quiz",
      problems: [{ slug: SUM, points: 5 }],
      timeLimitMinutes: 20,
    });
    const other = await staffedCourse();
    const otherEmbed = await courseEmbed(other.owner, other.course.id);
    const outsider = await embedLearner(otherEmbed, "student-x");
    const stranger = await person("stranger");

    const routes: [string, string, unknown?][] = [
      ["GET", `/api/v1/assignments/${assignment.id}`],
      ["PATCH", `/api/v1/assignments/${assignment.id}`, { title: "mine" }],
      ["DELETE", `/api/v1/assignments/${assignment.id}`],
      ["POST", `/api/v1/assignments/${assignment.id}/attempts`],
      ["GET", `/api/v1/assignments/${assignment.id}/attempt`],
      ["GET", `/api/v1/assignments/${randomUUID()}`],
      ["GET", "/api/v1/assignments/not-an-id"],
    ];
    for (const [method, path, body] of routes) {
      for (const token of [stranger.token, other.owner.token, other.learner.token]) {
        expectError(
          await api.call(method, path, { token, ...(body ? { body } : {}) }),
          404,
          "assignment_not_found",
        );
      }
    }
    for (const [method, path] of [
      ["GET", `/api/v1/assignments/${assignment.id}`],
      ["POST", `/api/v1/assignments/${assignment.id}/attempts`],
    ] as const) {
      const res = await api.call(method, path, { token: outsider.token, headers: { Origin: ORIGIN } });
      expectError(res, 404, "assignment_not_found");
    }
    expectError(
      await submit(outsider.token, SUM, { assignmentId: assignment.id }, true),
      404,
      "assignment_not_found",
    );
    expectError(
      await submit(stranger.token, SUM, { assignmentId: assignment.id }),
      404,
      "assignment_not_found",
    );
    for (const [method, path, body] of [
      ["GET", `/api/v1/courses/${course.id}/assignments`],
      [
        "POST",
        `/api/v1/courses/${course.id}/assignments`,
        { title: "x", problems: [{ slug: SUM, points: 1 }] },
      ],
    ] as const) {
      expectError(
        await api.call(method, path, { token: stranger.token, ...(body ? { body } : {}) }),
        404,
        "course_not_found",
      );
    }

    const writes: [string, string, unknown?][] = [
      [
        "POST",
        `/api/v1/courses/${course.id}/assignments`,
        { title: "x", problems: [{ slug: SUM, points: 1 }] },
      ],
      ["PATCH", `/api/v1/assignments/${assignment.id}`, { title: "renamed" }],
      ["DELETE", `/api/v1/assignments/${assignment.id}`],
    ];
    for (const who of [ta, learner]) {
      for (const [method, path, body] of writes) {
        const res = await api.call(method, path, { token: who.token, ...(body ? { body } : {}) });
        expectError(res, 403, "course_role_required");
      }
    }
    const embed = await courseEmbed(owner, course.id);
    const inside = await embedLearner(embed, "student-1");
    for (const [method, path, body] of writes.slice(1)) {
      const res = await api.call(method, path, {
        token: inside.token,
        headers: { Origin: ORIGIN },
        ...(body ? { body } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // A TA reads everything; nothing changed.
    const read = await api.call("GET", `/api/v1/assignments/${assignment.id}`, { token: ta.token });
    expect(read.body).toMatchObject({ title: "Quiz", tutor: "off" });
  });

  it("shows learners the assignments that have opened, and refuses work before the opening", async () => {
    const { owner, ta, learner, course } = await staffedCourse();
    const now = await createAssignment(owner, course.id, {
      title: "Now",
      problems: [{ slug: SUM, points: 1 }],
    });
    const later = await createAssignment(owner, course.id, {
      title: "Later",
      problems: [{ slug: SUM, points: 1 }],
      opensAt: at(DAY),
      timeLimitMinutes: 60,
    });
    const titles = async (token: string) =>
      (await api.call("GET", `/api/v1/courses/${course.id}/assignments`, { token })).body.map(
        (a: LearnerAssignment) => a.title,
      );
    expect(await titles(learner.token)).toEqual(["Now"]);
    expect(await titles(ta.token)).toEqual(["Now", "Later"]);
    const early = LearnerAssignment.parse(
      (await api.call("GET", `/api/v1/assignments/${later.id}`, { token: learner.token })).body,
    );
    expect(early).toMatchObject({ status: "not_open", problems: [], opensAt: later.opensAt });
    expectError(
      await api.call("POST", `/api/v1/assignments/${later.id}/attempts`, { token: learner.token }),
      403,
      "assignment_not_open",
    );
    const refused = expectError(
      await submit(learner.token, SUM, { assignmentId: later.id }),
      403,
      "assignment_not_open",
    );
    expect(refused.message).toContain(later.opensAt as string);
    expect((await submit(learner.token, SUM, { assignmentId: now.id })).status).toBe(202);
    expectError(
      await submit(learner.token, PRODUCT, { assignmentId: now.id }),
      400,
      "problem_not_in_assignment",
    );

    api.clock.advance(DAY);
    expect(await titles(learner.token)).toEqual(["Now", "Later"]);
    const opened = await api.call("GET", `/api/v1/assignments/${later.id}`, { token: learner.token });
    expect(opened.body).toMatchObject({ status: "not_started", problems: later.problems });
  });

  it("runs a timed attempt: one clock, submissions within it, 403 attempt_over after it", async () => {
    const { owner, learner, course } = await staffedCourse();
    const exam = await createAssignment(owner, course.id, {
      title: "Exam",
      problems: [{ slug: SUM, points: 50 }],
      timeLimitMinutes: 30,
    });
    const path = `/api/v1/assignments/${exam.id}`;
    expectError(await submit(learner.token, SUM, { assignmentId: exam.id }), 403, "attempt_not_started");
    expectError(await api.call("GET", `${path}/attempt`, { token: learner.token }), 404, "attempt_not_found");

    const started = await api.call("POST", `${path}/attempts`, { token: learner.token });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const attempt = AssignmentAttempt.parse(started.body);
    expect(attempt).toEqual({
      assignmentId: exam.id,
      startedAt: at(),
      endsAt: at(30 * MINUTE),
      timeLeftSeconds: 1800,
    });
    expect(
      await api.db("assignment_attempts").where({ assignment_id: exam.id }).select("learner_key"),
    ).toEqual([{ learner_key: `user:${learner.id}` }]);

    api.clock.advance(10 * MINUTE);
    expect((await api.call("GET", `${path}/attempt`, { token: learner.token })).body).toEqual({
      ...attempt,
      timeLeftSeconds: 1200,
    });
    const again = await api.call("POST", `${path}/attempts`, { token: learner.token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ startedAt: attempt.startedAt, endsAt: attempt.endsAt });
    const view = await api.call("GET", path, { token: learner.token });
    expect(view.body).toMatchObject({
      status: "open",
      timeLeftSeconds: 1200,
      late: false,
      attempt: { endsAt: attempt.endsAt },
    });
    const inside = await submit(learner.token, SUM, { assignmentId: exam.id });
    expect(inside.status, JSON.stringify(inside.body)).toBe(202);
    expect(await storedAssignment(inside.body.id)).toBe(exam.id);

    api.clock.advance(20 * MINUTE + 1000);
    const over = expectError(
      await submit(learner.token, SUM, { assignmentId: exam.id }),
      403,
      "attempt_over",
    );
    expect(over.message).toContain(attempt.endsAt);
    const restarted = await api.call("POST", `${path}/attempts`, { token: learner.token });
    expect(restarted.status).toBe(200);
    expect(restarted.body).toEqual({ ...attempt, timeLeftSeconds: 0 });
    expect((await api.call("GET", path, { token: learner.token })).body).toMatchObject({
      status: "attempt_over",
    });
    expect(
      Number(
        (await api.db("assignment_attempts").where({ assignment_id: exam.id }).count({ n: "*" }).first())?.n,
      ),
    ).toBe(1);

    // An embed learner of the course has an attempt of their own, under their learner ref.
    const embed = await courseEmbed(owner, course.id);
    const student = await embedLearner(embed, "student-7");
    const theirs = await api.call("POST", `${path}/attempts`, {
      token: student.token,
      headers: { Origin: ORIGIN },
    });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    expect(theirs.body.timeLeftSeconds).toBe(1800);
    expect(
      await api
        .db("assignment_attempts")
        .where({ assignment_id: exam.id, learner_key: "sub:student-7" })
        .select("id"),
    ).toHaveLength(1);
    expect((await submit(student.token, SUM, { assignmentId: exam.id }, true)).status).toBe(202);

    const untimed = await createAssignment(owner, course.id, {
      title: "Homework",
      problems: [{ slug: SUM, points: 1 }],
    });
    expectError(
      await api.call("POST", `/api/v1/assignments/${untimed.id}/attempts`, { token: learner.token }),
      409,
      "assignment_untimed",
    );
  });

  it("ends an attempt when the assignment closes, if that comes before its time limit", async () => {
    const { owner, learner, course } = await staffedCourse();
    const exam = await createAssignment(owner, course.id, {
      title: "Short",
      problems: [{ slug: SUM, points: 1 }],
      dueAt: at(10 * MINUTE),
      timeLimitMinutes: 60,
    });
    const started = await api.call("POST", `/api/v1/assignments/${exam.id}/attempts`, {
      token: learner.token,
    });
    expect(started.body).toMatchObject({ endsAt: exam.dueAt, timeLeftSeconds: 600 });
  });

  it("accepts late work under a late policy until acceptUntil, and refuses it without one", async () => {
    const { owner, learner, course } = await staffedCourse();
    const lenient = await createAssignment(owner, course.id, {
      title: "Lenient",
      problems: [{ slug: SUM, points: 10 }],
      dueAt: at(HOUR),
      latePolicy: { acceptUntil: at(3 * DAY), penaltyPerDay: 10 },
    });
    const strict = await createAssignment(owner, course.id, {
      title: "Strict",
      problems: [{ slug: SUM, points: 10 }],
      dueAt: at(HOUR),
    });
    const forever = await createAssignment(owner, course.id, {
      title: "Forever",
      problems: [{ slug: SUM, points: 10 }],
      dueAt: at(HOUR),
      latePolicy: { penaltyPerDay: 50 },
    });
    const onTime = await submit(learner.token, SUM, { assignmentId: strict.id });
    expect(onTime.status).toBe(202);

    api.clock.advance(2 * HOUR);
    const late = await submit(learner.token, SUM, { assignmentId: lenient.id });
    expect(late.status, JSON.stringify(late.body)).toBe(202);
    expect(await storedAssignment(late.body.id)).toBe(lenient.id);
    expect(
      (await api.call("GET", `/api/v1/assignments/${lenient.id}`, { token: learner.token })).body,
    ).toMatchObject({
      status: "late",
      late: true,
      timeLeftSeconds: 0,
    });
    const closed = expectError(
      await submit(learner.token, SUM, { assignmentId: strict.id }),
      403,
      "assignment_closed",
    );
    expect(closed.message).toContain(strict.dueAt as string);
    expect(
      (await api.call("GET", `/api/v1/assignments/${strict.id}`, { token: learner.token })).body.status,
    ).toBe("closed");
    // Staff may still try the assignment out.
    expect((await submit(owner.token, SUM, { assignmentId: strict.id })).status).toBe(202);

    api.clock.advance(3 * DAY);
    const tooLate = expectError(
      await submit(learner.token, SUM, { assignmentId: lenient.id }),
      403,
      "assignment_closed",
    );
    expect(tooLate.message).toContain(lenient.latePolicy?.acceptUntil as string);
    expect((await submit(learner.token, SUM, { assignmentId: forever.id })).status).toBe(202);
  });

  it("makes a learner session's submissions count for its assignment", async () => {
    const { owner, course } = await staffedCourse();
    const week = await createAssignment(owner, course.id, {
      title: "Week",
      problems: [{ slug: SUM, points: 1 }],
    });
    const other = await createAssignment(owner, course.id, {
      title: "Other",
      problems: [{ slug: PRODUCT, points: 1 }],
    });
    const embed = await courseEmbed(owner, course.id);
    const session = await embedLearner(embed, "student-9", week.id);
    expect(session.assignmentId).toBe(week.id);
    expect(
      (await api.db("embed_sessions").where({ embed_id: embed.id }).first("assignment_id"))?.assignment_id,
    ).toBe(week.id);

    const inAssignment = await submit(session.token, SUM, {}, true);
    expect(inAssignment.status, JSON.stringify(inAssignment.body)).toBe(202);
    expect(inAssignment.body.assignmentId).toBe(week.id);
    expect(await storedAssignment(inAssignment.body.id)).toBe(week.id);
    // A problem outside the session's assignment is submitted on its own, or for the one named.
    const outside = await submit(session.token, ELSEWHERE, {}, true);
    expect(await storedAssignment(outside.body.id)).toBeNull();
    const named = await submit(session.token, PRODUCT, { assignmentId: other.id }, true);
    expect(await storedAssignment(named.body.id)).toBe(other.id);
    const view = await api.call("GET", `/api/v1/assignments/${week.id}`, {
      token: session.token,
      headers: { Origin: ORIGIN },
    });
    expect(view.status).toBe(200);
    expect(view.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);

    // Only an assignment of the embed's own course.
    const elsewhere = await staffedCourse();
    const foreign = await createAssignment(elsewhere.owner, elsewhere.course.id, {
      title: "Foreign",
      problems: [{ slug: SUM, points: 1 }],
    });
    const nowS = Math.floor(api.clock.now() / 1000);
    const token = await learnerToken(embed.secretKey, { sub: "student-9" }, { nowS });
    expectError(
      await startSession(api, embed.publishableKey, { learnerToken: token, assignment: foreign.id }),
      404,
      "assignment_not_found",
    );
    expectError(
      await startSession(api, embed.publishableKey, { learnerToken: token, assignment: "week-1" }),
      400,
    );
  });

  it("keeps the tutor to the assignment: off refuses before any provider call, hints forces hints", async () => {
    const { owner, learner, course } = await staffedCourse();
    const off = await createAssignment(owner, course.id, {
      title: "Closed book",
      problems: [{ slug: SUM, points: 1 }],
      tutor: "off",
    });
    const hints = await createAssignment(owner, course.id, {
      title: "Hints",
      problems: [{ slug: SUM, points: 1 }],
    });
    const embed = await courseEmbed(owner, course.id, "open");
    const talk = async (token: string, body: Record<string, unknown> = {}) => {
      const headers = { Origin: ORIGIN };
      const conversation = await api.call("POST", "/api/v1/chat/conversations", {
        token,
        headers,
        body: { problemSlug: SUM },
      });
      expect(conversation.status, JSON.stringify(conversation.body)).toBe(201);
      return api.call("POST", `/api/v1/chat/conversations/${conversation.body.id}/messages`, {
        token,
        headers,
        body: { content: "hint?", ...body },
      });
    };

    const before = llm.requests.length;
    const examinee = await embedLearner(embed, "student-3", off.id);
    const refused = expectError(await talk(examinee.token), 403, "tutor_off");
    expect(refused.message).toBe("The tutor is off during this assignment.");
    expect(llm.requests.length).toBe(before);

    const hinted = await embedLearner(embed, "student-4", hints.id);
    expect((await talk(hinted.token)).status).toBe(200);
    expect(llm.last().messages[0]?.content).toBe(tutorSystemMessage("hints"));
    // The same embed without an assignment keeps its own (open) policy; naming one applies it.
    const free = await embedLearner(embed, "student-5");
    expect((await talk(free.token)).status).toBe(200);
    expect(llm.last().messages[0]?.content).toBe(tutorSystemMessage("open"));
    expectError(await talk(free.token, { assignmentId: off.id }), 403, "tutor_off");

    // A portal learner: the named assignment, and a timed attempt running, whatever the message names.
    const calls = llm.requests.length;
    expectError(await talk(learner.token, { assignmentId: off.id }), 403, "tutor_off");
    const exam = await createAssignment(owner, course.id, {
      title: "Exam",
      problems: [{ slug: SUM, points: 1 }],
      timeLimitMinutes: 15,
    });
    expect(exam.tutor).toBe("off");
    expect((await talk(learner.token)).status).toBe(200);
    await api.call("POST", `/api/v1/assignments/${exam.id}/attempts`, { token: learner.token });
    expectError(await talk(learner.token), 403, "tutor_off");
    expect(llm.requests.length).toBe(calls + 1);
    api.clock.advance(16 * MINUTE);
    expect((await talk(learner.token)).status).toBe(200);
  });
});
