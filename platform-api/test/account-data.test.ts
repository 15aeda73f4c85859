import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { AccountExport, Gradebook } from "@codeground/sdk";
import { generate } from "otplib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listColumns, USER_TABLES, userColumns } from "../src/services/account-data/coverage.js";
import { newEmail, PASSWORD, type SignedUp, signUp } from "./support/accounts.js";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { insertCourseProblem } from "./support/courses.js";
import { describeEachDatabase } from "./support/databases.js";
import { learnerToken, ORIGIN, startSession } from "./support/embeds.js";

const hex = () => randomBytes(32).toString("hex");

describeEachDatabase("account data: export, deletion, a learner's erasure", (target) => {
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

  const at = () => new Date(api.clock.now()).toISOString();
  const later = (ms: number) => new Date(api.clock.now() + ms).toISOString();
  const person = (name: string) => signUp(api, { email: newEmail(name), displayName: name });

  async function course(owner: SignedUp, name = `Course ${++n}`) {
    const res = await api.call("POST", "/api/v1/courses", { token: owner.token, body: { name } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; joinCode: string };
  }

  /** Invites `who` with `role` and has them accept. */
  async function addStaff(owner: SignedUp, courseId: string, who: SignedUp, role: "instructor" | "ta") {
    const invitation = await api.call("POST", `/api/v1/courses/${courseId}/invitations`, {
      token: owner.token,
      body: { email: who.email, role },
    });
    expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
    const accepted = await api.call("POST", `/api/v1/invitations/${invitation.body.token}/accept`, {
      token: who.token,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBeLessThan(300);
  }

  async function embedIn(owner: SignedUp, courseId: string) {
    const res = await api.call("POST", `/api/v1/courses/${courseId}/embeds`, {
      token: owner.token,
      body: { name: `Embed ${++n}`, allowedOrigins: [ORIGIN] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; publishableKey: string; secretKey: string };
  }

  async function submission(fields: Record<string, unknown>) {
    const id = randomUUID();
    await api.db("submissions").insert({
      id,
      language: "python",
      code: `print("${id}")`,
      state: "done",
      verdict: "accepted",
      created_at: at(),
      finished_at: at(),
      ...fields,
    });
    await api.db("submission_results").insert({
      id: randomUUID(),
      submission_id: id,
      ordinal: 1,
      verdict: "accepted",
      stdout: "1\n",
    });
    return id;
  }

  async function conversation(fields: Record<string, unknown>, content = "How do loops work?") {
    const id = randomUUID();
    await api.db("conversations").insert({ id, created_at: at(), updated_at: at(), ...fields });
    await api
      .db("messages")
      .insert({ id: randomUUID(), conversation_id: id, role: "user", content, created_at: at() });
    return id;
  }

  /**
   * A user with at least one row in every table `coverage.ts` sends to an export section, and in
   * a course someone else owns, as an instructor with an embed there. Answers the ids seeded, by section.
   */
  async function seededUser() {
    const user = await person("rich");
    const userId = user.user.id;
    const own = await course(user);
    const other = await person("colleague");
    const shared = await course(other);
    await addStaff(other, shared.id, user, "instructor");
    const sharedEmbed = await embedIn(user, shared.id);
    const ownEmbed = await embedIn(user, own.id);
    const problemId = await insertCourseProblem(api.db, {
      slug: `p-${randomUUID().slice(0, 8)}`,
      authorId: userId,
      courseId: own.id,
      at: at(),
    });
    const submissionId = await submission({ problem_id: problemId, user_id: userId });
    const conversationId = await conversation({ user_id: userId, problem_id: problemId });
    const ids: Record<string, string> = {
      profile: userId,
      submissions: submissionId,
      conversations: conversationId,
      problems: problemId,
      embeds: sharedEmbed.id,
      courses: own.id,
    };
    const insert = async (section: string, table: string, row: Record<string, unknown>) => {
      const id = (row.id as string | undefined) ?? randomUUID();
      await api.db(table).insert({ id, ...row });
      ids[section] = id;
    };
    await insert("sessions", "sessions", {
      user_id: userId,
      token_hash: hex(),
      created_at: at(),
      expires_at: later(3600_000),
      last_seen_at: at(),
    });
    await insert("signInChallenges", "mfa_challenges", {
      user_id: userId,
      token_hash: hex(),
      created_at: at(),
      expires_at: later(300_000),
    });
    await insert("accessTokens", "personal_access_tokens", {
      user_id: userId,
      name: "script",
      token_hash: hex(),
      prefix: "cgp_abcdef",
      scopes: JSON.stringify(["read"]),
      created_at: at(),
    });
    await insert("recoveryCodes", "recovery_codes", { user_id: userId, code_hash: hex(), created_at: at() });
    const key = await api.call("POST", "/api/v1/keys", {
      token: user.token,
      body: { name: "mine", provider: "openai", secret: `sk-${hex()}` },
    });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    ids.keys = key.body.id;
    await api
      .db("user_preferences")
      .insert({ user_id: userId, keys: JSON.stringify({ chat: key.body.id }), updated_at: at() });
    ids.preferences = key.body.id;
    await api.db("notification_settings").insert({
      user_id: userId,
      settings: JSON.stringify({ keyExpiring: false }),
      updated_at: at(),
    });
    ids.notificationSettings = "keyExpiring";
    await insert("notificationsSent", "notifications_sent", {
      user_id: userId,
      kind: "key_expiring",
      subject_key: `key:${key.body.id}`,
      sent_at: at(),
    });
    await insert("feedback", "feedback", {
      user_id: userId,
      submission_id: submissionId,
      content: "Nice loop.",
      created_at: at(),
    });
    await insert("usage", "usage", {
      user_id: userId,
      task: "chat",
      provider: "openai",
      model: "gpt",
      input_tokens: 3,
      output_tokens: 4,
      created_at: at(),
    });
    await insert("invitations", "course_invitations", {
      course_id: own.id,
      email: "someone@example.com",
      role: "ta",
      token_hash: hex(),
      invited_by: userId,
      created_at: at(),
      expires_at: later(86_400_000),
    });
    await insert("assignmentsCreated", "assignments", {
      course_id: shared.id,
      title: "Week 1",
      problems: "[]",
      position: 0,
      tutor: "hints",
      created_by: userId,
      created_at: at(),
      updated_at: at(),
    });
    await insert("assignmentAttempts", "assignment_attempts", {
      assignment_id: ids.assignmentsCreated,
      learner_key: `user:${userId}`,
      started_at: at(),
      ends_at: later(3600_000),
    });
    await insert("ltiRegistrations", "lti_registrations", {
      owner_id: userId,
      issuer: `https://lms${++n}.example.edu`,
      client_id: "client",
      auth_login_url: "https://lms.example.edu/auth",
      auth_token_url: "https://lms.example.edu/token",
      keyset_url: "https://lms.example.edu/jwks",
      created_at: at(),
      updated_at: at(),
    });
    await insert("ltiLinks", "lti_users", {
      registration_id: ids.ltiRegistrations,
      sub: "lms-person-1",
      user_id: userId,
      created_at: at(),
      last_launch_at: at(),
    });
    await insert("emailTokens", "email_tokens", {
      user_id: userId,
      purpose: "verify",
      token_hash: hex(),
      email: user.email,
      created_at: at(),
      expires_at: later(3600_000),
    });
    const mail = await api.app.mail.send({
      kind: "mfa_disabled",
      to: user.email,
      userId,
      params: { date: "2026-11-23" },
    });
    ids.mail = mail.id;
    await insert("knownBrowsers", "known_browsers", {
      user_id: userId,
      browser_hash: hex(),
      user_agent: "Firefox",
      first_seen_at: at(),
      last_seen_at: at(),
    });
    // The audit log names the user from sign-up on; the export's own entry is in it too.
    ids.auditLog = "account.exported";
    return { user, ids, own, shared, other, ownEmbed, sharedEmbed, key: key.body as { id: string } };
  }

  it("exports everything kept about the account as one JSON file, with code and messages but no secret", async () => {
    const { user, ids, other, own } = await seededUser();
    // Someone else's work in the same course is theirs, not this account's.
    const problem = await api.db("problems").where({ course_id: own.id }).first("id");
    const theirs = await submission({ problem_id: problem.id, user_id: other.user.id });
    const secret = `sk-${hex()}`;
    const key = await api.call("POST", "/api/v1/keys", {
      token: user.token,
      body: { name: "second", provider: "openai", secret },
    });
    expect(key.status).toBe(201);
    const pat = await api.call("POST", "/api/v1/me/tokens", {
      token: user.token,
      body: { name: "reader", scopes: ["read"] },
    });
    expect(pat.status).toBe(201);

    const res = await fetch(`${api.url}/api/v1/me/export`, {
      headers: { Authorization: `Bearer ${pat.body.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="codeground-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const text = await res.text();
    const doc = AccountExport.parse(JSON.parse(text));
    expect(doc.profile.id).toBe(user.user.id);
    expect(doc.submissions.find((s) => s.id === ids.submissions)?.code).toBe(`print("${ids.submissions}")`);
    expect(text).not.toContain(theirs);
    const chat = doc.conversations.find((c) => c.id === ids.conversations);
    expect(chat?.messages).toEqual([expect.objectContaining({ content: "How do loops work?" })]);
    expect(doc.keys.map((k) => k.name).sort()).toEqual(["mine", "second"]);
    expect(doc.keys.find((k) => k.name === "second")?.last4).toBe(secret.slice(-4));
    expect(doc.auditLog.map((a) => a.action)).toEqual(
      expect.arrayContaining(["auth.signup", "account.exported"]),
    );

    // Nothing a credential is made of: no token, hash, sealed secret, wrapped key or password.
    const stored = await api.db("api_keys").where({ user_id: user.user.id });
    const userRow = await api.db("users").where({ id: user.user.id }).first();
    const sessions = await api.db("sessions").where({ user_id: user.user.id });
    for (const needle of [
      secret,
      user.token,
      pat.body.token,
      userRow.password_hash,
      ...stored.flatMap((k) => [k.secret, k.fingerprint]),
      ...sessions.map((s) => s.token_hash),
      "token_hash",
      "password_hash",
      "code_hash",
      "browser_hash",
      "wrappedKey",
      "ciphertext",
      "signing_secret",
      "secret_key_hash",
      "sealed",
      "fingerprint",
    ]) {
      expect(text.includes(String(needle)), `export holds ${String(needle).slice(0, 20)}`).toBe(false);
    }
    const embed = (doc.embeds as { id: string; secretKey?: string }[]).find((e) => e.id === ids.embeds);
    expect(embed).toBeDefined();
    expect(embed?.secretKey).toBeUndefined();
    // Mail sent to them: kinds and times, not the address or the words.
    const mailed = (doc.mail as Record<string, unknown>[]).find((m) => m.id === ids.mail);
    expect(mailed).toMatchObject({ kind: "mfa_disabled", createdAt: expect.any(String) });
    expect(Object.keys(mailed ?? {}).sort()).toEqual(["createdAt", "id", "kind", "sentAt", "status"]);

    const audited = await api.db("audit_log").where({ action: "account.exported", actor_id: user.user.id });
    expect(audited).toHaveLength(1);
    expectError(await api.call("GET", "/api/v1/me/export"), 401, "unauthenticated");
  });

  it("covers every table with a column naming a user, and a user with a row in each finds it in the export", async () => {
    const named = await userColumns(api.db);
    const tables = new Set((await listColumns(api.db)).map((c) => c.table));
    expect(named.length).toBeGreaterThan(20);
    for (const column of named) {
      const coverage = USER_TABLES[column.table];
      expect(
        coverage,
        `${column.table}.${column.column} names a user but the export does not cover it`,
      ).toBeDefined();
      expect(coverage?.columns, `${column.table}.${column.column} is not declared`).toContain(column.column);
    }
    // No stale declaration either: each names a real table and column.
    for (const [table, coverage] of Object.entries(USER_TABLES)) {
      expect(tables.has(table), `${table} is declared but not in the database`).toBe(true);
      for (const c of coverage.columns) {
        expect(
          named.some((n) => n.table === table && n.column === c),
          `${table}.${c}`,
        ).toBe(true);
      }
    }

    const { user, ids } = await seededUser();
    const doc = (await api.call("GET", "/api/v1/me/export", { token: user.token })).body as Record<
      string,
      unknown
    >;
    const sections = new Set(Object.values(USER_TABLES).flatMap((c) => (c.section ? [c.section] : [])));
    for (const section of sections) {
      expect(ids[section], `the test seeds nothing for ${section}`).toBeDefined();
      expect(JSON.stringify(doc[section]), section).toContain(String(ids[section]));
    }
  });

  it("deletes an account only from a session, with the password and, with two-factor on, a code", async () => {
    const user = await person("careful");
    const pat = await api.call("POST", "/api/v1/me/tokens", {
      token: user.token,
      body: { name: "all", scopes: ["read", "write"] },
    });
    expectError(
      await api.call("DELETE", "/api/v1/me", { token: pat.body.token, body: { password: PASSWORD } }),
      403,
      "session_required",
    );
    expectError(
      await api.call("DELETE", "/api/v1/me", { token: user.token, body: { password: "not the password" } }),
      401,
      "invalid_credentials",
    );
    expectError(
      await api.call("DELETE", "/api/v1/me", { token: user.token, body: {} }),
      400,
      "invalid_request",
    );

    const { secret } = (await api.call("POST", "/api/v1/me/mfa/totp/setup", { token: user.token })).body;
    const totp = () => generate({ secret, epoch: Math.floor(api.clock.now() / 1000) });
    const enabled = await api.call("POST", "/api/v1/me/mfa/totp/enable", {
      token: user.token,
      body: { code: await totp() },
    });
    expect(enabled.status).toBe(200);
    api.clock.advance(31_000);
    expectError(
      await api.call("DELETE", "/api/v1/me", { token: user.token, body: { password: PASSWORD } }),
      401,
      "second_factor_required",
    );
    expectError(
      await api.call("DELETE", "/api/v1/me", {
        token: user.token,
        body: { password: PASSWORD, code: "000000" },
      }),
      401,
      "invalid_code",
    );
    expect(await api.db("users").where({ id: user.user.id }).first()).toBeDefined();
    const recovery = enabled.body.recoveryCodes[0] as string;
    const gone = await api.call("DELETE", "/api/v1/me", {
      token: user.token,
      body: { password: PASSWORD, code: recovery },
    });
    expect(gone.status, JSON.stringify(gone.body)).toBe(204);
    expect(gone.headers.get("Set-Cookie")).toMatch(/cg_session=;/);
    expect(await api.db("users").where({ id: user.user.id }).first()).toBeUndefined();
    expectError(await api.call("GET", "/api/v1/me", { token: user.token }), 401);
  });

  it("counts wrong passwords on the account's throttle", async () => {
    const user = await person("guessed");
    let last = 0;
    for (let i = 0; i < 12; i++) {
      last = (await api.call("DELETE", "/api/v1/me", { token: user.token, body: { password: `wrong ${i}` } }))
        .status;
    }
    expect(last).toBe(429);
    expect(await api.db("users").where({ id: user.user.id }).first()).toBeDefined();
  });

  it("after deletion no row anywhere names the user, the audit log is pseudonymised and still verifies", async () => {
    const seeded = await seededUser();
    const { user } = seeded;
    const userId = user.user.id;
    const admin = await person("auditor");
    await api.db("users").where({ id: admin.user.id }).update({ role: "admin" });
    // Someone else's entry naming the user by learner key, address and id in its details.
    await api.app.audit.record({
      action: "test.mention",
      actorId: admin.user.id,
      targetType: "learner",
      targetId: `user:${userId}`,
      ip: "203.0.113.9",
      details: { invited: user.email, note: `about ${userId}`, count: 2 },
    });
    const entries = Number((await api.db("audit_log").count({ n: "*" }).first())?.n);
    const res = await api.call("DELETE", "/api/v1/me", { token: user.token, body: { password: PASSWORD } });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    // Every entry is kept (one more: the deletion's own).
    expect(Number((await api.db("audit_log").count({ n: "*" }).first())?.n)).toBe(entries + 1);

    for (const table of new Set((await listColumns(api.db)).map((c) => c.table))) {
      const rows = await api.db(table).select();
      for (const row of rows) {
        const text = JSON.stringify(row);
        expect(text.includes(userId), `${table} still names the deleted user: ${text.slice(0, 300)}`).toBe(
          false,
        );
        if (table === "audit_log") expect(text.toLowerCase().includes(user.email)).toBe(false);
      }
    }
    // The goodbye went to the old address, and once it went, the outbox keeps no trace of it.
    await api.app.mail.drain();
    const written = await Promise.all(
      (await readdir(api.outbox)).map((f) => readFile(path.join(api.outbox, f), "utf8")),
    );
    expect(
      written.filter(
        (m) => m.includes(`To: ${user.email}`) && m.includes("Your Codeground account was deleted"),
      ),
    ).toHaveLength(1);
    expect(await api.db("mail_outbox").where({ to_address: user.email })).toEqual([]);

    const pseudonym = `deleted-user:${api.app.audit.pseudonym(userId)}`;
    expect(pseudonym).toMatch(/^deleted-user:[0-9a-f]{20}$/);
    const deleted = await api.db("audit_log").where({ action: "account.deleted", actor_id: pseudonym });
    expect(deleted).toHaveLength(1);
    expect(deleted[0].ip).toBeNull();
    const [mention] = await api.db("audit_log").where({ action: "test.mention" });
    expect(mention.actor_id).toBe(admin.user.id);
    expect(mention.target_id).toBe(`user:${pseudonym}`);
    expect(mention.ip).toBeNull();
    expect(JSON.parse(mention.details)).toEqual({ note: `about ${pseudonym}`, count: 2 });
    const signup = await api.db("audit_log").where({ action: "auth.signup", actor_id: deleted[0].actor_id });
    expect(signup).toHaveLength(1);
    expect(signup[0].ip).toBeNull();

    const verify = await api.call("GET", "/api/v1/audit/verify", { token: admin.token });
    expect(verify.status, JSON.stringify(verify.body)).toBe(200);
    expect(verify.body.ok, JSON.stringify(verify.body)).toBe(true);

    // Their own course went with them; the colleague's course keeps the embed they made, now its owner's.
    expect(await api.db("courses").where({ id: seeded.own.id }).first()).toBeUndefined();
    expect(await api.db("courses").where({ id: seeded.shared.id }).first()).toBeDefined();
    const embed = await api.db("embeds").where({ id: seeded.sharedEmbed.id }).first();
    expect(embed.owner_id).toBe(seeded.other.user.id);
    // Its signing secret was re-sealed for the new owner: learner tokens signed with it still start sessions.
    const nowS = Math.floor(api.clock.now() / 1000);
    const token = await learnerToken(seeded.sharedEmbed.secretKey, { sub: "after-handover" }, { nowS });
    const session = await startSession(api, seeded.sharedEmbed.publishableKey, { learnerToken: token });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    expectError(await api.call("GET", "/api/v1/me", { token: user.token }), 401);
  });

  it("refuses to delete an account that owns a course where others teach (409, naming it)", async () => {
    const owner = await person("owner");
    const ta = await person("ta");
    const taught = await course(owner, "Taught together");
    await addStaff(owner, taught.id, ta, "ta");
    const res = await api.call("DELETE", "/api/v1/me", { token: owner.token, body: { password: PASSWORD } });
    const error = expectError(res, 409, "owns_courses");
    expect(error.message).toContain("Taught together");
    expect(res.body.error.details.courses).toEqual([{ id: taught.id, name: "Taught together" }]);
    expect(await api.db("users").where({ id: owner.user.id }).first()).toBeDefined();
    expect(await api.db("courses").where({ id: taught.id }).first()).toBeDefined();
  });

  /** A course with an instructor, a TA, two site learners, a portal learner, an assignment and work by each. */
  async function classroom() {
    const owner = await person("owner");
    const instructor = await person("instructor");
    const ta = await person("ta");
    const cy = await person("cy");
    const c = await course(owner);
    await addStaff(owner, c.id, instructor, "instructor");
    await addStaff(owner, c.id, ta, "ta");
    expect(
      (await api.call("POST", "/api/v1/courses/join", { token: cy.token, body: { joinCode: c.joinCode } }))
        .status,
    ).toBeLessThan(300);
    const embed = await embedIn(owner, c.id);
    const nowS = Math.floor(api.clock.now() / 1000);
    const suffix = ++n;
    const ada = `sub:ada-${suffix}`;
    const bob = `sub:bob-${suffix}`;
    for (const sub of [`ada-${suffix}`, `bob-${suffix}`]) {
      const token = await learnerToken(embed.secretKey, { sub, name: sub }, { nowS });
      expect((await startSession(api, embed.publishableKey, { learnerToken: token })).status).toBe(201);
    }
    const problemId = await insertCourseProblem(api.db, {
      slug: `erase-${suffix}`,
      authorId: owner.user.id,
      courseId: c.id,
      at: at(),
    });
    const assignmentId = randomUUID();
    await api.db("assignments").insert({
      id: assignmentId,
      course_id: c.id,
      title: "Loops",
      problems: JSON.stringify([{ slug: `erase-${suffix}`, points: 10 }]),
      position: 0,
      tutor: "hints",
      created_at: at(),
      updated_at: at(),
    });
    const work = {
      ada: await submission({
        problem_id: problemId,
        embed_id: embed.id,
        learner_ref: ada,
        assignment_id: assignmentId,
      }),
      bob: await submission({
        problem_id: problemId,
        embed_id: embed.id,
        learner_ref: bob,
        assignment_id: assignmentId,
      }),
      cy: await submission({ problem_id: problemId, user_id: cy.user.id, assignment_id: assignmentId }),
      adaChat: await conversation({ embed_id: embed.id, learner_ref: ada, problem_id: problemId }),
      bobChat: await conversation({ embed_id: embed.id, learner_ref: bob, problem_id: problemId }),
    };
    for (const key of [ada, bob, `user:${cy.user.id}`]) {
      await api.db("assignment_attempts").insert({
        id: randomUUID(),
        assignment_id: assignmentId,
        learner_key: key,
        started_at: at(),
        ends_at: later(3600_000),
      });
    }
    return { owner, instructor, ta, cy, course: c, embed, ada, bob, work, assignmentId };
  }

  const gradebookIds = async (owner: SignedUp, courseId: string) => {
    const res = await api.call("GET", `/api/v1/courses/${courseId}/gradebook`, { token: owner.token });
    expect(res.status).toBe(200);
    return Gradebook.parse(res.body).learners.map((l) => l.id);
  };

  const erase = (token: string, courseId: string, learnerId: string) =>
    api.call("DELETE", `/api/v1/courses/${courseId}/learners/${encodeURIComponent(learnerId)}`, { token });

  it("erases a site learner's data from the course, and only theirs, only there", async () => {
    const room = await classroom();
    const elsewhere = await classroom();
    // The same site learner ref in another course keeps everything there.
    expect(await gradebookIds(room.owner, room.course.id)).toEqual(
      expect.arrayContaining([room.ada, room.bob, `user:${room.cy.user.id}`]),
    );
    const res = await erase(room.instructor.token, room.course.id, room.ada);
    expect(res.status, JSON.stringify(res.body)).toBe(204);

    const ids = await gradebookIds(room.owner, room.course.id);
    expect(ids).not.toContain(room.ada);
    expect(ids).toEqual(expect.arrayContaining([room.bob, `user:${room.cy.user.id}`]));
    expect(await api.db("submissions").where({ id: room.work.ada }).first()).toBeUndefined();
    expect(await api.db("submission_results").where({ submission_id: room.work.ada })).toHaveLength(0);
    expect(await api.db("conversations").where({ id: room.work.adaChat }).first()).toBeUndefined();
    expect(await api.db("assignment_attempts").where({ learner_key: room.ada })).toHaveLength(0);
    expect(
      await api.db("course_learners").where({ course_id: room.course.id, learner_ref: room.ada }),
    ).toHaveLength(0);
    expect(
      await api.db("embed_sessions").where({ embed_id: room.embed.id, learner_ref: room.ada }),
    ).toHaveLength(0);
    // Bob, Cy, and the other course are untouched.
    for (const id of [room.work.bob, room.work.cy, elsewhere.work.ada, elsewhere.work.bob]) {
      expect(await api.db("submissions").where({ id }).first()).toBeDefined();
    }
    expect(await api.db("conversations").where({ id: room.work.bobChat }).first()).toBeDefined();
    expect(await gradebookIds(elsewhere.owner, elsewhere.course.id)).toContain(elsewhere.ada);

    const audit = await api
      .db("audit_log")
      .where({ action: "course.learner.erased", target_id: room.course.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(room.instructor.user.id);
    expect(audit[0].details).not.toContain("print(");
    // Erased once: a second time there is no such learner.
    expectError(await erase(room.owner.token, room.course.id, room.ada), 404, "learner_not_found");
  });

  it("erases a portal learner's course data and membership; their account and other work stay", async () => {
    const room = await classroom();
    const ownWork = await submission({
      problem_id: (await api.db("problems").where({ course_id: room.course.id }).first()).id,
      user_id: room.cy.user.id,
    });
    const res = await erase(room.owner.token, room.course.id, room.cy.user.id);
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const ids = await gradebookIds(room.owner, room.course.id);
    expect(ids).not.toContain(`user:${room.cy.user.id}`);
    expect(ids).toEqual(expect.arrayContaining([room.ada, room.bob]));
    expect(await api.db("submissions").where({ id: room.work.cy }).first()).toBeUndefined();
    expect(
      await api.db("course_members").where({ course_id: room.course.id, user_id: room.cy.user.id }),
    ).toHaveLength(0);
    expect(
      await api.db("assignment_attempts").where({ learner_key: `user:${room.cy.user.id}` }),
    ).toHaveLength(0);
    // Practice outside the course's assignments and embeds is theirs, not the course's.
    expect(await api.db("submissions").where({ id: ownWork }).first()).toBeDefined();
    expect(await api.db("users").where({ id: room.cy.user.id }).first()).toBeDefined();
    expect(await api.db("submissions").where({ id: room.work.ada }).first()).toBeDefined();
  });

  it("erases an LMS learner's grade passback links in this course, not in another", async () => {
    const room = await classroom();
    const elsewhere = await course(room.owner);
    const registrationId = randomUUID();
    await api.db("lti_registrations").insert({
      id: registrationId,
      owner_id: room.owner.user.id,
      issuer: `https://lms${++n}.example.edu`,
      client_id: "tool",
      auth_login_url: "https://lms.example.edu/auth",
      auth_token_url: "https://lms.example.edu/token",
      keyset_url: "https://lms.example.edu/jwks",
      created_at: at(),
      updated_at: at(),
    });
    const ltiUserId = randomUUID();
    await api.db("lti_users").insert({
      id: ltiUserId,
      registration_id: registrationId,
      sub: "lms-learner",
      created_at: at(),
      last_launch_at: at(),
    });
    const ref = `lti:${ltiUserId}`;
    await api
      .db("course_learners")
      .insert({ course_id: room.course.id, learner_ref: ref, first_seen_at: at(), last_seen_at: at() });
    const link = async (courseId: string) => {
      const id = randomUUID();
      await api.db("lti_score_links").insert({
        id,
        registration_id: registrationId,
        lti_user_id: ltiUserId,
        course_id: courseId,
        resource_link_id: `link-${id}`,
        lineitem_url: "https://lms.example.edu/lineitems/1",
        scopes: "[]",
        created_at: at(),
        updated_at: at(),
      });
      await api.db("lti_score_deliveries").insert({
        id: randomUUID(),
        link_id: id,
        course_id: courseId,
        payload: "{}",
        score_given: 1,
        score_maximum: 1,
        status: "delivered",
        created_at: at(),
      });
      return id;
    };
    const here = await link(room.course.id);
    const there = await link(elsewhere.id);
    expect(await gradebookIds(room.owner, room.course.id)).toContain(ref);

    expect((await erase(room.owner.token, room.course.id, ref)).status).toBe(204);
    expect(await gradebookIds(room.owner, room.course.id)).not.toContain(ref);
    expect(await api.db("lti_score_links").where({ id: here })).toHaveLength(0);
    expect(await api.db("lti_score_deliveries").where({ link_id: here })).toHaveLength(0);
    expect(await api.db("lti_score_links").where({ id: there })).toHaveLength(1);
    expect(await api.db("lti_score_deliveries").where({ link_id: there })).toHaveLength(1);
  });

  it("lets only the course's owner and instructors erase, and only learners it lists", async () => {
    const room = await classroom();
    const other = await classroom();
    const stranger = await person("stranger");
    expectError(await erase(room.ta.token, room.course.id, room.ada), 403, "course_role_required");
    expectError(await erase(room.cy.token, room.course.id, room.ada), 403, "course_role_required");
    expectError(await erase(other.owner.token, room.course.id, room.ada), 404, "course_not_found");
    expectError(await erase(stranger.token, room.course.id, room.ada), 404, "course_not_found");
    // A learner of another course, by ref or by user id, is not this course's.
    expectError(await erase(room.owner.token, room.course.id, other.ada), 404, "learner_not_found");
    expectError(await erase(room.owner.token, room.course.id, other.cy.user.id), 404, "learner_not_found");
    // Staff are not learners; nor are made-up or path-like ids.
    expectError(await erase(room.owner.token, room.course.id, room.ta.user.id), 404, "learner_not_found");
    for (const id of [
      "../../etc/passwd",
      "..%2F..",
      "sub:%",
      "sub:_",
      `${room.ada}%`,
      "x".repeat(300),
      "user:",
    ]) {
      expectError(await erase(room.owner.token, room.course.id, id), 404);
    }
    expectError(await erase(room.owner.token, "not-a-course", room.ada), 404, "course_not_found");
    const noToken = await api.call(
      "DELETE",
      `/api/v1/courses/${room.course.id}/learners/${encodeURIComponent(room.ada)}`,
    );
    expectError(noToken, 401, "unauthenticated");
    // Nothing was erased by any of it.
    expect(await api.db("submissions").where({ id: room.work.ada }).first()).toBeDefined();
    expect(await gradebookIds(room.owner, room.course.id)).toContain(room.ada);
    expect(await gradebookIds(other.owner, other.course.id)).toContain(other.ada);
  });

  it("keeps hidden tests' data out of the export and hashes out of every section", async () => {
    const user = await person("hidden");
    const p = await api.db("problems").first("id");
    const id = randomUUID();
    await api.db("submissions").insert({
      id,
      problem_id:
        p?.id ??
        (await insertCourseProblem(api.db, {
          slug: `h-${randomUUID().slice(0, 8)}`,
          authorId: null,
          courseId: (await course(user)).id,
          at: at(),
        })),
      user_id: user.user.id,
      language: "python",
      code: "print(2)",
      state: "done",
      verdict: "wrong_answer",
      created_at: at(),
    });
    const hiddenInput = `hidden-${createHash("sha256").update(id).digest("hex").slice(0, 12)}`;
    await api.db("submission_results").insert({
      id: randomUUID(),
      submission_id: id,
      ordinal: 1,
      verdict: "wrong_answer",
      hidden: true,
      input: hiddenInput,
      expected: hiddenInput,
    });
    const res = await api.call("GET", "/api/v1/me/export", { token: user.token });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).toContain("print(2)");
    expect(text).not.toContain(hiddenInput);
  });
});
