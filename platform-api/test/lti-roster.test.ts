import { randomUUID } from "node:crypto";
import { Codeground, ConflictError } from "@codeground/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, startApi, type TestApi } from "./support/api.js";
import { databases } from "./support/databases.js";
import { signup } from "./support/embeds.js";
import { type LtiPlatform, SCOPE, startLtiPlatform } from "./support/lti-platform.js";
import { launchedCourse, launchThroughPlatform, registerWithPlatform } from "./support/lti-tool-flow.js";

const learners = [
  { id: "lms-ada", name: "Ada Lovelace" },
  { id: "lms-grace", name: "Grace Hopper" },
  { id: "lms-alan", givenName: "Alan", familyName: "Turing" },
];

describe.each(databases)("LTI roster sync (Names and Role Provisioning) on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let platform: LtiPlatform;
  /** Serves the roster two members a page. */
  let paged: LtiPlatform;
  let owner: { token: string; userId: string };
  let contexts = 0;
  /** The platform's clock is the API's (a test clock), so id_tokens are issued "now" for the tool. */
  const now = () => api.clock.now();

  /** A course linked to a fresh LMS context by an instructor's launch; the context, to enrol people in. */
  async function linkedCourse(on: LtiPlatform, clientId: string) {
    const context = { id: `ctx-${++contexts}`, title: `Algorithms ${contexts}` };
    const page = await launchThroughPlatform(api, on, {
      clientId,
      user: { id: "lms-teacher", name: "Prof Knuth" },
      roles: ["Instructor"],
      context,
      resourceLink: { id: `link-${contexts}` },
    });
    expect(page.status, page.text).toBe(200);
    return { courseId: launchedCourse(page.text), context };
  }

  const sync = (courseId: string, token = owner.token) =>
    api.call("POST", `/api/v1/courses/${courseId}/lti/roster-sync`, { token });

  const lastAudit = async (action: string) => {
    const row = await api.db("audit_log").where({ action }).orderBy("id", "desc").first();
    return row ? { ...row, details: JSON.parse(row.details) } : undefined;
  };

  let main: Awaited<ReturnType<typeof registerWithPlatform>>;
  let pagedReg: Awaited<ReturnType<typeof registerWithPlatform>>;

  beforeAll(async () => {
    platform = await startLtiPlatform({ hostname: "localhost", now });
    paged = await startLtiPlatform({ hostname: "localhost", membershipPageSize: 2, now });
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex, { allowPrivateProviderUrls: [platform.issuer, paged.issuer] });
    owner = await signup(api, "learner");
    main = await registerWithPlatform(api, platform, owner.token);
    pagedReg = await registerWithPlatform(api, paged, owner.token);
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
    await platform?.close();
    await paged?.close();
  });

  it("imports three learners from the LMS as the course's learners; staff and inactive members are counted, not added", async () => {
    const { courseId, context } = await linkedCourse(platform, main.clientId);
    for (const l of learners) platform.enroll(context, l, ["Learner"]);
    platform.enroll(context, { id: "lms-ta", name: "Tia" }, ["TeachingAssistant"]);
    platform.enroll(context, { id: "lms-gone", name: "Gone" }, ["Learner"], "Inactive");

    const link = await api.call("GET", `/api/v1/courses/${courseId}/lti`, { token: owner.token });
    expect(link.body).toEqual({
      linked: true,
      contexts: [
        { title: context.title, issuer: platform.issuer, rosterAvailable: true, rosterSyncedAt: null },
      ],
    });

    const res = await sync(courseId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      imported: 3,
      updated: 0,
      skipped: 3,
      total: 6,
      staff: 2,
      syncedAt: expect.any(String),
    });
    // One client-credentials token with the membership scope, its assertion signed by the tool's key.
    expect(platform.tokensIssued.at(-1)?.scopes).toEqual([SCOPE.membershipReadonly]);

    const rows = await api.db("course_learners").where({ course_id: courseId }).orderBy("display_name");
    expect(rows.map((r) => r.display_name)).toEqual(["Ada Lovelace", "Alan Turing", "Grace Hopper"]);
    for (const r of rows) expect(r.learner_ref).toMatch(/^lti:[0-9a-f-]{36}$/);
    const gradebook = await api.call("GET", `/api/v1/courses/${courseId}/gradebook`, { token: owner.token });
    expect(gradebook.status).toBe(200);
    expect(gradebook.body.learners).toHaveLength(3);

    const audit = await lastAudit("lti.roster_synced");
    expect(audit).toMatchObject({ actor_id: owner.userId, target_id: courseId });
    expect(audit?.details).toMatchObject({ imported: 3, updated: 0, skipped: 3, total: 6, staff: 2 });

    // A learner's launch afterwards is the same learner: no second row; a second sync updates.
    const launch = await launchThroughPlatform(api, platform, {
      clientId: main.clientId,
      user: learners[0] as { id: string; name: string },
      roles: ["Learner"],
      context,
      resourceLink: { id: `link-${contexts}` },
    });
    expect(launch.status, launch.text).toBe(200);
    const count = await api.db("course_learners").where({ course_id: courseId }).count({ n: "*" }).first();
    expect(Number(count?.n)).toBe(3);
    const again = await sync(courseId);
    expect(again.body).toMatchObject({ imported: 0, updated: 3, skipped: 3, total: 6 });
    const synced = await api.call("GET", `/api/v1/courses/${courseId}/lti`, { token: owner.token });
    expect(synced.body.contexts[0].rosterSyncedAt).toBe(again.body.syncedAt);
  });

  it("follows the membership container's rel=next pages", async () => {
    const { courseId, context } = await linkedCourse(paged, pagedReg.clientId);
    for (let i = 0; i < 5; i++)
      paged.enroll(context, { id: `paged-${i}`, name: `Learner ${i}` }, ["Learner"]);
    const before = paged.requests.filter((r) => r.path.endsWith("/memberships")).length;
    const res = await sync(courseId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Six members (the instructor who launched too), two a page: three pages.
    expect(res.body).toMatchObject({ imported: 5, total: 6, staff: 1 });
    expect(paged.requests.filter((r) => r.path.endsWith("/memberships")).length - before).toBe(3);
  });

  it("stops at 50 pages: a roster that pages on and on is refused, and nothing is imported", async () => {
    const endless = await startLtiPlatform({ hostname: "localhost", membershipPageSize: 1, now });
    const api2 = await startApi(api.db, { allowPrivateProviderUrls: [endless.issuer] });
    try {
      const someone = await signup(api2, "learner");
      const reg = await registerWithPlatform(api2, endless, someone.token);
      const context = { id: "ctx-endless", title: "Endless" };
      const page = await launchThroughPlatform(api2, endless, {
        clientId: reg.clientId,
        user: { id: "t", name: "T" },
        roles: ["Instructor"],
        context,
        resourceLink: { id: "l" },
      });
      const courseId = launchedCourse(page.text);
      for (let i = 0; i < 60; i++) endless.enroll(context, { id: `e-${i}`, name: `E ${i}` }, ["Learner"]);
      const res = await api2.call("POST", `/api/v1/courses/${courseId}/lti/roster-sync`, {
        token: someone.token,
      });
      expect(expectError(res, 502, "lms_roster_failed").message).toMatch(/more than 50 pages/);
      expect(endless.requests.filter((r) => r.path.endsWith("/memberships"))).toHaveLength(50);
      expect(await api2.db("course_learners").where({ course_id: courseId })).toEqual([]);
    } finally {
      await api2.close();
      await endless.close();
    }
  });

  it("says clearly when the platform refuses (401) or fails (500), and audits it", async () => {
    const { courseId, context } = await linkedCourse(platform, main.clientId);
    platform.enroll(context, { id: "lms-x", name: "X" }, ["Learner"]);

    // A 401 asks for a fresh token once; a second 401 is the answer.
    platform.failNext("memberships", { status: 401, times: 2 });
    const refused = await sync(courseId);
    const error = expectError(refused, 502, "lms_roster_failed");
    expect(error.message).toMatch(/answered 401.*refused the tool's access/);
    expect(await lastAudit("lti.roster_sync_failed")).toMatchObject({
      target_id: courseId,
      details: { reason: "status", status: 401 },
    });

    platform.failNext("memberships", { status: 500 });
    const failed = await sync(courseId);
    expect(expectError(failed, 502, "lms_roster_failed").message).toMatch(/answered 500: try again later/);

    // Once the platform is well again, the sync goes through.
    const ok = await sync(courseId);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ imported: 1 });
  });

  it("reports a token endpoint that refuses the tool's credentials", async () => {
    const lone = await startLtiPlatform({ hostname: "localhost", now });
    try {
      const other = await signup(api, "learner");
      const api2 = await startApi(api.db, { allowPrivateProviderUrls: [lone.issuer] });
      try {
        const reg = await registerWithPlatform(api2, lone, other.token);
        const context = { id: "ctx-lone", title: "Lone" };
        const page = await launchThroughPlatform(api2, lone, {
          clientId: reg.clientId,
          user: { id: "t", name: "T" },
          roles: ["Instructor"],
          context,
          resourceLink: { id: "l" },
        });
        const courseId = launchedCourse(page.text);
        lone.failNext("token", { status: 400 });
        const res = await api2.call("POST", `/api/v1/courses/${courseId}/lti/roster-sync`, {
          token: other.token,
        });
        expect(expectError(res, 502, "lms_roster_failed").message).toMatch(/token endpoint answered 400/);
        expect(await lastAudit("lti.roster_sync_failed")).toMatchObject({
          details: { reason: "token", status: 400 },
        });
      } finally {
        await api2.close();
      }
    } finally {
      await lone.close();
    }
  });

  it("is for the course's owner and instructors: a TA gets 403, a stranger 404, the SDK works", async () => {
    const { courseId, context } = await linkedCourse(platform, main.clientId);
    platform.enroll(context, { id: "lms-sdk", name: "Via SDK" }, ["Learner"]);
    const ta = await signup(api, "learner");
    const instructor = await signup(api, "learner");
    const stranger = await signup(api, "learner");
    const at = new Date().toISOString();
    await api.db("course_members").insert([
      { course_id: courseId, user_id: ta.userId, role: "ta", created_at: at, updated_at: at },
      { course_id: courseId, user_id: instructor.userId, role: "instructor", created_at: at, updated_at: at },
    ]);
    expectError(await sync(courseId, ta.token), 403, "course_role_required");
    expectError(await sync(courseId, stranger.token), 404, "course_not_found");
    expectError(await sync(randomUUID(), owner.token), 404, "course_not_found");
    expectError(await api.call("POST", `/api/v1/courses/${courseId}/lti/roster-sync`), 401);
    // A TA may see the link, not sync.
    expect((await api.call("GET", `/api/v1/courses/${courseId}/lti`, { token: ta.token })).status).toBe(200);

    const cg = new Codeground({ baseUrl: api.url, token: instructor.token });
    const result = await cg.lti.syncRoster(courseId);
    expect(result).toMatchObject({ imported: 1, total: 2 });
    expect((await cg.lti.courseLink(courseId)).linked).toBe(true);
  });

  it("answers 409 for a course not linked to an LMS, or one whose LMS never offered its roster", async () => {
    const plain = await api.call("POST", "/api/v1/courses", { token: owner.token, body: { name: "Plain" } });
    expect(plain.status).toBe(201);
    const notLinked = expectError(await sync(plain.body.id), 409, "course_not_linked_to_lms");
    expect(notLinked.message).toMatch(/not linked to a course in a learning platform/);
    const cg = new Codeground({ baseUrl: api.url, token: owner.token });
    await expect(cg.lti.syncRoster(plain.body.id)).rejects.toBeInstanceOf(ConflictError);
    expect((await cg.lti.courseLink(plain.body.id)).linked).toBe(false);

    // A registration without the membership scope: launches carry no NRPS claim.
    const noNrps = await startLtiPlatform({ hostname: "localhost", now });
    try {
      const api2 = await startApi(api.db, { allowPrivateProviderUrls: [noNrps.issuer] });
      try {
        const someone = await signup(api2, "learner");
        const reg = await registerWithPlatform(api2, noNrps, someone.token, { scopes: [SCOPE.score] });
        const page = await launchThroughPlatform(api2, noNrps, {
          clientId: reg.clientId,
          user: { id: "t", name: "T" },
          roles: ["Instructor"],
          context: { id: "ctx-no-nrps" },
          resourceLink: { id: "l" },
        });
        const courseId = launchedCourse(page.text);
        const res = await api2.call("POST", `/api/v1/courses/${courseId}/lti/roster-sync`, {
          token: someone.token,
        });
        expect(expectError(res, 409, "lms_roster_unavailable").message).toMatch(
          /Names and Role Provisioning/,
        );
      } finally {
        await api2.close();
      }
    } finally {
      await noNrps.close();
    }
  });
});
