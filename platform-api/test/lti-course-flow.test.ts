import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { loadBank } from "../src/bank/index.js";
import { createLocalKms, createVault } from "../src/kms/index.js";
import { loadAuditKey } from "../src/services/audit/audit-key.js";
import { seedBank } from "../src/services/problems/problem-seed.js";
import { sandboxLanguages } from "../src/services/problems/problems.js";
import { fakeClock } from "./support/api.js";
import { blockThirdPartyCookies, clickClosingWindow } from "./support/browser.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { findLeaks, harvestSecrets } from "./support/leaks.js";
import { type LaunchRequest, type LtiPlatform, startLtiPlatform } from "./support/lti-platform.js";
import { ARTIFACTS, describeBrowser, poll, signUpInPage } from "./support/portal.js";
import { describeDocker, startSandboxService, type TestSandboxService } from "./support/sandbox.js";

/**
 * The LTI story of the issue, in one go, in real Chromium with third-party cookies blocked and the
 * real sandbox judging: an LMS administrator registers Codeground dynamically (the Codeground user
 * who will own it signs in from the dialog); an instructor deep-links an assignment of two problems
 * with points; a learner launches it, solves one problem and fails the other; the LMS receives the
 * learner's scores; a roster sync from the course page imports three more learners. The simulated
 * LMS listens on `localhost`, the tool on 127.0.0.1: two sites, so every tool page is a third-party
 * frame. On each database the platform runs on.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PASSWORD = "an lms course flow passphrase 9";
const SOLVE_SUM = "def solution(nums):\n    return sum(nums)\n";
const WRONG_PALINDROME = "def solution(s):\n    return False\n";
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const unique = () => Math.random().toString(36).slice(2, 10);

/** The real app on `target` with the real sandbox, over HTTP on 127.0.0.1, its origin as PUBLIC_URL. */
async function startTool(db: TestDatabase, sandbox: TestSandboxService, allowPrivate: string[]) {
  const kmsDir = await mkdtemp(path.join(os.tmpdir(), "cg-kms-"));
  const secrets = createVault(await createLocalKms({ dir: kmsDir }));
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const clock = fakeClock(Date.now());
  const app = createApp({
    db: db.knex,
    secrets,
    auditKey: await loadAuditKey(db.knex, secrets),
    logger: pino({ level: "debug" }, sink),
    clock,
    config: { publicUrl: origin, secureCookies: false },
    allowPrivateProviderUrls: allowPrivate,
    sandbox: sandbox.client,
  });
  server.on("request", app.callback());
  // As `npm start` runs them: the judging worker and the grade passback worker.
  app.submissions.start();
  app.lti.scores.start();
  return {
    origin,
    app,
    clock,
    logs,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await app.close();
      await rm(kmsDir, { recursive: true, force: true });
    },
  };
}

describeDocker("an LMS course with Codeground, from registration to roster, in Chromium", () => {
  let sandbox: TestSandboxService;

  beforeAll(async () => {
    sandbox = await startSandboxService();
    harvestSecrets({ password: PASSWORD });
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  for (const target of databases) {
    describeBrowser(`on ${target.name}`, () => {
      let db: TestDatabase;
      let platform: LtiPlatform;
      let tool: Awaited<ReturnType<typeof startTool>>;
      let browser: Browser;
      const cspViolations: string[] = [];
      const pageErrors: string[] = [];

      beforeAll(async () => {
        db = await target.create();
        // The built-in problem bank, as `npm start` seeds it.
        const seeded = await seedBank({ db: db.knex, languages: await sandboxLanguages() }, await loadBank());
        expect(seeded.inserted).toEqual(expect.arrayContaining(["array-sum", "valid-palindrome"]));
        // The platform keeps the tool's clock, so id_tokens, tokens and assertions age together.
        platform = await startLtiPlatform({
          hostname: "localhost",
          now: () => tool?.clock.now() ?? Date.now(),
        });
        const port = new URL(platform.issuer).port;
        tool = await startTool(db, sandbox, [platform.issuer, `http://127.0.0.1:${port}`]);
        await mkdir(ARTIFACTS, { recursive: true });
        browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      }, 120_000);

      afterAll(async () => {
        await browser?.close();
        await tool?.close();
        const leaks = db ? await findLeaks(db.knex, tool?.logs ?? []) : [];
        await db?.destroy();
        await platform?.close();
        expect(leaks).toEqual([]);
        expect(cspViolations).toEqual([]);
        expect(pageErrors).toEqual([]);
      });

      /** A browser of its own (a person), refusing third-party cookies that are not partitioned. */
      async function personPage(): Promise<Page> {
        const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
        const page = await context.newPage();
        context.on("page", watch);
        watch(page);
        return blockThirdPartyCookies(page);
      }
      const watched = new WeakSet<Page>();
      function watch(page: Page) {
        if (watched.has(page)) return;
        watched.add(page);
        page.on("console", (message) => {
          if (/Content Security Policy|Refused to/i.test(message.text()))
            cspViolations.push(`${message.location().url}: ${message.text()}`);
        });
        page.on("pageerror", (error) => pageErrors.push(error.message));
      }

      /** axe-core in a page or one of its frames, light scheme and dark. */
      async function axeViolations(page: Page, frame: Frame = page.mainFrame()): Promise<string[]> {
        await frame.evaluate(`${axeSource}\n;0`);
        const found: string[] = [];
        for (const scheme of ["light", "dark"] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          const violations = (await frame.evaluate(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => JSON.stringify(n.target) + ' ' + ((n.any[0] && n.any[0].message) || '')).join(' ')))",
          )) as string[];
          found.push(...violations.map((v) => `${scheme}: ${v}`));
        }
        await page.emulateMedia({ colorScheme: "light" });
        return found;
      }

      const shot = (page: Page, name: string) =>
        page.screenshot({ path: path.join(ARTIFACTS, `lti-course-flow-${name}-${target.name}.png`) });

      /** The tool's frame inside the LMS page, once it is at `pathname`. */
      async function toolFrame(page: Page, pathname: string): Promise<Frame> {
        const find = () =>
          page
            .frames()
            .find((f) => f !== page.mainFrame() && f.url().startsWith(`${tool.origin}${pathname}`));
        await poll(() => Boolean(find())).toBe(true);
        return find() as Frame;
      }

      const visible = (frame: Frame | Page, text: string | RegExp) =>
        poll(() =>
          frame
            .getByText(text)
            .first()
            .isVisible()
            .catch(() => false),
        ).toBe(true);

      const lmsCourse = { id: `lms-course-${unique()}`, title: "CS 101: Programming" };
      const instructor = { id: "lms-prof-1", name: "Barbara Liskov" };
      const learner = { id: "lms-learner-1", name: "Ada Lovelace" };
      let clientId = "";
      let ownerPage: Page;
      let courseId = "";
      let assignmentId = "";
      let assignmentLink = "";
      let lmsPage: Page;

      /** The owner's portal session calling the API, as their browser would (cookie and Origin). */
      async function asOwner(method: string, url: string, body?: unknown) {
        const cookie = (await ownerPage.context().cookies(tool.origin)).find((c) => c.name === "cg_session");
        const res = await fetch(`${tool.origin}/api/v1${url}`, {
          method,
          headers: {
            Cookie: `cg_session=${cookie?.value ?? ""}`,
            Origin: tool.origin,
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      }

      const launch = (request: Omit<LaunchRequest, "clientId" | "context">) =>
        platform.launchUrl({ clientId, context: lmsCourse, ...request });

      it("1. the LMS administrator registers Codeground dynamically; its future owner signs up in the window it opens", async () => {
        const start = platform.dynamicRegistration(`${tool.origin}/lti/register`);
        harvestSecrets({ token: start.registrationToken });
        const page = await personPage();
        await page.goto(start.pageUrl);
        const frame = await toolFrame(page, "/lti/register");
        await poll(() =>
          frame
            .getByRole("heading", { name: "Register Codeground with your learning platform" })
            .isVisible()
            .catch(() => false),
        ).toBe(true);
        await visible(frame, `codeground-test-lms at ${platform.issuer}`);
        expect(await axeViolations(page, frame)).toEqual([]);
        await shot(page, "1-register-dialog");

        // The framed page cannot use Codeground's cookie: its button opens a first-party window.
        const [popup] = await Promise.all([
          page.context().waitForEvent("page"),
          frame.getByRole("button", { name: "Sign in to Codeground and register" }).click(),
        ]);
        await popup.waitForLoadState();
        expect(new URL(popup.url()).pathname).toBe("/lti/connect");
        await visible(frame, "Finish in the Codeground window: sign in and confirm the registration.");
        await signUpInPage(popup, db, { email: `owner-${unique()}@example.edu`, password: PASSWORD });
        await poll(() =>
          popup.getByRole("heading", { name: `Register Codeground with ${platform.issuer}?` }).isVisible(),
        ).toBe(true);
        const cookie = (await popup.context().cookies(tool.origin)).find((c) => c.name === "cg_session");
        harvestSecrets({ token: cookie?.value });
        expect(await axeViolations(popup)).toEqual([]);
        await popup.screenshot({
          path: path.join(ARTIFACTS, `lti-course-flow-1-connect-${target.name}.png`),
        });
        await clickClosingWindow(popup, popup.getByRole("button", { name: "Register", exact: true }));

        // The framed page heard the window and closed the LMS dialog.
        await poll(() => platform.registrationsClosed).toBe(1);
        await visible(frame, "Codeground is registered with your platform. This dialog closes now.");
        await visible(page, "Registration closed");
        const made = platform.registrations.at(-1);
        expect(made?.via).toBe("dynamic");
        clientId = made?.clientId ?? "";
        const stored = await db.knex("lti_registrations").where({ client_id: clientId }).first();
        expect(stored?.issuer).toBe(platform.issuer);
        await shot(page, "1-registered");

        // The same person, in the same browser, on the portal's LTI page: the registration is theirs.
        ownerPage = await page.context().newPage();
        await ownerPage.goto(`${tool.origin}/lti`);
        await poll(() =>
          ownerPage.getByRole("heading", { name: "LMS integration (LTI 1.3)" }).isVisible(),
        ).toBe(true);
        await poll(() => ownerPage.getByText(clientId, { exact: true }).isVisible()).toBe(true);
        await page.close();
      }, 180_000);

      it("2. an instructor deep-links an assignment of two problems with points, by mouse and keyboard", async () => {
        // The instructor's first visit links the LMS course to a new Codeground course of the owner.
        lmsPage = await personPage();
        await lmsPage.goto(
          launch({ user: instructor, roles: ["Instructor"], messageType: "LtiDeepLinkingRequest" }),
        );
        let picker = await toolFrame(lmsPage, "/lti/launch");
        await poll(() =>
          picker
            .getByRole("heading", { name: "Choose Codeground content" })
            .isVisible()
            .catch(() => false),
        ).toBe(true);
        const link = await db.knex("lti_contexts").where({ context_id: lmsCourse.id }).first("course_id");
        courseId = String(link?.course_id);
        const course = await asOwner("GET", `/courses/${courseId}`);
        expect(course.body).toMatchObject({ name: lmsCourse.title, role: "owner" });

        // The owner sets the week's assignment in that course; the instructor opens the picker again.
        const created = await asOwner("POST", `/courses/${courseId}/assignments`, {
          title: "Week 1",
          problems: [
            { slug: "array-sum", points: 10 },
            { slug: "valid-palindrome", points: 10 },
          ],
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        assignmentId = created.body.id;
        await lmsPage.goto(
          launch({ user: instructor, roles: ["Instructor"], messageType: "LtiDeepLinkingRequest" }),
        );
        picker = await toolFrame(lmsPage, "/lti/launch");
        await poll(() =>
          picker
            .getByRole("heading", { name: "Choose Codeground content" })
            .isVisible()
            .catch(() => false),
        ).toBe(true);
        const selection = /\/lti\/deep-linking\/([^/?"]+)/.exec(
          (await picker.locator("form").first().getAttribute("action")) ?? "",
        )?.[1];
        harvestSecrets({ token: selection });
        const points = picker.getByLabel("Points for Week 1");
        await expect.poll(() => points.inputValue()).toBe("20");
        expect(await axeViolations(lmsPage, picker)).toEqual([]);

        // The mouse ticks the assignment; the keyboard sets its points and sends the form.
        const choice = picker.getByRole("checkbox", { name: /Week 1/ });
        await choice.click();
        expect(await choice.isChecked()).toBe(true);
        await lmsPage.keyboard.press("Tab");
        expect(await picker.evaluate(() => document.activeElement?.getAttribute("name"))).toBe(
          `points:assignment:${assignmentId}`,
        );
        await lmsPage.keyboard.press("ControlOrMeta+a");
        await lmsPage.keyboard.type("20");
        await shot(lmsPage, "2-picker");
        const before = platform.deepLinkReturns.length;
        await lmsPage.keyboard.press("Enter");

        await poll(() => platform.deepLinkReturns.length).toBe(before + 1);
        const returned = platform.deepLinkReturns.at(-1);
        expect(returned?.contentItems).toEqual([
          expect.objectContaining({
            type: "ltiResourceLink",
            title: "Week 1",
            custom: { codeground_course: courseId, codeground_assignment: assignmentId },
            lineItem: expect.objectContaining({ scoreMaximum: 20, label: "Week 1" }),
          }),
        ]);
        assignmentLink = returned?.resourceLinks[0]?.id ?? "";
        const item = platform.lineItems(lmsCourse.id).find((i) => i.resourceLinkId === assignmentLink);
        expect(item).toMatchObject({ label: "Week 1", scoreMaximum: 20 });
        await poll(() =>
          lmsPage
            .frames()
            .some((f) => f !== lmsPage.mainFrame() && f.url().startsWith(platform.urls.deepLinkReturn)),
        ).toBe(true);
        await shot(lmsPage, "2-returned");
        await lmsPage.context().close();
      }, 180_000);

      let learnerPage: Page;

      /** The learner's exercise frame: the editor, the code typed, Submit, the verdict shown. */
      async function submit(frame: Frame, code: string, verdict: string) {
        await frame.locator(".cm-content").click();
        // Emptied first: Chromium's own editing, replacing a selection of several lines inside a
        // contenteditable, writes a style attribute the frame's CSP (rightly) refuses.
        await learnerPage.keyboard.press("ControlOrMeta+a");
        await learnerPage.keyboard.press("Backspace");
        await learnerPage.keyboard.insertText(code);
        await frame.locator("[part=submit-button]").click();
        await poll(() => frame.locator(`.verdict[data-verdict=${verdict}]`).count(), 120_000).toBeGreaterThan(
          0,
        );
      }

      const scoresOf = () =>
        platform.scores.filter((s) => s.userId === learner.id).map((s) => ({ ...s, body: undefined }));

      it("3–4. a learner launches it, solves one problem and fails the other; the LMS receives the scores", async () => {
        learnerPage = await personPage();
        await learnerPage.goto(
          launch({ user: learner, roles: ["Learner"], resourceLink: { id: assignmentLink } }),
        );
        const first = await toolFrame(learnerPage, "/lti/launch");
        await poll(() =>
          first
            .locator("cg-assignment-bar h2")
            .textContent()
            .catch(() => ""),
        ).toBe("Week 1");
        await visible(first, "Array sum");
        const app = first.locator("#app");
        harvestSecrets({ token: await app.getAttribute("data-token") });
        expect(await app.getAttribute("data-assignment")).toBe(assignmentId);
        expect(await app.getAttribute("data-problem")).toBe("array-sum");
        expect(await axeViolations(learnerPage, first)).toEqual([]);

        await submit(first, SOLVE_SUM, "accepted");
        await visible(first, /Submission: Accepted — (\d+) of \1 tests passed/);
        await shot(learnerPage, "3-solved");
        const item = platform.lineItems(lmsCourse.id).find((i) => i.resourceLinkId === assignmentLink);
        await poll(() => scoresOf().length).toBeGreaterThanOrEqual(1);
        expect(scoresOf().at(-1)).toMatchObject({
          lineItemId: item?.id,
          scoreGiven: 10,
          scoreMaximum: 20,
          activityProgress: "InProgress",
          gradingProgress: "FullyGraded",
        });

        // The assignment's second problem, from the exercise page's own list of its problems.
        const nav = first.getByRole("navigation", { name: "Problems of this assignment" });
        expect(await nav.getByRole("button").allTextContents()).toEqual([
          "1. Array sum",
          "2. Valid palindrome",
        ]);
        expect(await nav.getByRole("button", { name: "1. Array sum" }).getAttribute("aria-current")).toBe(
          "step",
        );
        await nav.getByRole("button", { name: "2. Valid palindrome" }).click();
        await visible(first, "Valid palindrome");
        expect(
          await nav.getByRole("button", { name: "2. Valid palindrome" }).getAttribute("aria-current"),
        ).toBe("step");
        await submit(first, WRONG_PALINDROME, "wrong_answer");
        await visible(first, /Submission: Wrong answer — \d+ of \d+ tests passed/);
        await shot(learnerPage, "3-failed");

        // The assignment's line item: 10 of 20, every problem tried, graded.
        await poll(() => scoresOf().at(-1)?.activityProgress).toBe("Submitted");
        expect(scoresOf().at(-1)).toMatchObject({
          lineItemId: item?.id,
          scoreGiven: 10,
          scoreMaximum: 20,
          gradingProgress: "FullyGraded",
        });
        // One client-assertion token served every score.
        expect(platform.tokensIssued.filter((t) => t.clientId === clientId)).toHaveLength(1);
        const deliveries = await asOwner("GET", `/courses/${courseId}/lti/score-deliveries`);
        expect(deliveries.status).toBe(200);
        expect(JSON.stringify(deliveries.body)).not.toMatch(/Bearer|eyJ/);
        await learnerPage.context().close();
      }, 300_000);

      it("5. the owner syncs the roster from the course page: three learners enrolled in the LMS are imported", async () => {
        for (const [id, name] of [
          ["lms-learner-2", "Grace Hopper"],
          ["lms-learner-3", "Alan Turing"],
          ["lms-learner-4", "Katherine Johnson"],
        ] as const) {
          platform.enroll(lmsCourse, { id, name }, ["Learner"]);
        }
        await ownerPage.goto(`${tool.origin}/courses/${courseId}`);
        await poll(() =>
          ownerPage.getByRole("heading", { name: lmsCourse.title, level: 1 }).isVisible(),
        ).toBe(true);
        await poll(() =>
          ownerPage.getByRole("heading", { name: "Learning platform (LTI)" }).isVisible(),
        ).toBe(true);
        await ownerPage.getByRole("button", { name: "Sync roster from the LMS" }).click();
        await visible(ownerPage, /Roster synced: 3 new learners imported, 1 learner brought up to date/);
        expect(await axeViolations(ownerPage)).toEqual([]);
        await shot(ownerPage, "5-roster");
        const learners = await db.knex("course_learners").where({ course_id: courseId });
        expect(learners).toHaveLength(4);
        await ownerPage.context().close();
      }, 120_000);
    });
  }
});
