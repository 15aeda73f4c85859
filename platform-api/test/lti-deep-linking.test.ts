import { randomUUID } from "node:crypto";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_URL, startApi, type TestApi } from "./support/api.js";
import { insertCourseProblem, insertPublicProblem } from "./support/courses.js";
import { databases } from "./support/databases.js";
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

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const LAUNCH_URL = `${PUBLIC_URL}/lti/launch`;

interface Page {
  status: number;
  text: string;
  headers: Headers;
}

describe.each(databases)("LTI Deep Linking 2.0 on $name", (target) => {
  let api: TestApi;
  let destroy: () => Promise<void>;
  let platform: LtiPlatform;
  let info: RegistrationInfo;
  let owner: { token: string; userId: string };
  let contexts = 0;

  const instructor = { id: "lms-instructor", name: "Barbara Liskov" };
  const ta = { id: "lms-ta", name: "Ken Thompson" };
  const learner = { id: "lms-learner", name: "Grace Hopper" };

  const toApi = (url: string) => url.replace(PUBLIC_URL, api.url);
  const page = async (res: Response): Promise<Page> => ({
    status: res.status,
    text: await res.text(),
    headers: res.headers,
  });

  /** The platform's login initiation, the tool's login, the platform's auth answer and the launch post. */
  async function launch(request: Omit<LaunchRequest, "clientId">): Promise<Page> {
    const initiation = platform.loginInitiation({ clientId: info.clientId, ...request });
    const login = await fetch(initiation.url, { redirect: "manual" });
    expect(login.status, await login.clone().text()).toBe(302);
    const cookie = (login.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const auth = await fetch(login.headers.get("Location") as string);
    const { action, fields } = readAutoSubmitForm(await auth.text());
    expect(fields.error).toBeUndefined();
    expect(action).toBe(LAUNCH_URL);
    harvestSecrets({ token: fields.state });
    return page(
      await fetch(toApi(action), {
        method: "POST",
        headers: { ...FORM, Cookie: cookie },
        body: new URLSearchParams(fields),
        redirect: "manual",
      }),
    );
  }

  const context = () => ({ id: `lms-course-${++contexts}`, title: `Algorithms ${contexts}` });

  /** A staff member's deep linking launch, and the picker's form action (the selection). */
  async function pick(
    ctx: { id: string; title: string },
    deepLinking: LaunchRequest["deepLinking"] = {},
    who: { user: { id: string; name: string }; roles: string[] } = {
      user: instructor,
      roles: ["Instructor"],
    },
  ) {
    const res = await launch({ ...who, context: ctx, messageType: "LtiDeepLinkingRequest", deepLinking });
    expect(res.status, res.text).toBe(200);
    const action = /<form id="dl-form" method="post" action="([^"]+)"/.exec(res.text)?.[1] ?? "";
    expect(action).toMatch(/^\/lti\/deep-linking\/[\w-]{40,}$/);
    harvestSecrets({ token: action.split("/").at(-1) });
    return { page: res, action };
  }

  const choose = async (action: string, form: Array<[string, string]>) =>
    page(
      await fetch(`${api.url}${action}`, {
        method: "POST",
        headers: FORM,
        body: new URLSearchParams(form),
        redirect: "manual",
      }),
    );

  /** The answer page's form, posted to the platform as the page's script would. */
  async function deliver(answer: Page) {
    expect(answer.status, answer.text).toBe(200);
    const { action, fields } = readAutoSubmitForm(answer.text);
    expect(action).toBe(platform.urls.deepLinkReturn);
    expect(Object.keys(fields)).toEqual(["JWT"]);
    const res = await fetch(action, { method: "POST", headers: FORM, body: new URLSearchParams(fields) });
    return { status: res.status, text: await res.text(), jwt: fields.JWT as string };
  }

  async function courseOf(contextId: string): Promise<string> {
    const row = await api.db("lti_contexts").where({ context_id: contextId }).first("course_id");
    return String(row.course_id);
  }

  async function lastAudit(action: string) {
    const row = await api.db("audit_log").where({ action }).orderBy("id", "desc").first();
    return { ...row, details: JSON.parse(row.details) };
  }

  async function expectRefused(
    res: Page,
    status: number,
    reason: string,
    action = "lti.deep_linking_refused",
  ) {
    expect(res.status, res.text).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.text).toContain("Codeground could not start");
    expect(res.text).toContain(reason);
    expect(res.text).not.toContain("JWT");
    const audit = await lastAudit(action);
    expect(audit.details).toMatchObject({ reason, status });
  }

  /**
   * A refusal the person can correct: the picker again under the same selection, the message first
   * as an alert, its status, and an audit entry naming the reason.
   */
  async function expectPickerAgain(res: Page, action: string, status: number, reason: string) {
    expect(res.status, res.text).toBe(status);
    expect(res.text).toMatch(/<p id="dl-error" role="alert" tabindex="-1">[^<]+<\/p>/);
    expect(res.text).toContain(`<form id="dl-form" method="post" action="${action}"`);
    const audit = await lastAudit("lti.deep_linking_refused");
    expect(audit.details).toMatchObject({ reason, status });
    return res.text;
  }

  /** A course made by a staff launch, with a private problem, two public ones and an assignment. */
  async function seededCourse() {
    const ctx = context();
    await pick(ctx);
    const courseId = await courseOf(ctx.id);
    const at = new Date(api.clock.now()).toISOString();
    const n = contexts;
    await insertCourseProblem(api.db, {
      slug: `dl-private-${n}`,
      title: `Private ${n}`,
      authorId: owner.userId,
      courseId,
      at,
    });
    const res = await api.call("POST", `/api/v1/courses/${courseId}/assignments`, {
      token: owner.token,
      body: {
        title: `Week ${n}`,
        problems: [
          { slug: `dl-private-${n}`, points: 30 },
          { slug: "dl-public-a", points: 12 },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { ctx, courseId, assignmentId: String(res.body.id), privateSlug: `dl-private-${n}` };
  }

  beforeAll(async () => {
    // The platform keeps the tool's (fake) time, so tokens it signs are current for the tool.
    platform = await startLtiPlatform({ now: () => api?.clock.now() ?? Date.now() });
    const database = await target.create();
    destroy = database.destroy;
    api = await startApi(database.knex, { allowPrivateProviderUrls: [platform.issuer] });
    info = platform.register({
      name: "Codeground",
      toolJwksUrl: `${api.url}/lti/jwks`,
      toolLoginUrl: `${api.url}/lti/login`,
      toolLaunchUrl: LAUNCH_URL,
      deepLinkUrl: LAUNCH_URL,
    });
    owner = await signup(api, "author");
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
    const at = new Date(api.clock.now()).toISOString();
    await insertPublicProblem(api.db, { slug: "dl-public-a", title: "Public A", at });
    await insertPublicProblem(api.db, { slug: "dl-public-b", title: "Public B", at });
  });

  afterAll(async () => {
    await api?.close();
    await destroy?.();
    await platform?.close();
  });

  it("shows staff a picker of the course's assignments and problems, under the strict LTI page policy", async () => {
    const { ctx, assignmentId, privateSlug } = await seededCourse();
    // Another course's private problem is not offered.
    const other = await seededCourse();
    const { page: res } = await pick(ctx);
    expect(res.text).toContain(`value="assignment:${assignmentId}"`);
    // An assignment's points default to its total.
    expect(res.text).toContain(`name="points:assignment:${assignmentId}" value="42"`);
    expect(res.text).toContain(`value="problem:${privateSlug}"`);
    expect(res.text).toContain('value="problem:dl-public-a"');
    expect(res.text).toContain('value="problem:dl-public-b"');
    expect(res.text).not.toContain(other.privateSlug);
    expect(res.text).toContain('type="checkbox"');
    // Every input has its label.
    for (const [, id] of res.text.matchAll(/<input type="(?:checkbox|number)" id="([^"]+)"/g))
      expect(res.text).toContain(`<label for="${id}">`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self';");
    expect(csp).toContain(`frame-ancestors ${platform.issuer}`);
    // Scripts are files of ours: none inline.
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=")/);
    expect(res.text).toContain('<script src="/lti/deep-linking.js"></script>');
    expect(res.text).not.toMatch(/id_token|eyJ/);
    const script = await fetch(`${api.url}/lti/deep-linking.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
  });

  it("signs the chosen assignment and problem as resource links with line items; the platform records them and a later launch opens them", async () => {
    const { ctx, courseId, assignmentId, privateSlug } = await seededCourse();
    const { action } = await pick(ctx);
    const answer = await choose(action, [
      ["item", `assignment:${assignmentId}`],
      [`points:assignment:${assignmentId}`, "25"],
      ["item", `problem:${privateSlug}`],
      [`points:problem:${privateSlug}`, "12.5"],
      // Points of what was not chosen are not read.
      ["points:problem:dl-public-b", "not a number"],
      ["action", "add"],
    ]);
    expect(answer.headers.get("content-security-policy")).toContain(`form-action 'self' ${platform.issuer}`);
    expect(answer.text).toContain('<script src="/lti/deep-linking.js"></script>');
    const delivered = await deliver(answer);
    expect(delivered.status, delivered.text).toBe(200);
    expect(delivered.text).toContain("2 item(s) added.");

    // The response: RS256 under the tool's current kid, verifiable against GET /lti/jwks.
    const header = decodeProtectedHeader(delivered.jwt);
    const { kid } = await api.app.lti.toolKeys.signingKey();
    expect(header).toEqual({ alg: "RS256", kid, typ: "JWT" });
    const { payload } = await jwtVerify(delivered.jwt, createRemoteJWKSet(new URL(`${api.url}/lti/jwks`)), {
      issuer: info.clientId,
      audience: info.issuer,
      currentDate: new Date(api.clock.now()),
    });
    const returned = platform.deepLinkReturns.at(-1);
    expect(returned?.clientId).toBe(info.clientId);
    const request = platform.idTokens.find((t) => t.launchId === returned?.launchId)?.claims ?? {};
    const settings = request[CLAIM.deepLinkingSettings] as { data: string };
    expect(payload[CLAIM.deepLinkingData]).toBe(settings.data);
    expect(payload[CLAIM.messageType]).toBe("LtiDeepLinkingResponse");
    expect(payload[CLAIM.version]).toBe("1.3.0");
    expect(payload[CLAIM.deploymentId]).toBe(info.deploymentId);
    expect(typeof payload.nonce).toBe("string");
    expect(Number(payload.exp) - Number(payload.iat)).toBeLessThanOrEqual(600);
    expect(payload[CLAIM.contentItems]).toEqual([
      {
        type: "ltiResourceLink",
        title: `Week ${contexts}`,
        url: LAUNCH_URL,
        custom: { codeground_course: courseId, codeground_assignment: assignmentId },
        lineItem: {
          scoreMaximum: 25,
          label: `Week ${contexts}`,
          resourceId: `assignment:${assignmentId}`,
          tag: "codeground",
        },
        iframe: { width: 1100, height: 800 },
      },
      {
        type: "ltiResourceLink",
        title: `Private ${contexts}`,
        url: LAUNCH_URL,
        custom: { codeground_course: courseId, codeground_problem: privateSlug },
        lineItem: {
          scoreMaximum: 12.5,
          label: `Private ${contexts}`,
          resourceId: `problem:${privateSlug}`,
          tag: "codeground",
        },
        iframe: { width: 1100, height: 800 },
      },
    ]);
    // The platform made a line item per link, with the points chosen.
    const [assignmentLink, problemLink] = returned?.resourceLinks ?? [];
    const items = platform.lineItems(ctx.id);
    expect(items.find((i) => i.id === assignmentLink?.lineItemId)).toMatchObject({
      scoreMaximum: 25,
      label: `Week ${contexts}`,
      resourceId: `assignment:${assignmentId}`,
      tag: "codeground",
    });
    expect(items.find((i) => i.id === problemLink?.lineItemId)?.scoreMaximum).toBe(12.5);
    const audit = await lastAudit("lti.deep_linked");
    expect(audit.target_id).toBe(courseId);
    expect(audit.details.items).toEqual([
      { kind: "assignment", ref: assignmentId, points: 25 },
      { kind: "problem", ref: privateSlug, points: 12.5 },
    ]);

    // A learner follows the assignment's link: its first problem, inside the assignment.
    const opened = await launch({
      user: learner,
      roles: ["Learner"],
      context: ctx,
      resourceLink: { id: assignmentLink?.id as string },
    });
    expect(opened.status, opened.text).toBe(200);
    expect(opened.text).toContain(`data-assignment="${assignmentId}"`);
    expect(opened.text).toContain(`data-problem="${privateSlug}"`);
    harvestSecrets({ token: /data-token="([^"]+)"/.exec(opened.text)?.[1] });
    // And the problem's link: the problem alone.
    const alone = await launch({
      user: learner,
      roles: ["Learner"],
      context: ctx,
      resourceLink: { id: problemLink?.id as string },
    });
    expect(alone.status, alone.text).toBe(200);
    expect(alone.text).toContain(`data-problem="${privateSlug}"`);
    expect(alone.text).not.toContain("data-assignment");
    harvestSecrets({ token: /data-token="([^"]+)"/.exec(alone.text)?.[1] });
  });

  it("follows the platform's settings: one item (radios), no line items, a window as the only target", async () => {
    const { ctx, assignmentId } = await seededCourse();
    const { page: res, action } = await pick(ctx, {
      acceptMultiple: false,
      acceptLineItem: false,
      acceptPresentationDocumentTargets: ["window"],
    });
    expect(res.text).toContain('type="radio"');
    expect(res.text).not.toContain('type="checkbox"');
    expect(res.text).not.toContain('type="number"');
    const delivered = await deliver(
      await choose(action, [
        ["item", `assignment:${assignmentId}`],
        ["action", "add"],
      ]),
    );
    expect(delivered.status, delivered.text).toBe(200);
    const items = platform.deepLinkReturns.at(-1)?.contentItems ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]).not.toHaveProperty("lineItem");
    expect(items[0]).not.toHaveProperty("iframe");
    expect(items[0]?.window).toEqual({ targetName: "codeground" });
  });

  it("lets a teaching assistant choose, and answers a cancel with no items", async () => {
    const { ctx } = await seededCourse();
    const { action } = await pick(ctx, {}, { user: ta, roles: ["TeachingAssistant"] });
    const before = platform.deepLinkReturns.length;
    const delivered = await deliver(await choose(action, [["action", "cancel"]]));
    expect(delivered.status, delivered.text).toBe(200);
    expect(delivered.text).toContain("0 item(s) added.");
    expect(platform.deepLinkReturns).toHaveLength(before + 1);
    expect(platform.deepLinkReturns.at(-1)?.contentItems).toEqual([]);
  });

  describe("refuses, with a page, its status and an audit entry", () => {
    it("a learner's deep linking launch, before any course is made for it", async () => {
      const ctx = context();
      const res = await launch({
        user: learner,
        roles: ["Learner"],
        context: ctx,
        messageType: "LtiDeepLinkingRequest",
      });
      await expectRefused(res, 403, "deep_linking_not_staff", "lti.launch_refused");
      expect(res.text).toContain("Only instructors and teaching assistants");
      expect(await api.db("lti_contexts").where({ context_id: ctx.id })).toEqual([]);
    });

    it("a platform that takes no LTI resource links", async () => {
      const res = await launch({
        user: instructor,
        roles: ["Instructor"],
        context: context(),
        messageType: "LtiDeepLinkingRequest",
        deepLinking: { acceptTypes: ["file", "html"] },
      });
      await expectRefused(res, 400, "deep_linking_type_not_accepted", "lti.launch_refused");
    });

    it("a return URL, data or course sent in the form: the answer goes where the launch said, with its data", async () => {
      const { ctx, assignmentId } = await seededCourse();
      const { action } = await pick(ctx);
      const answer = await choose(action, [
        ["item", `assignment:${assignmentId}`],
        [`points:assignment:${assignmentId}`, "10"],
        ["deep_link_return_url", "https://attacker.example/collect"],
        ["return_url", "https://attacker.example/collect"],
        ["data", "forged"],
        ["course", randomUUID()],
      ]);
      expect(answer.text).not.toContain("attacker.example");
      expect(answer.headers.get("content-security-policy")).not.toContain("attacker.example");
      const delivered = await deliver(answer);
      expect(delivered.status, delivered.text).toBe(200);
      const { payload } = await jwtVerify(delivered.jwt, createRemoteJWKSet(new URL(`${api.url}/lti/jwks`)), {
        currentDate: new Date(api.clock.now()),
      });
      expect(payload[CLAIM.deepLinkingData]).not.toBe("forged");
      expect(payload[CLAIM.deepLinkingData]).toEqual(expect.any(String));
      expect((payload[CLAIM.contentItems] as Array<{ custom: Record<string, string> }>)[0]?.custom).toEqual({
        codeground_course: await courseOf(ctx.id),
        codeground_assignment: assignmentId,
      });
    });

    it("a replayed, forged or expired selection", async () => {
      const { ctx, assignmentId } = await seededCourse();
      const { action } = await pick(ctx);
      const form: Array<[string, string]> = [
        ["item", `assignment:${assignmentId}`],
        [`points:assignment:${assignmentId}`, "10"],
      ];
      expect((await choose(action, form)).status).toBe(200);
      await expectRefused(await choose(action, form), 410, "selection_used");
      await expectRefused(
        await choose(`/lti/deep-linking/${"A".repeat(43)}`, form),
        404,
        "selection_unknown",
      );
      await expectRefused(await choose("/lti/deep-linking/short", form), 404, "selection_unknown");
      const late = await pick(ctx);
      api.clock.advance(61 * 60_000);
      try {
        await expectRefused(await choose(late.action, form), 410, "selection_expired");
      } finally {
        api.clock.advance(-61 * 60_000);
      }
    });

    it("a selection naming another course's assignment or private problem; the selection stays usable", async () => {
      const mine = await seededCourse();
      const theirs = await seededCourse();
      const { action } = await pick(mine.ctx);
      await expectRefused(
        await choose(action, [
          ["item", `assignment:${theirs.assignmentId}`],
          [`points:assignment:${theirs.assignmentId}`, "10"],
        ]),
        403,
        "foreign_assignment",
      );
      await expectRefused(
        await choose(action, [
          ["item", `problem:${theirs.privateSlug}`],
          [`points:problem:${theirs.privateSlug}`, "10"],
        ]),
        403,
        "foreign_problem",
      );
      await expectRefused(
        await choose(action, [
          ["item", `assignment:${randomUUID()}`],
          ["item", "course:anything"],
        ]),
        403,
        "foreign_assignment",
      );
      await expectRefused(await choose(action, [["item", "course:anything"]]), 400, "selection_malformed");
      expect(
        await expectPickerAgain(await choose(action, [["action", "add"]]), action, 400, "selection_empty"),
      ).toContain("Nothing was chosen.");
      const ok = await choose(action, [
        ["item", `assignment:${mine.assignmentId}`],
        [`points:assignment:${mine.assignmentId}`, "10"],
      ]);
      expect(ok.status, ok.text).toBe(200);
    });

    it("points out of range or not numbers (negative, zero, huge, exponents, words, missing): the picker again, as sent", async () => {
      const { ctx, assignmentId } = await seededCourse();
      const { action } = await pick(ctx);
      const cases: Array<[string | null, string]> = [
        ["-5", "points_invalid"],
        ["0", "points_out_of_range"],
        ["100001", "points_out_of_range"],
        ["999999999", "points_out_of_range"],
        ["1e9", "points_invalid"],
        ["12.345", "points_invalid"],
        ["ten", "points_invalid"],
        ["Infinity", "points_invalid"],
        ["", "points_invalid"],
        [null, "points_invalid"],
      ];
      for (const [points, reason] of cases) {
        const form: Array<[string, string]> = [["item", `assignment:${assignmentId}`]];
        if (points !== null) form.push([`points:assignment:${assignmentId}`, points]);
        const again = await expectPickerAgain(await choose(action, form), action, 400, reason);
        expect(again).toContain(`value="assignment:${assignmentId}" checked`);
        if (points)
          expect(again).toContain(
            `name="points:assignment:${assignmentId}" value="${points.replace(/&/g, "&#38;")}"`,
          );
        expect(again).toContain("The points for “Week");
      }
      // Corrected, it goes through.
      const ok = await choose(action, [
        ["item", `assignment:${assignmentId}`],
        [`points:assignment:${assignmentId}`, "7.25"],
      ]);
      expect(ok.status, ok.text).toBe(200);
    });

    it("several items where the platform takes one", async () => {
      const { ctx, assignmentId, privateSlug } = await seededCourse();
      const { action } = await pick(ctx, { acceptMultiple: false });
      const again = await expectPickerAgain(
        await choose(action, [
          ["item", `assignment:${assignmentId}`],
          [`points:assignment:${assignmentId}`, "10"],
          ["item", `problem:${privateSlug}`],
          [`points:problem:${privateSlug}`, "10"],
        ]),
        action,
        400,
        "selection_multiple",
      );
      expect(again).toContain('type="radio"');
    });
  });

  it("lists at most 300 problems, the course's own first, and says the list is cut", async () => {
    const { ctx, privateSlug } = await seededCourse();
    const at = new Date(api.clock.now()).toISOString();
    for (let i = 0; i < 300; i++)
      await insertPublicProblem(api.db, {
        slug: `dl-bulk-${i}`,
        title: `Bulk ${String(i).padStart(3, "0")}`,
        at,
      });
    const { page: res } = await pick(ctx);
    const listed = [...res.text.matchAll(/value="problem:([^"]+)"/g)].map((m) => m[1]);
    expect(listed).toHaveLength(300);
    expect(listed[0]).toBe(privateSlug);
    expect(res.text).toContain("Only the first 300 problems are listed");
    // Sent without the page's script, every points field goes too (checkboxes only when checked):
    // with at most 50 items chosen, below the 1000 fields the form parser reads.
    expect((res.text.match(/<input type="number"/g) ?? []).length + 50 + 1).toBeLessThan(1000);
  });
});
