import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { blockThirdPartyCookies } from "./support/browser.js";
import { insertCourseProblem } from "./support/courses.js";
import { harvestSecrets } from "./support/leaks.js";
import {
  type LaunchRequest,
  type LtiPlatform,
  type RegistrationInfo,
  readAutoSubmitForm,
  startLtiPlatform,
} from "./support/lti-platform.js";
import { ARTIFACTS, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Real Chromium with third-party cookies blocked: the simulated LMS (localhost) frames the tool
 * (127.0.0.1, another site) for an instructor's deep linking request; the instructor chooses an
 * assignment with points by keyboard, the tool's signed answer reaches the platform, and a learner
 * who follows the new link lands in the assignment's first problem.
 */
describeBrowser("LTI deep linking in Chromium, inside the platform's frame", () => {
  let portal: Portal;
  let platform: LtiPlatform;
  let info: RegistrationInfo;
  let ownerToken: string;
  let ownerId: string;
  const lmsCourse = { id: "lms-dl-browser", title: "Data Structures" };
  const instructor = { id: "lms-teacher", name: "Edsger Dijkstra" };
  const learner = { id: "lms-student", name: "Frances Allen" };

  beforeAll(async () => {
    platform = await startLtiPlatform({
      hostname: "localhost",
      now: () => portal?.clock.now() ?? Date.now(),
    });
    const port = new URL(platform.issuer).port;
    portal = await startPortal({
      allowPrivateProviderUrls: [platform.issuer, `http://127.0.0.1:${port}`],
    });
    info = platform.register({
      name: "Codeground",
      toolJwksUrl: `${portal.origin}/lti/jwks`,
      toolLoginUrl: `${portal.origin}/lti/login`,
      toolLaunchUrl: `${portal.origin}/lti/launch`,
      deepLinkUrl: `${portal.origin}/lti/launch`,
    });
    const owner = await signUp(
      { url: portal.origin, db: portal.db.knex },
      { email: `dl-${Date.now()}@example.edu` },
    );
    ownerToken = owner.token;
    ownerId = owner.user.id;
    const registered = await fetch(`${portal.origin}/api/v1/lti/registrations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({
        issuer: info.issuer,
        clientId: info.clientId,
        deploymentIds: [info.deploymentId],
        authLoginUrl: info.authUrl,
        authTokenUrl: info.tokenUrl,
        keysetUrl: info.jwksUrl,
      }),
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await portal?.close();
    await platform?.close();
  });

  /** A launch without a browser (login, auth answer, launch post): here, to link the LMS course first. */
  async function headlessLaunch(request: Omit<LaunchRequest, "clientId">) {
    const initiation = platform.loginInitiation({ clientId: info.clientId, ...request });
    const login = await fetch(initiation.url, { redirect: "manual" });
    const cookie = (login.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const auth = await fetch(login.headers.get("Location") as string);
    const { action, fields } = readAutoSubmitForm(await auth.text());
    harvestSecrets({ token: fields.state });
    const res = await fetch(action, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams(fields),
    });
    expect(res.status).toBe(200);
    const selection = /action="\/lti\/deep-linking\/([^"]+)"/.exec(await res.text())?.[1];
    harvestSecrets({ token: selection });
  }

  /** A page whose browser refuses third-party cookies (those not partitioned), as Chrome's setting does. */
  async function blockingPage(): Promise<Page> {
    return blockThirdPartyCookies(await portal.newPage());
  }

  /** axe-core inside the tool's frame, in the light scheme and the dark one. */
  async function axeViolations(page: Page, frame: Frame): Promise<string[]> {
    await frame.evaluate(`${axeSource}\n;0`);
    const found: string[] = [];
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const violations = (await frame.evaluate(
        "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => JSON.stringify(n.target)).join(' ')))",
      )) as string[];
      found.push(...violations.map((v) => `${scheme}: ${v}`));
    }
    await page.emulateMedia({ colorScheme: "light" });
    return found;
  }

  it("an instructor picks an assignment with points by keyboard; the platform receives the signed links; a learner's launch opens it", async () => {
    // The LMS course is linked to a Codeground course by a first launch; its staff then add work to it.
    await headlessLaunch({
      user: instructor,
      roles: ["Instructor"],
      context: lmsCourse,
      messageType: "LtiDeepLinkingRequest",
    });
    const link = await portal.db.knex("lti_contexts").where({ context_id: lmsCourse.id }).first("course_id");
    const courseId = String(link.course_id);
    await insertCourseProblem(portal.db.knex, {
      slug: "dl-browser-stack",
      title: "Balanced brackets",
      authorId: ownerId,
      courseId,
      at: new Date().toISOString(),
    });
    const created = await fetch(`${portal.origin}/api/v1/courses/${courseId}/assignments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ title: "Stacks week", problems: [{ slug: "dl-browser-stack", points: 20 }] }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const assignmentId = ((await created.json()) as { id: string }).id;

    const page = await blockingPage();
    const before = platform.deepLinkReturns.length;
    await page.goto(
      platform.launchUrl({
        clientId: info.clientId,
        user: instructor,
        roles: ["Instructor"],
        context: lmsCourse,
        messageType: "LtiDeepLinkingRequest",
      }),
    );
    const toolFrame = () =>
      page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(`${portal.origin}/lti/launch`));
    await poll(() => Boolean(toolFrame())).toBe(true);
    let tool = toolFrame() as Frame;
    await poll(() =>
      tool
        .getByRole("heading", { name: "Choose Codeground content" })
        .isVisible()
        .catch(() => false),
    ).toBe(true);
    // The assignment's points start at its total.
    await expect.poll(() => tool.getByLabel("Points for Stacks week").inputValue()).toBe("20");
    expect(await axeViolations(page, tool)).toEqual([]);
    // The filter narrows the problems and says how many are left.
    await tool.getByLabel("Filter problems").fill("queue");
    await poll(() => tool.getByRole("checkbox", { name: /Balanced brackets/ }).isVisible()).toBe(false);
    expect(await tool.locator("#dl-filter-status").textContent()).toBe("0 problems shown");
    await tool.getByLabel("Filter problems").fill("");
    await poll(() => tool.getByRole("checkbox", { name: /Balanced brackets/ }).isVisible()).toBe(true);

    // Nothing chosen: the picker again, its message an alert that has the focus.
    await tool.getByRole("button", { name: "Add to the course" }).click();
    const pickerAgain = () =>
      page
        .frames()
        .find((f) => f !== page.mainFrame() && f.url().startsWith(`${portal.origin}/lti/deep-linking/`));
    await poll(() => Boolean(pickerAgain())).toBe(true);
    tool = pickerAgain() as Frame;
    await poll(() =>
      tool
        .getByRole("alert")
        .textContent()
        .catch(() => ""),
    ).toContain("Nothing was chosen");
    await poll(() => tool.evaluate(() => document.activeElement?.id)).toBe("dl-error");
    expect(await axeViolations(page, tool)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "lti-deep-linking-nothing-chosen.png") });

    // Keyboard only: the assignment's checkbox with Space, its points typed, Enter sends the form.
    const choice = tool.getByRole("checkbox", { name: /Stacks week/ });
    await choice.focus();
    await page.keyboard.press("Space");
    expect(await choice.isChecked()).toBe(true);
    await page.keyboard.press("Tab");
    expect(await tool.evaluate(() => document.activeElement?.getAttribute("name"))).toBe(
      `points:assignment:${assignmentId}`,
    );
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("40");
    await page.screenshot({ path: path.join(ARTIFACTS, "lti-deep-linking-picker.png"), fullPage: true });
    const posted = page.waitForRequest((r) => r.url().startsWith(`${portal.origin}/lti/deep-linking/`));
    let posts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().startsWith(`${portal.origin}/lti/deep-linking/`)) posts++;
    });
    // Enter twice, as an impatient person would: the form goes once.
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter").catch(() => undefined);
    // Only the chosen item and its points are sent.
    expect(
      new URLSearchParams((await posted).postData() ?? "").getAll("points:problem:dl-browser-stack"),
    ).toEqual([]);
    expect(
      new URLSearchParams((await posted).postData() ?? "").get(`points:assignment:${assignmentId}`),
    ).toBe("40");

    await poll(() => platform.deepLinkReturns.length).toBe(before + 1);
    expect(posts).toBe(1);
    const returned = platform.deepLinkReturns.at(-1);
    expect(returned?.contentItems).toEqual([
      expect.objectContaining({
        type: "ltiResourceLink",
        title: "Stacks week",
        url: `${portal.origin}/lti/launch`,
        custom: { codeground_course: courseId, codeground_assignment: assignmentId },
        lineItem: expect.objectContaining({ scoreMaximum: 40, label: "Stacks week" }),
      }),
    ]);
    const resourceLink = returned?.resourceLinks[0];
    expect(
      platform.lineItems(lmsCourse.id).find((i) => i.id === resourceLink?.lineItemId)?.scoreMaximum,
    ).toBe(40);
    // The frame shows the platform's own page now.
    await poll(() =>
      page.frames().some((f) => f.url().startsWith(platform.urls.deepLinkReturn) && f !== page.mainFrame()),
    ).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "lti-deep-linking-returned.png") });
    await page.context().close();

    // A learner follows the new link in the LMS: the assignment's first problem, in the editor.
    const learnerPage = await blockingPage();
    await learnerPage.goto(
      platform.launchUrl({
        clientId: info.clientId,
        user: learner,
        roles: ["Learner"],
        context: lmsCourse,
        resourceLink: { id: resourceLink?.id ?? randomUUID() },
      }),
    );
    const exercise = () =>
      learnerPage
        .frames()
        .find((f) => f !== learnerPage.mainFrame() && f.url().startsWith(`${portal.origin}/lti/launch`));
    await poll(() => Boolean(exercise())).toBe(true);
    await poll(() =>
      (exercise() as Frame)
        .getByText("Balanced brackets")
        .first()
        .isVisible()
        .catch(() => false),
    ).toBe(true);
    const app = (exercise() as Frame).locator("#app");
    harvestSecrets({ token: await app.getAttribute("data-token") });
    expect(await app.getAttribute("data-assignment")).toBe(assignmentId);
    await learnerPage.context().close();
  }, 120_000);
});
