import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrations } from "../src/db/migrations/index.js";
import { signUp } from "./support/accounts.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { insertCourseProblem } from "./support/courses.js";
import { describeEachDatabase } from "./support/databases.js";
import { ORIGIN, startSession } from "./support/embeds.js";

const password = "correct horse battery staple";

describeEachDatabase("courses", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex);
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
  });

  /** A new account (a plain learner account: no author or admin role). */
  async function person(name = "user") {
    const email = `${name}${++n}-${Date.now()}@example.com`;
    const { token, user } = await signUp(api, { email, password });
    return { email, token, id: user.id };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  async function course(owner: Person, name = "Algorithms 101") {
    const res = await api.call("POST", "/api/v1/courses", { token: owner.token, body: { name } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; name: string; role: string; joinCode: string };
  }

  async function invite(by: Person, courseId: string, email: string, role: "instructor" | "ta") {
    return api.call("POST", `/api/v1/courses/${courseId}/invitations`, {
      token: by.token,
      body: { email, role },
    });
  }

  /** A course with an owner, an instructor and a TA who joined by invitation. */
  async function staffedCourse() {
    const owner = await person("owner");
    const instructor = await person("instructor");
    const ta = await person("ta");
    const c = await course(owner);
    for (const [who, role] of [
      [instructor, "instructor"],
      [ta, "ta"],
    ] as const) {
      const created = await invite(owner, c.id, who.email, role);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const accepted = await api.call("POST", `/api/v1/invitations/${created.body.token}/accept`, {
        token: who.token,
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      expect(accepted.body.role).toBe(role);
    }
    return { owner, instructor, ta, course: c };
  }

  const audited = async (action: string, courseId: string) =>
    api.db("audit_log").where({ action, target_id: courseId }).select();

  it("lets any signed-in user create a course and own it, with a join code", async () => {
    const owner = await person();
    const c = await course(owner, "  Week-by-week Python  ");
    expect(c).toMatchObject({ name: "Week-by-week Python", role: "owner", personal: false });
    expect(c.joinCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const list = await api.call("GET", "/api/v1/courses", { token: owner.token });
    expect(list.body.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await api.call("GET", `/api/v1/courses/${c.id}`, { token: owner.token })).body).toEqual(
      list.body[0],
    );
    expect(await audited("course.created", c.id)).toHaveLength(1);
    expectError(await api.call("POST", "/api/v1/courses", { token: owner.token, body: { name: " " } }), 400);
  });

  it("answers 404 for another course's ids, whatever the route", async () => {
    const { course: c } = await staffedCourse();
    const stranger = await person("stranger");
    const ownCourse = await course(stranger);
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/v1/courses/${c.id}`],
      ["PATCH", `/api/v1/courses/${c.id}`, { name: "mine now" }],
      ["DELETE", `/api/v1/courses/${c.id}`],
      ["POST", `/api/v1/courses/${c.id}/join-code`],
      ["GET", `/api/v1/courses/${c.id}/members`],
      ["PATCH", `/api/v1/courses/${c.id}/members/${stranger.id}`, { role: "owner" }],
      ["DELETE", `/api/v1/courses/${c.id}/members/${stranger.id}`],
      ["POST", `/api/v1/courses/${c.id}/invitations`, { email: stranger.email, role: "instructor" }],
      ["GET", `/api/v1/courses/${c.id}/embeds`],
      ["POST", `/api/v1/courses/${c.id}/embeds`, { name: "mine", allowedOrigins: [ORIGIN] }],
      ["GET", `/api/v1/courses/${randomUUID()}`],
      ["GET", "/api/v1/courses/not-an-id"],
    ];
    for (const [method, path, body] of routes) {
      const res = await api.call(method, path, { token: stranger.token, ...(body ? { body } : {}) });
      expectError(res, 404, "course_not_found");
    }
    // Nothing changed, and the stranger's own course is untouched by the tries.
    expect((await api.call("GET", `/api/v1/courses/${ownCourse.id}`, { token: stranger.token })).status).toBe(
      200,
    );
    const members = await api.db("course_members").where({ course_id: c.id });
    expect(members.map((m) => m.role).sort()).toEqual(["instructor", "owner", "ta"]);
  });

  it("lets a TA read the course, its members and embeds, and change nothing (403)", async () => {
    const { course: c, ta, owner } = await staffedCourse();
    expect((await api.call("GET", `/api/v1/courses/${c.id}`, { token: ta.token })).body).toMatchObject({
      role: "ta",
      joinCode: c.joinCode,
    });
    const members = await api.call("GET", `/api/v1/courses/${c.id}/members`, { token: ta.token });
    expect(members.body.map((m: { role: string }) => m.role).sort()).toEqual(["instructor", "owner", "ta"]);
    expect((await api.call("GET", `/api/v1/courses/${c.id}/embeds`, { token: ta.token })).status).toBe(200);
    const writes: [string, string, unknown?][] = [
      ["PATCH", `/api/v1/courses/${c.id}`, { name: "renamed" }],
      ["DELETE", `/api/v1/courses/${c.id}`],
      ["POST", `/api/v1/courses/${c.id}/join-code`],
      ["PATCH", `/api/v1/courses/${c.id}/members/${owner.id}`, { role: "ta" }],
      ["DELETE", `/api/v1/courses/${c.id}/members/${owner.id}`],
      ["POST", `/api/v1/courses/${c.id}/invitations`, { email: "friend@example.com", role: "ta" }],
      ["POST", `/api/v1/courses/${c.id}/embeds`, { name: "mine", allowedOrigins: [ORIGIN] }],
    ];
    for (const [method, path, body] of writes) {
      const res = await api.call(method, path, { token: ta.token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(403);
    }
    expect((await api.call("GET", `/api/v1/courses/${c.id}`, { token: owner.token })).body.name).toBe(c.name);
  });

  it("makes single-use invitations for one address: shown once, 410 when reused or expired", async () => {
    const owner = await person("owner");
    const invited = await person("invited");
    const other = await person("other");
    const c = await course(owner);
    const created = await invite(owner, c.id, invited.email.toUpperCase(), "instructor");
    expect(created.status).toBe(201);
    const { token, url } = created.body;
    expect(token).toMatch(/^cgi_/);
    expect(url).toBe(`http://portal.codeground.test/invitations/${token}`);
    expect(created.headers.get("cache-control")).toBe("no-store");
    // Stored hashed only.
    expect(JSON.stringify(await api.db("course_invitations").select())).not.toContain(token);
    const preview = await api.call("GET", `/api/v1/invitations/${token}`, { token: invited.token });
    expect(preview.body).toMatchObject({ courseName: c.name, role: "instructor" });
    // Masked: whoever holds the link learns the domain, not the address.
    expect(preview.body.email.toLowerCase()).toBe(`${invited.email[0]}…@example.com`);

    expectError(
      await api.call("POST", `/api/v1/invitations/${token}/accept`, { token: other.token }),
      403,
      "invitation_for_another_address",
    );
    const accepted = await api.call("POST", `/api/v1/invitations/${token}/accept`, { token: invited.token });
    expect(accepted.body).toMatchObject({ id: c.id, role: "instructor" });
    expectError(
      await api.call("POST", `/api/v1/invitations/${token}/accept`, { token: invited.token }),
      410,
      "invitation_used",
    );
    expectError(
      await api.call("GET", `/api/v1/invitations/${token}`, { token: invited.token }),
      410,
      "invitation_used",
    );
    expectError(
      await api.call("POST", `/api/v1/invitations/cgi_${"x".repeat(43)}/accept`, { token: invited.token }),
      404,
      "invitation_not_found",
    );

    const late = await invite(owner, c.id, other.email, "ta");
    api.clock.advance(7 * 24 * 3600 * 1000 + 1000);
    expectError(
      await api.call("POST", `/api/v1/invitations/${late.body.token}/accept`, { token: other.token }),
      410,
      "invitation_expired",
    );
    expect(await api.db("course_members").where({ course_id: c.id, user_id: other.id })).toHaveLength(0);
    expect(await audited("course.invitation_accepted", c.id)).toHaveLength(1);
  });

  it("spends an invitation once even when two tabs accept it at the same moment", async () => {
    const owner = await person("owner");
    const invited = await person("invited");
    const c = await course(owner);
    const { token } = (await invite(owner, c.id, invited.email, "ta")).body;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.call("POST", `/api/v1/invitations/${token}/accept`, { token: invited.token }),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 410)).toHaveLength(4);
    expect(await audited("course.invitation_accepted", c.id)).toHaveLength(1);
  });

  it("lets the owner invite instructors and TAs, instructors only TAs", async () => {
    const { course: c, instructor } = await staffedCourse();
    expect((await invite(instructor, c.id, "new-ta@example.com", "ta")).status).toBe(201);
    expectError(
      await invite(instructor, c.id, "new-instructor@example.com", "instructor"),
      403,
      "course_role_required",
    );
    expectError(
      await api.call("POST", `/api/v1/courses/${c.id}/invitations`, {
        token: instructor.token,
        body: { email: "x@example.com", role: "owner" },
      }),
      400,
    );
  });

  it("lets learners join with the code; they see the staff but never each other, and no join code", async () => {
    const { course: c, owner } = await staffedCourse();
    const ada = await person("ada");
    const bob = await person("bob");
    const spaced = `${c.joinCode.slice(0, 5).toLowerCase()}-${c.joinCode.slice(5)}`;
    const joined = await api.call("POST", "/api/v1/courses/join", {
      token: ada.token,
      body: { joinCode: spaced },
    });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toMatchObject({ id: c.id, role: "learner" });
    expect(joined.body.joinCode).toBeUndefined();
    await api.call("POST", "/api/v1/courses/join", { token: bob.token, body: { joinCode: c.joinCode } });
    // Joining again changes nothing; the owner joining keeps owning.
    expect(
      (await api.call("POST", "/api/v1/courses/join", { token: owner.token, body: { joinCode: c.joinCode } }))
        .body.role,
    ).toBe("owner");
    const seen = await api.call("GET", `/api/v1/courses/${c.id}/members`, { token: ada.token });
    expect(seen.body.map((m: { role: string }) => m.role).sort()).toEqual(["instructor", "owner", "ta"]);
    expect(JSON.stringify(seen.body)).not.toContain(bob.email);
    const all = await api.call("GET", `/api/v1/courses/${c.id}/members`, { token: owner.token });
    expect(all.body).toHaveLength(5);
    // A learner changes nothing either.
    expectError(
      await api.call("PATCH", `/api/v1/courses/${c.id}`, { token: ada.token, body: { name: "x" } }),
      403,
    );
    expectError(
      await api.call("POST", "/api/v1/courses/join", { token: ada.token, body: { joinCode: "ZZZZZZZZZZ" } }),
      404,
      "join_code_unknown",
    );
    // A new code: the old one stops working at once.
    const rotated = await api.call("POST", `/api/v1/courses/${c.id}/join-code`, { token: owner.token });
    expect(rotated.body.joinCode).not.toBe(c.joinCode);
    const carol = await person("carol");
    expectError(
      await api.call("POST", "/api/v1/courses/join", { token: carol.token, body: { joinCode: c.joinCode } }),
      404,
      "join_code_unknown",
    );
  });

  it("changes roles, hands the course over, and keeps exactly one owner", async () => {
    const { course: c, owner, instructor, ta } = await staffedCourse();
    const member = (who: Person) => `/api/v1/courses/${c.id}/members/${who.id}`;
    const promoted = await api.call("PATCH", member(ta), {
      token: owner.token,
      body: { role: "instructor" },
    });
    expect(promoted.body).toMatchObject({ userId: ta.id, role: "instructor" });
    expectError(await api.call("PATCH", member(owner), { token: owner.token, body: { role: "ta" } }), 409);
    expectError(await api.call("DELETE", member(owner), { token: owner.token }), 409, "owner_cannot_leave");
    expectError(await api.call("DELETE", member(ta), { token: instructor.token }), 403);
    expectError(
      await api.call("PATCH", `/api/v1/courses/${c.id}/members/${randomUUID()}`, {
        token: owner.token,
        body: { role: "ta" },
      }),
      404,
      "member_not_found",
    );
    // Hand over: the instructor owns it, the old owner teaches.
    await api.call("PATCH", member(instructor), { token: owner.token, body: { role: "owner" } });
    const roles = await api.db("course_members").where({ course_id: c.id }).orderBy("role");
    expect(roles.filter((r) => r.role === "owner").map((r) => r.user_id)).toEqual([instructor.id]);
    expect((await api.call("GET", `/api/v1/courses/${c.id}`, { token: owner.token })).body.role).toBe(
      "instructor",
    );
    // Leaving, and being removed.
    expect((await api.call("DELETE", member(owner), { token: owner.token })).status).toBe(204);
    expectError(await api.call("GET", `/api/v1/courses/${c.id}`, { token: owner.token }), 404);
    expect((await api.call("DELETE", member(ta), { token: instructor.token })).status).toBe(204);
    expect(await audited("course.member_role_changed", c.id)).toHaveLength(2);
  });

  it("puts embeds in a course: its owner and instructors make and manage them without the author role", async () => {
    const { course: c, owner, instructor, ta } = await staffedCourse();
    const made = await api.call("POST", `/api/v1/courses/${c.id}/embeds`, {
      token: instructor.token,
      body: { name: "Week 1", allowedOrigins: [ORIGIN], features: ["problem", "chat"] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ courseId: c.id, name: "Week 1" });
    expect(made.body.secretKey).toMatch(/^sk_/);
    const id = made.body.id as string;
    // The owner manages it too; the TA sees it in the course's list and nowhere else.
    expect((await api.call("GET", `/api/v1/embeds/${id}`, { token: owner.token })).status).toBe(200);
    const renamed = await api.call("PATCH", `/api/v1/embeds/${id}`, {
      token: owner.token,
      body: { name: "Week one" },
    });
    expect(renamed.body.name).toBe("Week one");
    expect((await api.call("GET", `/api/v1/courses/${c.id}/embeds`, { token: ta.token })).body).toHaveLength(
      1,
    );
    expectError(await api.call("GET", `/api/v1/embeds/${id}`, { token: ta.token }), 404);
    // Sponsorship spends the creator's key: only they change it.
    expectError(
      await api.call("PATCH", `/api/v1/embeds/${id}`, {
        token: owner.token,
        body: { chat: { sponsored: true } },
      }),
      403,
      "sponsor_owner_only",
    );
    // It works on the course site.
    expect((await startSession(api, made.body.publishableKey)).status).toBe(201);
    // Another course's instructor cannot reach it.
    const elsewhere = await person("elsewhere");
    await course(elsewhere);
    expectError(await api.call("GET", `/api/v1/embeds/${id}`, { token: elsewhere.token }), 404);
  });

  it("deletes a course (owner only) with its embeds; its problems stay, without a course", async () => {
    const { course: c, owner, instructor } = await staffedCourse();
    const made = await api.call("POST", `/api/v1/courses/${c.id}/embeds`, {
      token: instructor.token,
      body: { name: "Week 1", allowedOrigins: [ORIGIN] },
    });
    const problemId = await insertCourseProblem(api.db, {
      slug: `course-problem-${n}`,
      authorId: owner.id,
      courseId: c.id,
      at: new Date(api.clock.now()).toISOString(),
    });
    expectError(await api.call("DELETE", `/api/v1/courses/${c.id}`, { token: instructor.token }), 403);
    expect((await api.call("DELETE", `/api/v1/courses/${c.id}`, { token: owner.token })).status).toBe(204);
    expectError(await api.call("GET", `/api/v1/courses/${c.id}`, { token: owner.token }), 404);
    expect(await api.db("embeds").where({ id: made.body.id })).toHaveLength(0);
    expect(await api.db("course_members").where({ course_id: c.id })).toHaveLength(0);
    const problem = await api.db("problems").where({ id: problemId }).first();
    expect(problem.course_id).toBeNull();
    expect(await audited("course.deleted", c.id)).toHaveLength(1);
  });

  it("puts an embed made outside a course into the maker's personal course", async () => {
    const author = await person("author");
    await api.db("users").where({ id: author.id }).update({ role: "author" });
    const made = await api.call("POST", "/api/v1/embeds", {
      token: author.token,
      body: { name: "Old way", allowedOrigins: [ORIGIN] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const courses = (await api.call("GET", "/api/v1/courses", { token: author.token })).body;
    expect(courses).toHaveLength(1);
    expect(courses[0]).toMatchObject({ personal: true, role: "owner", id: made.body.courseId });
    const again = await api.call("POST", "/api/v1/embeds", {
      token: author.token,
      body: { name: "Again", allowedOrigins: [ORIGIN] },
    });
    expect(again.body.courseId).toBe(made.body.courseId);
  });

  it("shows a course's private problem to its members and its embeds' learners, and to nobody else", async () => {
    const owner = await person("owner");
    const c = await course(owner);
    const learner = await person("learner");
    await api.call("POST", "/api/v1/courses/join", { token: learner.token, body: { joinCode: c.joinCode } });
    const slug = `course-only-${n}`;
    await insertCourseProblem(api.db, {
      slug,
      authorId: owner.id,
      courseId: c.id,
      at: new Date(api.clock.now()).toISOString(),
    });
    expect((await api.call("GET", `/api/v1/problems/${slug}`, { token: learner.token })).status).toBe(200);
    const listed = await api.call("GET", `/api/v1/problems?limit=100&q=${slug}`, { token: learner.token });
    expect(listed.body.items.map((p: { slug: string }) => p.slug)).toContain(slug);
    const stranger = await person("stranger");
    expectError(await api.call("GET", `/api/v1/problems/${slug}`, { token: stranger.token }), 404);
    const strangers = await api.call("GET", `/api/v1/problems?limit=100&q=${slug}`, {
      token: stranger.token,
    });
    expect(strangers.body.items).toEqual([]);
    // Learners of the course's embeds see it; learners of another course's embed do not.
    const own = await api.call("POST", `/api/v1/courses/${c.id}/embeds`, {
      token: owner.token,
      body: { name: "Week 1", allowedOrigins: [ORIGIN] },
    });
    const other = await course(stranger);
    const foreign = await api.call("POST", `/api/v1/courses/${other.id}/embeds`, {
      token: stranger.token,
      body: { name: "Elsewhere", allowedOrigins: [ORIGIN] },
    });
    const inCourse = (await startSession(api, own.body.publishableKey)).body.token;
    const outside = (await startSession(api, foreign.body.publishableKey)).body.token;
    const headers = { Origin: ORIGIN };
    expect((await api.call("GET", `/api/v1/problems/${slug}`, { token: inCourse, headers })).status).toBe(
      200,
    );
    expectError(await api.call("GET", `/api/v1/problems/${slug}`, { token: outside, headers }), 404);
  });

  it("refuses learner tokens on every course route", async () => {
    const owner = await person("owner");
    const c = await course(owner);
    const embed = await api.call("POST", `/api/v1/courses/${c.id}/embeds`, {
      token: owner.token,
      body: { name: "Week 1", allowedOrigins: [ORIGIN] },
    });
    const learner = (await startSession(api, embed.body.publishableKey)).body.token as string;
    for (const path of ["/api/v1/courses", `/api/v1/courses/${c.id}`, `/api/v1/courses/${c.id}/members`]) {
      expectError(
        await api.call("GET", path, { token: learner, headers: { Origin: ORIGIN } }),
        403,
        "learner_token_not_accepted",
      );
    }
  });
});

describeEachDatabase("the courses migration", (target) => {
  it("moves existing embeds and problems into a personal course of their owner, losing nothing", async () => {
    const database = await target.create({ migrate: false });
    try {
      const knex = database.knex;
      const before = migrations.slice(
        0,
        migrations.findIndex((m) => m.name === "017_courses"),
      );
      for (const migration of before) await migration.up(knex);
      const at = new Date().toISOString();
      const user = (id: string, email: string) => ({
        id,
        email,
        password_hash: "h",
        role: "author",
        created_at: at,
        updated_at: at,
      });
      const [ada, bob, eve] = [randomUUID(), randomUUID(), randomUUID()];
      await knex("users").insert([
        user(ada, "ada@example.com"),
        user(bob, "bob@example.com"),
        user(eve, "eve@example.com"),
      ]);
      const embed = (id: string, owner: string, key: string) => ({
        id,
        owner_id: owner,
        name: `embed ${key}`,
        publishable_key: `pk_${key}`,
        secret_key_hash: key.padEnd(64, "0"),
        signing_secret: "{}",
        allowed_origins: "[]",
        features: '["problem"]',
        created_at: at,
        updated_at: at,
      });
      const embeds = [
        embed(randomUUID(), ada, "a1"),
        embed(randomUUID(), ada, "a2"),
        embed(randomUUID(), bob, "b1"),
      ];
      await knex("embeds").insert(embeds);
      const problem = (slug: string, author: string | null) => ({
        id: randomUUID(),
        slug,
        title: slug,
        statement: "",
        difficulty: "easy",
        languages: "[]",
        limits: "{}",
        judge: "{}",
        starter: "{}",
        author_id: author,
        created_at: at,
        updated_at: at,
      });
      await knex("problems").insert([problem("by-bob", bob), problem("by-eve", eve), problem("bank", null)]);

      const courses = migrations.find((m) => m.name === "017_courses");
      await courses?.up(knex);

      const owners = await knex("course_members").where({ role: "owner" }).select();
      expect(owners.map((o) => o.user_id).sort()).toEqual([ada, bob, eve].sort());
      const personal = await knex("courses").select();
      expect(personal).toHaveLength(3);
      expect(personal.every((c) => c.personal === true || c.personal === 1)).toBe(true);
      const courseOf = (userId: string) => owners.find((o) => o.user_id === userId)?.course_id;
      for (const e of embeds) {
        const row = await knex("embeds").where({ id: e.id }).first();
        expect(row).toMatchObject({ owner_id: e.owner_id, name: e.name, course_id: courseOf(e.owner_id) });
      }
      const problems = await knex("problems").orderBy("slug").select("slug", "course_id", "author_id");
      expect(problems).toEqual([
        { slug: "bank", course_id: null, author_id: null },
        { slug: "by-bob", course_id: courseOf(bob), author_id: bob },
        { slug: "by-eve", course_id: courseOf(eve), author_id: eve },
      ]);
      // And back down, without losing the rows.
      await courses?.down(knex);
      expect(await knex("embeds").count({ n: "*" }).first()).toMatchObject({ n: expect.anything() });
      expect(Number((await knex("embeds").count({ n: "*" }).first())?.n)).toBe(3);
      expect(await knex.schema.hasTable("courses")).toBe(false);
    } finally {
      await database.destroy();
    }
  });
});
