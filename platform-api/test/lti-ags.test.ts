import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunResponse, SandboxRunner } from "@codeground/sandbox";
import { Course, LtiScoreDeliveryList } from "@codeground/sdk";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { expectError, PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { insertCourseProblem, insertPublicProblem } from "./support/courses.js";
import { describeEachDatabase } from "./support/databases.js";
import { signup } from "./support/embeds.js";
import { harvestSecrets } from "./support/leaks.js";
import {
  CLAIM,
  type LaunchRequest,
  type LtiPlatform,
  type RegistrationInfo,
  readAutoSubmitForm,
  startLtiPlatform,
} from "./support/lti-platform.js";

const HOUR = 3600_000;
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const RIGHT = "print(input())";
const WRONG = "print('wrong')";

/** Judges by the code: `WRONG` fails every test, anything else passes (judging is another suite's business). */
const codeSandbox: SandboxRunner = {
  async run(request) {
    const wrong = JSON.stringify(request).includes("wrong");
    const tests = (request.tests ?? []).map((t) => ({
      id: t.id,
      verdict: wrong ? ("wrong_answer" as const) : ("accepted" as const),
      timeMs: 1,
      memoryKb: 1,
      stdout: wrong ? "nope\n" : typeof t.expected === "string" ? t.expected : "",
      stderr: "",
      exitCode: 0,
    }));
    return { status: wrong ? "wrong_answer" : "accepted", tests } as RunResponse;
  },
  async languages() {
    return [];
  },
};

describeEachDatabase("LTI grade passback (AGS 2.0)", (target) => {
  let api: TestApi | undefined;
  let destroy: () => Promise<void>;
  let platform: LtiPlatform;
  let info: RegistrationInfo;
  let owner: { token: string; userId: string };
  let redirector: Server;
  let redirectorOrigin = "";
  let n = 0;

  beforeAll(async () => {
    // The platform keeps the API's clock, so tokens, id_tokens and assertions age together.
    platform = await startLtiPlatform({ now: () => api?.clock.now() ?? Date.now() });
    redirector = createServer((req, res) => {
      res.writeHead(307, { Location: `${platform.issuer}${req.url ?? "/"}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    redirectorOrigin = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex, {
      allowPrivateProviderUrls: [platform.issuer, redirectorOrigin],
      sandbox: codeSandbox,
    });
    owner = await signup(api, "author");
    info = platform.register({
      toolJwksUrl: `${api.url}/lti/jwks`,
      toolLoginUrl: `${api.url}/lti/login`,
      toolLaunchUrl: `${PUBLIC_URL}/lti/launch`,
    });
    const registered = await api.call("POST", "/api/v1/lti/registrations", {
      token: owner.token,
      body: {
        issuer: info.issuer,
        clientId: info.clientId,
        deploymentIds: [info.deploymentId],
        authLoginUrl: info.authUrl,
        authTokenUrl: info.tokenUrl,
        keysetUrl: info.jwksUrl,
      },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
    await platform?.close();
    await new Promise<void>((resolve) => redirector?.close(() => resolve()));
  });

  const live = () => api as TestApi;
  const iso = (ms: number) => new Date(ms).toISOString();

  /**
   * Login initiation at the tool, the platform's auth answer, and the form post to the launch;
   * `alter` may change the id_token's claims, which the platform then signs again.
   */
  async function launch(
    request: LaunchRequest,
    alter?: (claims: Record<string, unknown>) => void,
  ): Promise<{ status: number; html: string }> {
    const initiation = platform.loginInitiation(request);
    const login = await fetch(initiation.url, { redirect: "manual" });
    expect(login.status).toBe(302);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const auth = await fetch(login.headers.get("location") as string);
    const { fields } = readAutoSubmitForm(await auth.text());
    expect(fields.error).toBeUndefined();
    if (alter) {
      const claims = decodeJwt(fields.id_token as string) as Record<string, unknown>;
      alter(claims);
      fields.id_token = await platform.sign(claims);
    }
    const res = await fetch(`${live().url}/lti/launch`, {
      method: "POST",
      headers: { ...FORM, Cookie: cookie },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
    const html = await res.text();
    return { status: res.status, html };
  }

  /** An LMS course whose first (instructor) launch made its Codeground course, with problems and an assignment. */
  async function classroom(options: { dueInMs?: number } = {}) {
    const tag = `${++n}-${target.name}`;
    const context = { id: `ctx-${tag}`, title: `Algorithms ${tag}` };
    const teacher = await launch({
      user: { id: `teacher-${tag}`, name: "Prof" },
      roles: ["Instructor"],
      context,
      resourceLink: { id: `rl-teacher-${tag}` },
    });
    expect(teacher.status, teacher.html).toBe(200);
    const row = await live().db("lti_contexts").where({ context_id: context.id }).first("course_id");
    const courseId = String(row.course_id);
    const at = iso(live().clock.now());
    const p1 = `ags-one-${tag}`;
    const p2 = `ags-two-${tag}`;
    for (const slug of [p1, p2]) {
      await insertCourseProblem(live().db, { slug, authorId: owner.userId, courseId, at });
    }
    const assignmentId = randomUUID();
    const due = live().clock.now() + (options.dueInMs ?? 24 * HOUR);
    await live()
      .db("assignments")
      .insert({
        id: assignmentId,
        course_id: courseId,
        title: "Loops",
        problems: JSON.stringify([
          { slug: p1, points: 10 },
          { slug: p2, points: 20 },
        ]),
        position: 0,
        tutor: "hints",
        due_at: iso(due),
        late_policy: JSON.stringify({ penaltyPerDay: 10 }),
        created_at: at,
        updated_at: at,
      });
    return { tag, context, courseId, p1, p2, assignmentId, due };
  }

  /** A learner's launch of a link with a line item; the learner session's token. */
  async function learnerLaunch(
    c: { tag: string; context: { id: string; title: string } },
    who: string,
    custom: Record<string, string>,
    scoreMaximum = 30,
    alter?: (claims: Record<string, unknown>) => void,
    linkId = `rl-${who}-${c.tag}-${randomUUID()}`,
  ) {
    const res = await launch(
      {
        user: { id: `${who}-${c.tag}`, name: who },
        roles: ["Learner"],
        context: c.context,
        resourceLink: { id: linkId, title: "Loops", lineItem: { scoreMaximum } },
        custom,
      },
      alter,
    );
    expect(res.status, res.html).toBe(200);
    const token = /data-token="([^"]+)"/.exec(res.html)?.[1] ?? "";
    expect(token).toMatch(/^cgl_/);
    harvestSecrets({ token });
    return { token, sub: `${who}-${c.tag}`, linkId };
  }

  /** Submits through the API as the framed exercise does, and waits for the verdict. */
  async function submit(token: string, slug: string, code: string, assignmentId?: string) {
    const res = await live().call("POST", `/api/v1/problems/${slug}/submissions`, {
      token,
      headers: { Origin: PUBLIC_URL },
      body: { language: "python", code, ...(assignmentId ? { assignmentId } : {}) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await expect
      .poll(
        async () =>
          (
            await live().call("GET", `/api/v1/submissions/${res.body.id}`, {
              token,
              headers: { Origin: PUBLIC_URL },
            })
          ).body.state,
        { timeout: 15_000 },
      )
      .toBe("done");
    return String(res.body.id);
  }

  const scoresOf = (sub: string) => platform.scores.filter((s) => s.userId === sub);

  async function deliveries(courseId: string, token = owner.token) {
    const res = await live().call("GET", `/api/v1/courses/${courseId}/lti/score-deliveries`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return LtiScoreDeliveryList.parse(res.body);
  }

  type Delivery = Awaited<ReturnType<typeof deliveries>>[number];
  /** Waits until one of the course's deliveries (the newest such) passes `check`. */
  async function settled(courseId: string, check: (d: Delivery) => boolean): Promise<Delivery> {
    await expect.poll(async () => (await deliveries(courseId)).some(check), { timeout: 10_000 }).toBe(true);
    return (await deliveries(courseId)).find(check) as Delivery;
  }

  it("posts a learner's assignment score after the late penalty, failed and accepted submissions alike, with one token", async () => {
    const c = await classroom({ dueInMs: HOUR });
    const ada = await learnerLaunch(c, "ada", { codeground_assignment: c.assignmentId });
    const tokensBefore = platform.tokensIssued.length;

    await submit(ada.token, c.p1, WRONG, c.assignmentId);
    await expect.poll(() => scoresOf(ada.sub).length, { timeout: 10_000 }).toBe(1);
    expect(scoresOf(ada.sub)[0]).toMatchObject({
      userId: ada.sub,
      scoreGiven: 0,
      scoreMaximum: 30,
      activityProgress: "InProgress",
      gradingProgress: "FullyGraded",
      clientId: info.clientId,
    });

    await submit(ada.token, c.p1, RIGHT, c.assignmentId);
    await expect.poll(() => scoresOf(ada.sub).length, { timeout: 10_000 }).toBe(2);
    expect(scoresOf(ada.sub)[1]).toMatchObject({
      scoreGiven: 10,
      scoreMaximum: 30,
      activityProgress: "InProgress",
    });
    // One access token for both posts: fetched once with the client assertion, then reused.
    expect(platform.tokensIssued.length - tokensBefore).toBe(1);
    expect(platform.tokensIssued.at(-1)).toMatchObject({
      clientId: info.clientId,
      scopes: ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
    });
    const issued = platform.tokensIssued.length;

    // 30 hours late (two started days at 10 %): 20 points become 16; the token has expired by then,
    // and so has the learner's session: they open the same link again.
    live().clock.advance(31 * HOUR);
    const again = await learnerLaunch(
      c,
      "ada",
      { codeground_assignment: c.assignmentId },
      30,
      undefined,
      ada.linkId,
    );
    await submit(again.token, c.p2, RIGHT, c.assignmentId);
    await expect.poll(() => scoresOf(ada.sub).length, { timeout: 10_000 }).toBe(3);
    const last = scoresOf(ada.sub)[2];
    expect(last).toMatchObject({
      scoreGiven: 26,
      scoreMaximum: 30,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
      comment: "Includes work after the due time.",
    });
    expect(platform.tokensIssued.length).toBe(issued + 1);
    // Timestamps with milliseconds, each later than the one before (AGS refuses older ones).
    const stamps = scoresOf(ada.sub).map((s) => s.timestamp);
    for (const stamp of stamps) expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);

    // The gradebook agrees, and staff see the three deliveries.
    const book = await live().call("GET", `/api/v1/courses/${c.courseId}/gradebook`, { token: owner.token });
    const total = book.body.learners.find((l: { name: string }) => l.name === "ada")?.total;
    expect(total).toBe(26);
    const list = await deliveries(c.courseId);
    expect(list.map((d) => [d.status, d.scoreGiven, d.attempts])).toEqual([
      ["delivered", 26, 1],
      ["delivered", 10, 1],
      ["delivered", 0, 1],
    ]);
    expect(list[0]).toMatchObject({ learnerName: "ada", assignmentId: c.assignmentId, lastError: null });
    expect(JSON.stringify(list)).not.toMatch(/access_token|Bearer|client_assertion/);
  });

  it("posts a single problem's score: the problem's cell in an assignment, or solved-or-not for a problem alone", async () => {
    const c = await classroom();
    const bea = await learnerLaunch(
      c,
      "bea",
      { codeground_assignment: c.assignmentId, codeground_problem: c.p2 },
      20,
    );
    await submit(bea.token, c.p2, RIGHT, c.assignmentId);
    await expect.poll(() => scoresOf(bea.sub).length, { timeout: 10_000 }).toBe(1);
    expect(scoresOf(bea.sub)[0]).toMatchObject({
      scoreGiven: 20,
      scoreMaximum: 20,
      activityProgress: "Completed",
    });

    const slug = `ags-alone-${c.tag}`;
    await insertPublicProblem(live().db, { slug, title: "Alone", at: iso(live().clock.now()) });
    const cid = await learnerLaunch(c, "cid", { codeground_problem: slug }, 5);
    await submit(cid.token, slug, WRONG);
    await expect.poll(() => scoresOf(cid.sub).length, { timeout: 10_000 }).toBe(1);
    expect(scoresOf(cid.sub)[0]).toMatchObject({
      scoreGiven: 0,
      scoreMaximum: 1,
      activityProgress: "Submitted",
    });
    await submit(cid.token, slug, RIGHT);
    await expect.poll(() => scoresOf(cid.sub).length, { timeout: 10_000 }).toBe(2);
    expect(scoresOf(cid.sub)[1]).toMatchObject({
      scoreGiven: 1,
      scoreMaximum: 1,
      activityProgress: "Completed",
    });
  });

  it("queues one score when the same judged submission is reported several times at once", async () => {
    const c = await classroom();
    const kit = await learnerLaunch(c, "kit", { codeground_assignment: c.assignmentId });
    // A judged submission the hook has not heard of yet (as the worker leaves it), then three reports at once.
    const person = await live().db("lti_users").where({ sub: kit.sub }).first("id");
    const context = await live().db("lti_contexts").where({ context_id: c.context.id }).first("embed_id");
    const problem = await live().db("problems").where({ slug: c.p1 }).first("id");
    const id = randomUUID();
    const at = iso(live().clock.now());
    await live()
      .db("submissions")
      .insert({
        id,
        problem_id: problem.id,
        user_id: null,
        embed_id: context.embed_id,
        learner_ref: `lti:${person.id}`,
        language: "python",
        code: RIGHT,
        state: "done",
        verdict: "accepted",
        created_at: at,
        finished_at: at,
        assignment_id: c.assignmentId,
      });
    await Promise.all([1, 2, 3].map(() => live().app.lti.scores.scoreSubmission(id)));
    await live().app.lti.scores.drain();
    await expect.poll(() => scoresOf(kit.sub).length, { timeout: 10_000 }).toBe(1);
    expect((await deliveries(c.courseId)).map((d) => [d.status, d.scoreGiven])).toEqual([["delivered", 10]]);
  });

  it("retries after 503 and 429 (honouring Retry-After), then delivers", async () => {
    const c = await classroom();
    const dan = await learnerLaunch(c, "dan", { codeground_assignment: c.assignmentId });
    platform.failNext("scores", { status: 503, times: 1, retryAfter: 7 });
    await submit(dan.token, c.p1, RIGHT, c.assignmentId);
    let d = await settled(c.courseId, (x) => x?.attempts === 1);
    expect(d).toMatchObject({
      status: "pending",
      lastStatusCode: 503,
      nextAttemptAt: iso(live().clock.now() + 7000),
    });
    expect(d.lastError).toMatch(/answered 503/);
    expect(scoresOf(dan.sub)).toHaveLength(0);

    // Not due yet: nothing is posted.
    live().clock.advance(6000);
    await live().app.lti.scores.drain();
    expect((await deliveries(c.courseId))[0]?.attempts).toBe(1);

    platform.failNext("scores", { status: 429, times: 1, retryAfter: 120 });
    live().clock.advance(1000);
    await live().app.lti.scores.drain();
    d = (await deliveries(c.courseId))[0] as typeof d;
    expect(d).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 429 });
    expect(d.nextAttemptAt).toBe(iso(live().clock.now() + 120_000));

    live().clock.advance(120_000);
    await live().app.lti.scores.drain();
    d = (await deliveries(c.courseId))[0] as typeof d;
    expect(d).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 204, lastError: null });
    expect(scoresOf(dan.sub)).toHaveLength(1);
    expect(scoresOf(dan.sub)[0]).toMatchObject({ scoreGiven: 10, scoreMaximum: 30 });
  });

  it("waits as the token endpoint's 429 asks, then fetches the token and delivers", async () => {
    // Every cached token has expired by now.
    live().clock.advance(2 * HOUR);
    const c = await classroom();
    const ivy = await learnerLaunch(c, "ivy", { codeground_assignment: c.assignmentId });
    const issued = platform.tokensIssued.length;
    platform.failNext("token", { status: 429, times: 1, retryAfter: 30 });
    await submit(ivy.token, c.p1, RIGHT, c.assignmentId);
    let d = await settled(c.courseId, (x) => x.attempts === 1);
    expect(d).toMatchObject({
      status: "pending",
      lastStatusCode: 429,
      nextAttemptAt: iso(live().clock.now() + 30_000),
    });
    expect(d.lastError).toBe("the platform's token endpoint answered 429 (temporarily_unavailable)");
    expect(platform.tokensIssued.length).toBe(issued);
    live().clock.advance(30_000);
    await live().app.lti.scores.drain();
    d = (await deliveries(c.courseId))[0] as Delivery;
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastError: null });
    expect(platform.tokensIssued.length).toBe(issued + 1);
    expect(scoresOf(ivy.sub)).toHaveLength(1);
  });

  it("ignores an AGS claim whose line item is not an http(s) URL: the launch works, nothing is posted", async () => {
    const c = await classroom();
    for (const lineitem of [
      "javascript:alert(1)",
      "file:///etc/passwd",
      `https://lms.example/${"x".repeat(3000)}`,
      42,
    ]) {
      const jo = await learnerLaunch(c, "jo", { codeground_assignment: c.assignmentId }, 30, (claims) => {
        claims[CLAIM.ags] = { ...(claims[CLAIM.ags] as object), lineitem };
      });
      await submit(jo.token, c.p1, WRONG, c.assignmentId);
    }
    expect(await live().db("lti_score_links").where({ course_id: c.courseId })).toHaveLength(0);
    expect(await deliveries(c.courseId)).toEqual([]);
  });

  it("gives up after the last attempt, and shows it to the course's staff only", async () => {
    const c = await classroom();
    const eve = await learnerLaunch(c, "eve", { codeground_assignment: c.assignmentId });
    platform.failNext("scores", { status: 500, times: 100 });
    await submit(eve.token, c.p1, RIGHT, c.assignmentId);
    await settled(c.courseId, (x) => x?.attempts === 1);
    for (let i = 0; i < 10; i++) {
      live().clock.advance(24 * HOUR);
      await live().app.lti.scores.drain();
    }
    platform.failNext("scores", { status: 500, times: 0 });
    const [d] = await deliveries(c.courseId);
    expect(d).toMatchObject({ status: "failed", attempts: 6, lastStatusCode: 500, nextAttemptAt: null });
    expect(d?.lastError).toBe("the line item's score URL answered 500");
    expect(scoresOf(eve.sub)).toHaveLength(0);

    // Staff read it; a course learner is refused; anyone else is told of no such course.
    const learner = await signup(live(), "learner");
    const joinCode = (await live().call("GET", `/api/v1/courses/${c.courseId}`, { token: owner.token })).body
      .joinCode;
    expect(
      (await live().call("POST", "/api/v1/courses/join", { token: learner.token, body: { joinCode } }))
        .status,
    ).toBe(200);
    expectError(
      await live().call("GET", `/api/v1/courses/${c.courseId}/lti/score-deliveries`, {
        token: learner.token,
      }),
      403,
      "course_role_required",
    );
    const stranger = await signup(live(), "author");
    expectError(
      await live().call("GET", `/api/v1/courses/${c.courseId}/lti/score-deliveries`, {
        token: stranger.token,
      }),
      404,
      "course_not_found",
    );
    expectError(await live().call("GET", `/api/v1/courses/${c.courseId}/lti/score-deliveries`), 401);
    // No credential in a log line (the failures were logged) or the table: the payload is the score alone.
    expect(live().logs.some((line) => line.includes("LTI score delivery failed"))).toBe(true);
    expect(live().logs.join("\n")).not.toMatch(/Bearer\s+\S{16,}|client_assertion=|eyJ[\w-]{10,}\.eyJ/);
    const rows = await live()
      .db("lti_score_deliveries")
      .where({ course_id: c.courseId })
      .select("payload", "last_error");
    expect(JSON.stringify(rows)).not.toMatch(/Bearer|eyJ/);
  });

  it("never posts a lower score over a higher one under 'best', but does under 'latest'", async () => {
    const c = await classroom();
    const fay = await learnerLaunch(c, "fay", { codeground_assignment: c.assignmentId });
    await submit(fay.token, c.p1, RIGHT, c.assignmentId);
    await expect.poll(() => scoresOf(fay.sub).length, { timeout: 10_000 }).toBe(1);
    expect(scoresOf(fay.sub)[0]).toMatchObject({ scoreGiven: 10, scoreMaximum: 30 });

    // The instructor lowers the first problem's points: the gradebook now says 4 of 24.
    await live()
      .db("assignments")
      .where({ id: c.assignmentId })
      .update({
        problems: JSON.stringify([
          { slug: c.p1, points: 4 },
          { slug: c.p2, points: 20 },
        ]),
      });
    await submit(fay.token, c.p2, WRONG, c.assignmentId);
    const skipped = await settled(c.courseId, (x) => x?.status === "skipped");
    expect(skipped).toMatchObject({ scoreGiven: 4, scoreMaximum: 24, attempts: 0 });
    expect(skipped.lastError).toMatch(/lower than a score already sent.*best/);
    expect(scoresOf(fay.sub)).toHaveLength(1);

    // The course's policy: owners and instructors set it; staff see it.
    const course = await live().call("GET", `/api/v1/courses/${c.courseId}`, { token: owner.token });
    expect(Course.parse(course.body).ltiScorePolicy).toBe("best");
    expectError(
      await live().call("PATCH", `/api/v1/courses/${c.courseId}`, {
        token: owner.token,
        body: { ltiScorePolicy: "highest" },
      }),
      400,
    );
    const patched = await live().call("PATCH", `/api/v1/courses/${c.courseId}`, {
      token: owner.token,
      body: { ltiScorePolicy: "latest" },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(Course.parse(patched.body)).toMatchObject({ ltiScorePolicy: "latest", name: c.context.title });

    await submit(fay.token, c.p2, WRONG, c.assignmentId);
    await expect.poll(() => scoresOf(fay.sub).length, { timeout: 10_000 }).toBe(2);
    expect(scoresOf(fay.sub)[1]).toMatchObject({
      scoreGiven: 4,
      scoreMaximum: 24,
      activityProgress: "Submitted",
    });
  });

  it("refuses a score URL at a private address or one that redirects, and gives up at once", async () => {
    const c = await classroom();
    const pointTo = (lineitem: string) => (claims: Record<string, unknown>) => {
      claims[CLAIM.ags] = { ...(claims[CLAIM.ags] as object), lineitem };
    };
    const gus = await learnerLaunch(
      c,
      "gus",
      { codeground_assignment: c.assignmentId },
      30,
      pointTo("http://10.1.2.3/contexts/x/lineitems/1"),
    );
    await submit(gus.token, c.p1, RIGHT, c.assignmentId);
    const privateOne = await settled(c.courseId, (x) => x?.status === "failed");
    expect(privateOne).toMatchObject({
      attempts: 1,
      lastStatusCode: null,
      lineItem: "http://10.1.2.3/contexts/x/lineitems/1",
    });
    expect(privateOne.lastError).toMatch(/does not reach an allowed public address/);

    const hal = await learnerLaunch(
      c,
      "hal",
      { codeground_assignment: c.assignmentId },
      30,
      pointTo(`${redirectorOrigin}/contexts/${encodeURIComponent(c.context.id)}/lineitems/1`),
    );
    const before = platform.requests.length;
    await submit(hal.token, c.p1, RIGHT, c.assignmentId);
    const redirected = await settled(c.courseId, (x) => x?.learnerName === "hal" && x.status === "failed");
    expect(redirected).toMatchObject({ attempts: 1, lastStatusCode: 307 });
    expect(redirected.lastError).toMatch(/redirect, which is not followed/);
    // Not followed: the platform behind the redirect received no score post.
    expect(platform.requests.slice(before).filter((r) => r.path.endsWith("/scores"))).toHaveLength(0);
    expect(scoresOf(gus.sub)).toHaveLength(0);
    expect(scoresOf(hal.sub)).toHaveLength(0);
  });
});
