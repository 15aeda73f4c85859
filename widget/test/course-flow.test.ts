import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBank } from "../../platform-api/src/bank/index.js";
import { seedBank } from "../../platform-api/src/services/problems/problem-seed.js";
import { sandboxLanguages } from "../../platform-api/src/services/problems/problems.js";
// The real API (serving the portal and the widget), sandbox and databases, as the platform's suites start them.
import { PUBLIC_URL, startApi, type TestApi } from "../../platform-api/test/support/api.js";
import { databases, type TestDatabase } from "../../platform-api/test/support/databases.js";
import { learnerToken } from "../../platform-api/test/support/embeds.js";
import { harvestSecrets } from "../../platform-api/test/support/leaks.js";
import { signUpInPage as signUpHere } from "../../platform-api/test/support/portal.js";
import {
  describeDocker,
  startSandboxService,
  type TestSandboxService,
} from "../../platform-api/test/support/sandbox.js";
import { escapeAttr, type HostSite, startHostSite } from "./support/host-site.js";

/**
 * A course from its first minute to its gradebook export, in one browser, on each database the
 * platform runs on: a fresh user signs up and creates a course; invites an instructor and a TA; sets
 * an assignment with a due time and makes an embed; a course site with two learners solves and
 * fails problems; the instructor watches the gradebook update live; a late submission is marked
 * late and scored with the penalty; the TA can change nothing; the CSV holds the same numbers.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "..", "test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PASSWORD = "a whole course flow passphrase 42";
const HOUR = 3600_000;
const PENALTY = 25;

const SOLVE_SUM = "def solution(nums):\n    return sum(nums)\n";
const WRONG_SUM = "def solution(nums):\n    return 0\n";
const WRONG_PALINDROME = "def solution(s):\n    return False\n";

const unique = () => Math.random().toString(36).slice(2, 10);
const poll = <T>(read: () => T | Promise<T>, timeout = 30_000) =>
  expect.poll(read, { timeout, interval: 100 });

/** What the gradebook's grid shows: each row's cells, as text. */
interface Shown {
  problems: string[];
  rows: string[][];
}

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).first();
const at = (page: Page) => page.evaluate(() => location.pathname);
const grid = (page: Page) => page.locator("cg-gradebook-grid table");
const shown = (page: Page): Promise<Shown> =>
  grid(page).evaluate((table: HTMLTableElement) => {
    const text = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim();
    const [, problems] = [...(table.tHead?.rows ?? [])];
    return {
      problems: [...(problems?.cells ?? [])].map(text),
      rows: [...(table.tBodies[0]?.rows ?? [])].map((r) => [...r.cells].map(text)),
    };
  });
const rowOf = (view: Shown, name: string) => view.rows.find((r) => r[0] === name) ?? [];

describeDocker("a course from sign-up to the gradebook's CSV, in a real browser", () => {
  let sandbox: TestSandboxService;
  let site: HostSite;

  beforeAll(async () => {
    sandbox = await startSandboxService();
    site = await startHostSite();
    harvestSecrets({ password: PASSWORD });
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    await sandbox?.close();
  });

  // SQLite, and PostgreSQL (CI requires it); SQL Server where MSSQL_TEST_URL names one.
  for (const target of databases) {
    describe(`on ${target.name}`, () => {
      let db: TestDatabase;
      let api: TestApi;
      let browser: Browser;

      beforeAll(async () => {
        db = await target.create();
        // The built-in problem bank, as `npm start` seeds it.
        const seeded = await seedBank({ db: db.knex, languages: await sandboxLanguages() }, await loadBank());
        expect(seeded.inserted).toContain("array-sum");
        api = await startApi(db.knex, { sandbox: sandbox.client });
        // The portal's public address (its cookies and CSRF check use it) resolves to this API.
        browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: [
            ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
            `--host-resolver-rules=MAP ${new URL(PUBLIC_URL).hostname} 127.0.0.1:${new URL(api.url).port}`,
          ],
        });
      }, 120_000);

      afterAll(async () => {
        await browser?.close();
        await api?.close();
        await db?.destroy();
      });

      const errors: string[] = [];
      async function newPage(): Promise<Page> {
        const context: BrowserContext = await browser.newContext({
          viewport: { width: 1280, height: 900 },
          timezoneId: "UTC",
          acceptDownloads: true,
        });
        const page = await context.newPage();
        page.on("pageerror", (error) => errors.push(error.message));
        return page;
      }

      /** Signs up through the portal's own form, on whatever page it stands in for. */
      async function signUpInPage(page: Page, email: string) {
        await signUpHere(page, db, { email, password: PASSWORD });
        await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
      }

      /** The API with the session cookie a page holds, as that person's browser would send it. */
      async function asPage(page: Page, method: string, url: string, body?: unknown) {
        const cookie = (await page.context().cookies()).find((c) => c.name === "cg_session")?.value ?? "";
        return api.call(method, `/api/v1${url}`, {
          ...(body === undefined ? {} : { body }),
          headers: { Cookie: `cg_session=${cookie}`, Origin: PUBLIC_URL },
        });
      }

      /** Makes an invitation on the course page and reads its link, shown once. */
      async function invite(page: Page, email: string, role: "Instructor" | "TA") {
        await page.getByLabel("Email address").fill(email);
        await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
        await page.getByRole("button", { name: "Create invitation link" }).click();
        const link = page.getByTestId("invitation-link");
        await poll(() => link.isVisible()).toBe(true);
        const url = ((await link.textContent()) ?? "").trim();
        harvestSecrets({ token: url.slice(url.lastIndexOf("/") + 1) });
        await page.getByRole("button", { name: "I have sent it" }).click();
        return url;
      }

      /** Someone new opens their invitation link, signs up there and accepts. */
      async function joinAs(url: string, email: string, role: "Instructor" | "TA") {
        const page = await newPage();
        await page.goto(url);
        await signUpInPage(page, email);
        await page.getByRole("button", { name: `Accept and join as ${role}` }).click();
        await poll(() => heading(page).textContent()).toBe(courseName);
        return page;
      }

      const courseName = "Programming 1";
      let owner: Page;
      let instructor: Page;
      let taPage: Page;
      let courseId = "";
      let assignmentId = "";
      let dueAt = "";
      let embed = { publishableKey: "", secretKey: "" };

      it("1. a fresh user signs up on the portal and creates a course", async () => {
        owner = await newPage();
        await owner.goto(`${PUBLIC_URL}/`);
        await signUpInPage(owner, `owner-${unique()}@example.edu`);
        await owner
          .getByRole("navigation", { name: "Portal" })
          .getByRole("link", { name: "Courses" })
          .click();
        await poll(() => heading(owner).textContent()).toBe("Courses");
        await owner.getByLabel("Course name").fill(courseName);
        await owner.getByRole("button", { name: "Create course" }).click();
        await poll(() => heading(owner).textContent()).toBe(courseName);
        courseId = (await at(owner)).split("/").pop() ?? "";
        expect(courseId).toMatch(/^[0-9a-f-]{36}$/);
        expect(await owner.getByText("You own this course.").isVisible()).toBe(true);
      }, 120_000);

      it("2. they invite an instructor and a TA, who sign up from their links and join", async () => {
        const instructorEmail = `ines-${unique()}@example.edu`;
        const taEmail = `tariq-${unique()}@example.edu`;
        const instructorUrl = await invite(owner, instructorEmail, "Instructor");
        const taUrl = await invite(owner, taEmail, "TA");
        instructor = await joinAs(instructorUrl, instructorEmail, "Instructor");
        expect(await instructor.getByText("You are an instructor of this course.").isVisible()).toBe(true);
        taPage = await joinAs(taUrl, taEmail, "TA");
        expect(await taPage.getByText("You are a TA of this course.").isVisible()).toBe(true);
        await owner.reload();
        for (const email of [instructorEmail, taEmail]) {
          await poll(() => owner.getByRole("row", { name: new RegExp(email) }).isVisible()).toBe(true);
        }
      }, 180_000);

      it("3. they add an assignment with a due time and a late policy, and make an embed for the course site", async () => {
        await owner.getByRole("link", { name: "New assignment" }).click();
        await poll(() => heading(owner).textContent()).toBe("New assignment");
        await owner.getByLabel("Title", { exact: true }).fill("Week 1");
        const search = owner.getByLabel("Find a problem to add, by title or slug");
        for (const [query, title] of [
          ["array sum", "Array sum"],
          ["palindrome", "Valid palindrome"],
        ]) {
          await search.fill(query);
          await search.press("Enter");
          await owner.getByRole("button", { name: `Add ${title}`, exact: true }).click();
        }
        // Due in two hours on the API's clock; the browser's time zone is UTC, so the field is too.
        dueAt = new Date(api.clock.now() + 2 * HOUR).toISOString();
        await owner.getByLabel("Due", { exact: true }).fill(dueAt.slice(0, 16));
        await owner.getByLabel("Accept late work", { exact: true }).check();
        await owner.getByLabel("Penalty per day late (%)").fill(String(PENALTY));
        await owner.getByRole("button", { name: "Create assignment" }).click();
        await poll(() => heading(owner).textContent()).toBe("Week 1");
        assignmentId = ((await owner.getByTestId("assignment-id").textContent()) ?? "").trim();
        const saved = await asPage(owner, "GET", `/assignments/${assignmentId}`);
        expect(saved.body).toMatchObject({
          problems: [
            { slug: "array-sum", points: 10 },
            { slug: "valid-palindrome", points: 10 },
          ],
          dueAt: `${dueAt.slice(0, 16)}:00.000Z`,
          latePolicy: { penaltyPerDay: PENALTY },
          tutor: "hints",
        });
        dueAt = saved.body.dueAt;

        await owner.getByRole("link", { name: `← ${courseName}` }).click();
        await poll(() => heading(owner).textContent()).toBe(courseName);
        await owner.getByRole("button", { name: "New embed" }).click();
        await owner.getByLabel("Name", { exact: true }).fill("Lesson pages");
        await owner.getByLabel("Allowed origins, one per line").fill(site.url);
        await owner.getByRole("button", { name: "Create embed" }).click();
        const secret = owner.getByTestId("embed-secret");
        await poll(() => secret.isVisible()).toBe(true);
        const secretKey = ((await secret.textContent()) ?? "").trim();
        harvestSecrets({ secretKey });
        const snippet =
          (await owner.getByRole("article", { name: "Lesson pages" }).locator("pre").textContent()) ?? "";
        const publishableKey = /embed="(pk_[^"]+)"/.exec(snippet)?.[1] ?? "";
        expect(publishableKey).toMatch(/^pk_/);
        embed = { publishableKey, secretKey };
        await owner.getByRole("button", { name: "I have stored it" }).click();
      }, 180_000);

      let gradebook: Page;

      it("4–5. two learners on the course site solve and fail problems; the instructor's gradebook follows live", async () => {
        gradebook = await instructor.context().newPage();
        await gradebook.goto(`${PUBLIC_URL}/courses/${courseId}`);
        await gradebook.getByRole("link", { name: "Open the gradebook" }).click();
        await poll(() => heading(gradebook).textContent()).toBe("Gradebook");
        await poll(() => gradebook.getByText("Live: new results appear").isVisible()).toBe(true);
        // A mark on this page's window: a reload would wipe it.
        await gradebook.evaluate(() => {
          (window as unknown as { sameDocument: boolean }).sameDocument = true;
        });

        await submitAs("ada", "Ada Lovelace", "array-sum", SOLVE_SUM, "accepted");
        await poll(() => shown(gradebook).then((v) => rowOf(v, "Ada Lovelace")[2] ?? "")).toMatch(
          /^10 Solved/,
        );
        await submitAs("ada", "Ada Lovelace", "valid-palindrome", WRONG_PALINDROME, "wrong_answer");
        await poll(() => shown(gradebook).then((v) => rowOf(v, "Ada Lovelace")[3] ?? "")).toMatch(
          /^0 Wrong answer/,
        );
        await submitAs("ben", "Ben Okafor", "array-sum", WRONG_SUM, "wrong_answer");
        await poll(() => shown(gradebook).then((v) => rowOf(v, "Ben Okafor")[2] ?? "")).toMatch(
          /^0 Wrong answer/,
        );
        expect(rowOf(await shown(gradebook), "Ada Lovelace")[1]).toBe("10");
        expect(
          await gradebook.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
        ).toBe(true);
        await gradebook.screenshot({
          path: path.join(ARTIFACTS, `course-flow-gradebook-${target.name}.png`),
        });
      }, 300_000);

      /** A learner's lesson page on the course site: the exercise in the assignment, signed for them. */
      async function openExercise(sub: string, name: string, problem: string) {
        const token = await learnerToken(
          embed.secretKey,
          { sub, name },
          { nowS: Math.floor(api.clock.now() / 1000), expiresInS: 12 * 3600 },
        );
        harvestSecrets({ token });
        const page = `/${sub}-${problem}`;
        site.pages.set(
          page,
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 1</title>
          <script src="${PUBLIC_URL}/widget.js"></script></head>
          <body><main><h1>Week 1</h1>
          <cg-problem id="exercise" embed="${escapeAttr(embed.publishableKey)}" problem="${problem}"
            assignment="${assignmentId}" learner-token="${escapeAttr(token)}"></cg-problem></main></body></html>`,
        );
        const tab = await newPage();
        await tab.goto(`${site.url}${page}`);
        const frame = tab.frameLocator("#exercise iframe");
        await poll(() => frame.locator("cg-assignment-bar h2").textContent()).toBe("Week 1");
        return { tab, frame };
      }

      async function submitAs(sub: string, name: string, problem: string, code: string, verdict: string) {
        const { tab, frame } = await openExercise(sub, name, problem);
        await frame.locator(".cm-content").click();
        await tab.keyboard.press("Control+A");
        await tab.keyboard.insertText(code);
        await frame.locator("[part=submit-button]").click();
        await poll(() => frame.locator(`.verdict[data-verdict=${verdict}]`).count(), 120_000).toBeGreaterThan(
          0,
        );
        return { tab, frame };
      }

      it("6. a submission after the due time is marked late and scored with the penalty", async () => {
        // An hour past the due time: one started day late.
        api.clock.advance(new Date(dueAt).getTime() + HOUR - api.clock.now());
        const { tab, frame } = await openExercise("ben", "Ben Okafor", "array-sum");
        const bar = frame.locator("cg-assignment-bar");
        await poll(() => bar.locator("[part=late]").textContent()).toBe("Late");
        expect((await bar.locator(".base").textContent())?.replace(/\s+/g, " ")).toContain(
          `Submitting now is late: ${PENALTY}% off per day late.`,
        );
        await tab.close();
        await submitAs("ben", "Ben Okafor", "array-sum", SOLVE_SUM, "accepted");
        const late = 10 * (1 - PENALTY / 100);
        await poll(() => shown(gradebook).then((v) => rowOf(v, "Ben Okafor")[2] ?? "")).toBe(
          `${late} Solved Late , 2 attempts`,
        );
        expect(rowOf(await shown(gradebook), "Ben Okafor")[1]).toBe(String(late));
        const book = await asPage(gradebook, "GET", `/courses/${courseId}/gradebook`);
        const cell = book.body.cells.find(
          (c: { problem: string; learnerId: string }) =>
            c.problem === "array-sum" &&
            book.body.learners.find((l: { id: string; name: string }) => l.id === c.learnerId)?.name ===
              "Ben Okafor",
        );
        expect(cell).toMatchObject({ bestVerdict: "accepted", score: late, attempts: 2, late: true });
      }, 300_000);

      it("7. the TA sees everything and can change nothing, on the pages and through the API", async () => {
        await taPage.goto(`${PUBLIC_URL}/courses/${courseId}`);
        await poll(() => taPage.getByRole("link", { name: "Week 1" }).isVisible()).toBe(true);
        expect(await taPage.getByRole("link", { name: "New assignment" }).count()).toBe(0);
        expect(await taPage.getByRole("button", { name: "New embed" }).count()).toBe(0);
        await taPage.getByRole("link", { name: "Week 1" }).click();
        await poll(() => heading(taPage).textContent()).toBe("Week 1");
        expect(await taPage.getByLabel("Title", { exact: true }).isDisabled()).toBe(true);
        expect(await taPage.getByRole("main").getByRole("button").count()).toBe(0);
        await taPage.goto(`${PUBLIC_URL}/courses/${courseId}/gradebook`);
        await poll(() => grid(taPage).isVisible()).toBe(true);
        const rows = (await shown(gradebook)).rows;
        await poll(async () => (await shown(taPage)).rows).toEqual(rows);

        const writes: [string, string, unknown][] = [
          ["PATCH", `/assignments/${assignmentId}`, { title: "Changed" }],
          ["DELETE", `/assignments/${assignmentId}`, undefined],
          [
            "POST",
            `/courses/${courseId}/assignments`,
            { title: "Mine", problems: [{ slug: "array-sum", points: 1 }] },
          ],
          ["POST", `/courses/${courseId}/embeds`, { name: "Mine", allowedOrigins: [site.url] }],
          ["PATCH", `/courses/${courseId}`, { name: "Renamed" }],
          ["POST", `/courses/${courseId}/invitations`, { email: "x@example.edu", role: "ta" }],
        ];
        for (const [method, url, body] of writes) {
          const res = await asPage(taPage, method, url, body);
          expect(res.status, `${method} ${url}`).toBe(403);
        }
        const still = await asPage(owner, "GET", `/assignments/${assignmentId}`);
        expect(still.body.title).toBe("Week 1");
      }, 120_000);

      it("8. the CSV holds the numbers the gradebook shows", async () => {
        const view = await shown(gradebook);
        const [download] = await Promise.all([
          gradebook.waitForEvent("download"),
          gradebook.getByRole("link", { name: "Download CSV" }).click(),
        ]);
        const lines = (await readFile(await download.path(), "utf8")).trim().split("\r\n");
        expect(lines[0]).toBe(
          "Learner,Learner id,Week 1: array-sum (10),Week 1: valid-palindrome (10),Total",
        );
        const score = (text: string | undefined) =>
          text?.startsWith("–") ? "0" : (text?.split(" ")[0] ?? "");
        expect(view.rows.map((r) => r[0])).toEqual(["Ada Lovelace", "Ben Okafor"]);
        for (const row of view.rows) {
          const fields = lines.find((l) => l.startsWith(`${row[0]},`))?.split(",") ?? [];
          expect(fields.slice(2), `${row[0]} in ${lines.join(" | ")}`).toEqual([
            ...row.slice(2).map(score),
            row[1],
          ]);
        }
        expect(lines.slice(1).map((l) => [l.split(",")[0], ...l.split(",").slice(2)])).toEqual([
          ["Ada Lovelace", "10", "0", "10"],
          ["Ben Okafor", "7.5", "0", "7.5"],
        ]);
        expect(errors).toEqual([]);
      }, 60_000);
    });
  }
});
