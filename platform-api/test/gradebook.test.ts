import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Gradebook, GradebookStatistics, LearnerSubmissionList } from "@codeground/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { eventReader, expectError, startApi, type TestApi } from "./support/api.js";
import { insertCourseProblem } from "./support/courses.js";
import { describeEachDatabase } from "./support/databases.js";
import { learnerToken, ORIGIN, startSession } from "./support/embeds.js";

const password = "correct horse battery staple";
const HOUR = 3600 * 1000;

describeEachDatabase("the gradebook", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let receiver: Server;
  let receiverUrl = "";
  const received: { event: string; body: unknown }[] = [];
  let n = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ event: JSON.parse(body).type, body: JSON.parse(body) });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex, { allowPrivateProviderUrls: [receiverUrl] });
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  async function person(name: string) {
    const email = `${name}${++n}-${Date.now()}@example.com`;
    const { token, user } = await signUp(api, { email, password, displayName: name });
    return { email, token, id: user.id };
  }

  const iso = (ms: number) => new Date(ms).toISOString();

  /** A course with staff, two embed learners (Ada, Bob), a portal learner (Cy) and two assignments. */
  async function classroom() {
    const owner = await person("owner");
    const ta = await person("ta");
    const cy = await person("cy");
    const course = (await api.call("POST", "/api/v1/courses", { token: owner.token, body: { name: "CS 1" } }))
      .body;
    const invitation = await api.call("POST", `/api/v1/courses/${course.id}/invitations`, {
      token: owner.token,
      body: { email: ta.email, role: "ta" },
    });
    await api.call("POST", `/api/v1/invitations/${invitation.body.token}/accept`, { token: ta.token });
    await api.call("POST", "/api/v1/courses/join", { token: cy.token, body: { joinCode: course.joinCode } });
    const embed = (
      await api.call("POST", `/api/v1/courses/${course.id}/embeds`, {
        token: owner.token,
        body: { name: "Week 1", allowedOrigins: [ORIGIN], webhookUrl: receiverUrl },
      })
    ).body;
    const nowS = Math.floor(api.clock.now() / 1000);
    for (const [sub, name] of [
      ["ada", "Ada"],
      ["bob", '=HYPERLINK("x")'],
    ]) {
      const token = await learnerToken(embed.secretKey, { sub: `${sub}-${n}`, name }, { nowS });
      expect((await startSession(api, embed.publishableKey, { learnerToken: token })).status).toBe(201);
    }
    const at = iso(api.clock.now());
    const problem = async (slug: string) => ({
      id: await insertCourseProblem(api.db, { slug, authorId: owner.id, courseId: course.id, at }),
      slug,
    });
    const p1 = await problem(`gb-one-${n}`);
    const p2 = await problem(`gb-two-${n}`);
    const due = api.clock.now() + 24 * HOUR;
    const assignment = async (title: string, problems: { slug: string; points: number }[], extra = {}) => {
      const id = randomUUID();
      await api.db("assignments").insert({
        id,
        course_id: course.id,
        title,
        problems: JSON.stringify(problems),
        position: 0,
        tutor: "hints",
        created_at: at,
        updated_at: at,
        ...extra,
      });
      return id;
    };
    const a1 = await assignment(
      "Loops",
      [
        { slug: p1.slug, points: 10 },
        { slug: p2.slug, points: 20 },
      ],
      { due_at: iso(due), late_policy: JSON.stringify({ penaltyPerDay: 10 }) },
    );
    const a2 = await assignment("Warm-up", [{ slug: p1.slug, points: 5 }], { position: 1 });
    const ada = `sub:ada-${n}`;
    const bob = `sub:bob-${n}`;
    /** A judged submission, as the worker leaves it; the hidden test 2 failing unless accepted. */
    const submit = async (
      who: { learnerRef?: string; userId?: string },
      p: { id: string },
      assignmentId: string,
      verdict: string,
      createdAt: number,
    ) => {
      const id = randomUUID();
      await api.db("submissions").insert({
        id,
        problem_id: p.id,
        user_id: who.userId ?? null,
        embed_id: who.learnerRef ? embed.id : null,
        learner_ref: who.learnerRef ?? null,
        language: "python",
        code: `print(${JSON.stringify(verdict)})`,
        state: "done",
        verdict,
        created_at: iso(createdAt),
        finished_at: iso(createdAt + 1000),
        assignment_id: assignmentId,
      });
      await api.db("submission_results").insert([
        {
          id: randomUUID(),
          submission_id: id,
          ordinal: 1,
          verdict: "accepted",
          time_ms: 5,
          memory_kb: 1,
          hidden: false,
        },
        {
          id: randomUUID(),
          submission_id: id,
          ordinal: 2,
          name: "large input",
          verdict: verdict === "accepted" ? "accepted" : verdict,
          time_ms: 7,
          memory_kb: 1,
          hidden: true,
        },
      ]);
      return id;
    };
    return { owner, ta, cy, course, embed, p1, p2, a1, a2, due, ada, bob, submit };
  }

  it("scores each learner's cells: best verdict, attempts, first solved, late penalty, totals", async () => {
    const c = await classroom();
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "wrong_answer", c.due - 2 * HOUR);
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "accepted", c.due - HOUR);
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "accepted", c.due + HOUR);
    // Two days and a bit late: 20 points less 2 × 10 %.
    await c.submit({ learnerRef: c.ada }, c.p2, c.a1, "accepted", c.due + 30 * HOUR);
    await c.submit({ learnerRef: c.bob }, c.p1, c.a1, "time_limit_exceeded", c.due - HOUR);
    await c.submit({ learnerRef: c.bob }, c.p1, c.a1, "wrong_answer", c.due - HOUR / 2);
    await c.submit({ userId: c.cy.id }, c.p1, c.a2, "accepted", c.due);
    // Staff trying the assignment are not learners.
    await c.submit({ userId: c.owner.id }, c.p1, c.a1, "accepted", c.due - HOUR);

    const res = await api.call("GET", `/api/v1/courses/${c.course.id}/gradebook`, { token: c.ta.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const book = Gradebook.parse(res.body);
    expect(book.assignments.map((a) => [a.title, a.totalPoints])).toEqual([
      ["Loops", 30],
      ["Warm-up", 5],
    ]);
    const cell = (learner: string, assignment: string, problem: string) =>
      book.cells.find(
        (x) => x.learnerId === learner && x.assignmentId === assignment && x.problem === problem,
      );
    expect(cell(c.ada, c.a1, c.p1.slug)).toEqual({
      learnerId: c.ada,
      assignmentId: c.a1,
      problem: c.p1.slug,
      bestVerdict: "accepted",
      score: 10,
      attempts: 3,
      firstSolvedAt: iso(c.due - HOUR),
      late: false,
    });
    expect(cell(c.ada, c.a1, c.p2.slug)).toMatchObject({ score: 16, late: true, attempts: 1 });
    expect(cell(c.bob, c.a1, c.p1.slug)).toMatchObject({
      bestVerdict: "wrong_answer",
      score: 0,
      attempts: 2,
      firstSolvedAt: null,
      late: false,
    });
    expect(cell(`user:${c.cy.id}`, c.a2, c.p1.slug)).toMatchObject({ score: 5, late: false });
    expect(book.cells.some((x) => x.learnerId === `user:${c.owner.id}`)).toBe(false);
    const totals = Object.fromEntries(book.learners.map((l) => [l.id, l.total]));
    expect(totals).toEqual({ [c.ada]: 26, [c.bob]: 0, [`user:${c.cy.id}`]: 5 });
    expect(book.learners.find((l) => l.id === c.ada)).toMatchObject({ name: "Ada", kind: "embed" });

    // Narrowed to one assignment, or to learners matching a search.
    const warmUp = Gradebook.parse(
      (
        await api.call("GET", `/api/v1/courses/${c.course.id}/gradebook?assignment=${c.a2}`, {
          token: c.owner.token,
        })
      ).body,
    );
    expect(warmUp.assignments.map((a) => a.id)).toEqual([c.a2]);
    expect(warmUp.cells.every((x) => x.assignmentId === c.a2)).toBe(true);
    const search = Gradebook.parse(
      (await api.call("GET", `/api/v1/courses/${c.course.id}/gradebook?q=SUB:ADA`, { token: c.owner.token }))
        .body,
    );
    expect(search.learners.map((l) => l.id)).toEqual([c.ada]);
    expectError(
      await api.call("GET", `/api/v1/courses/${c.course.id}/gradebook?assignment=${randomUUID()}`, {
        token: c.owner.token,
      }),
      404,
      "assignment_not_found",
    );

    // The CSV holds the same numbers, and defuses a name a spreadsheet would run.
    const csv = await fetch(`${api.url}/api/v1/courses/${c.course.id}/gradebook.csv`, {
      headers: { Authorization: `Bearer ${c.ta.token}` },
    });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="gradebook-CS-1.csv"');
    const rows = (await csv.text()).trim().split("\r\n");
    expect(rows[0]).toBe(
      `Learner,Learner id,Loops: ${c.p1.slug} (10),Loops: ${c.p2.slug} (20),Warm-up: ${c.p1.slug} (5),Total`,
    );
    expect(rows).toContain(`Ada,${c.ada},10,16,0,26`);
    expect(rows).toContain(`"'=HYPERLINK(""x"")",${c.bob},0,0,0,0`);
    expect(rows).toContain(`cy,user:${c.cy.id},0,0,5,5`);
    expect(rows).toHaveLength(4);
  });

  it("keeps a learner in the gradebook, by name, after their sessions expire and are swept", async () => {
    const c = await classroom();
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "accepted", c.due - HOUR);
    // A day on, someone else opens the embed: every earlier session of it is expired and swept.
    api.clock.advance(24 * HOUR);
    const token = await learnerToken(
      c.embed.secretKey,
      { sub: `late-${n}`, name: "Late Comer" },
      { nowS: Math.floor(api.clock.now() / 1000) },
    );
    expect((await startSession(api, c.embed.publishableKey, { learnerToken: token })).status).toBe(201);
    expect(
      await api
        .db("embed_sessions")
        .where({ embed_id: c.embed.id })
        .whereNot({ learner_ref: `sub:late-${n}` }),
    ).toEqual([]);
    const book = Gradebook.parse(
      (await api.call("GET", `/api/v1/courses/${c.course.id}/gradebook`, { token: c.owner.token })).body,
    );
    expect(book.learners.map((l) => [l.id, l.name]).sort()).toEqual(
      [
        [c.ada, "Ada"],
        [c.bob, '=HYPERLINK("x")'],
        [`sub:late-${n}`, "Late Comer"],
        [`user:${c.cy.id}`, "cy"],
      ].sort(),
    );
    expect(book.learners.find((l) => l.id === c.ada)?.total).toBe(10);
  });

  it("keeps the gradebook to the course's staff: learners 403, strangers 404, learner tokens 403", async () => {
    const c = await classroom();
    const stranger = await person("stranger");
    for (const path of ["gradebook", "gradebook.csv", "gradebook/statistics", "gradebook/events"]) {
      const url = `/api/v1/courses/${c.course.id}/${path}`;
      expectError(await api.call("GET", url, { token: c.cy.token }), 403, "course_role_required");
      expectError(await api.call("GET", url, { token: stranger.token }), 404, "course_not_found");
    }
    expectError(
      await api.call(
        "GET",
        `/api/v1/courses/${c.course.id}/learners/${encodeURIComponent(c.ada)}/submissions`,
        {
          token: c.cy.token,
        },
      ),
      403,
    );
    const session = await startSession(api, c.embed.publishableKey);
    expectError(
      await api.call("GET", `/api/v1/courses/${c.course.id}/gradebook`, {
        token: session.body.token,
        headers: { Origin: ORIGIN },
      }),
      403,
      "learner_token_not_accepted",
    );
  });

  it("shows staff a learner's submissions with code and verdicts, never a hidden test's data", async () => {
    const c = await classroom();
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "wrong_answer", c.due - 2 * HOUR);
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "accepted", c.due + HOUR);
    const res = await api.call(
      "GET",
      `/api/v1/courses/${c.course.id}/learners/${encodeURIComponent(c.ada)}/submissions`,
      { token: c.ta.token },
    );
    const list = LearnerSubmissionList.parse(res.body);
    expect(list.map((s) => [s.verdict, s.late])).toEqual([
      ["accepted", true],
      ["wrong_answer", false],
    ]);
    expect(list[0]?.code).toBe('print("accepted")');
    expect(list[1]?.tests).toEqual([
      { ordinal: 1, name: null, hidden: false, verdict: "accepted", timeMs: 5 },
      { ordinal: 2, name: "large input", hidden: true, verdict: "wrong_answer", timeMs: 7 },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/"(input|expected|stdout)"/);
    expectError(
      await api.call("GET", `/api/v1/courses/${c.course.id}/learners/sub:nobody/submissions`, {
        token: c.ta.token,
      }),
      404,
      "learner_not_found",
    );
  });

  it("counts solve rates, median attempts and the hidden test that fails most", async () => {
    const c = await classroom();
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "wrong_answer", c.due - 3 * HOUR);
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "wrong_answer", c.due - 2 * HOUR);
    await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "accepted", c.due - HOUR);
    await c.submit({ learnerRef: c.bob }, c.p1, c.a1, "runtime_error", c.due - HOUR);
    const stats = GradebookStatistics.parse(
      (await api.call("GET", `/api/v1/courses/${c.course.id}/gradebook/statistics`, { token: c.ta.token }))
        .body,
    );
    expect(stats.find((s) => s.assignmentId === c.a1 && s.problem === c.p1.slug)).toEqual({
      assignmentId: c.a1,
      problem: c.p1.slug,
      learnersAttempted: 2,
      learnersSolved: 1,
      solveRate: 0.5,
      medianAttempts: 2,
      hardestHiddenTest: { ordinal: 2, name: "large input", failures: 3 },
    });
    expect(stats.find((s) => s.assignmentId === c.a1 && s.problem === c.p2.slug)).toMatchObject({
      learnersAttempted: 0,
      solveRate: 0,
      medianAttempts: null,
      hardestHiddenTest: null,
    });
  });

  it("sends changed cells live to watching staff, and grade.updated and assignment.completed to the site", async () => {
    const c = await classroom();
    const controller = new AbortController();
    const stream = await fetch(`${api.url}/api/v1/courses/${c.course.id}/gradebook/events`, {
      headers: { Authorization: `Bearer ${c.owner.token}` },
      signal: controller.signal,
    });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const events = eventReader(stream);
    // biome-ignore lint/suspicious/noExplicitAny: events are read as the wire has them
    const nextEvent = (name: string) => events.next(name) as Promise<any>;
    await nextEvent("ready");
    const finished = (id: string) =>
      api.app.submissions.events.emit("finished", { id } as never, {
        userId: null,
        embedId: c.embed.id,
        learnerRef: c.ada,
      });

    const first = await c.submit({ learnerRef: c.ada }, c.p1, c.a1, "accepted", c.due - HOUR);
    finished(first);
    expect(await nextEvent("cell")).toMatchObject({ learnerId: c.ada, problem: c.p1.slug, score: 10 });
    const second = await c.submit({ learnerRef: c.ada }, c.p2, c.a1, "accepted", c.due - HOUR / 2);
    finished(second);
    expect(await nextEvent("cell")).toMatchObject({ learnerId: c.ada, problem: c.p2.slug, score: 20 });
    controller.abort();

    const deliveries = async () =>
      api
        .db("webhook_deliveries")
        .where({ embed_id: c.embed.id })
        .orderBy("created_at")
        .select("event", "payload");
    let rows = await deliveries();
    for (let i = 0; i < 50 && rows.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await deliveries();
    }
    expect(rows.map((r) => r.event).sort()).toEqual([
      "assignment.completed",
      "grade.updated",
      "grade.updated",
    ]);
    const completed = JSON.parse(rows.find((r) => r.event === "assignment.completed")?.payload);
    expect(completed.data).toMatchObject({
      courseId: c.course.id,
      assignmentId: c.a1,
      learnerId: c.ada,
      score: 30,
      totalPoints: 30,
      late: false,
    });
    // Signed and posted to the course site.
    for (let i = 0; i < 50 && received.filter((r) => r.event === "assignment.completed").length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(received.map((r) => r.event)).toContain("assignment.completed");
  });
});
