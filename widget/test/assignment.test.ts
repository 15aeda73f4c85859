import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
// The real API, sandbox and database, as the platform's own suites start them.
import { PUBLIC_URL, startApi, type TestApi } from "../../platform-api/test/support/api.js";
import { databases, type TestDatabase } from "../../platform-api/test/support/databases.js";
import { learnerToken, signup } from "../../platform-api/test/support/embeds.js";
import {
  describeDocker,
  startSandboxService,
  type TestSandboxService,
} from "../../platform-api/test/support/sandbox.js";
import { escapeAttr, type HostSite, startHostSite } from "./support/host-site.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "..", "test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const sumProblem = (slug: string) => ({
  slug,
  title: "Sum two numbers",
  statement: "Read two integers on one line and print their **sum**.",
  difficulty: "easy",
  categories: ["math"],
  languages: ["python"],
  limits: { timeMs: 2000, memoryMb: 256 },
  judge: { mode: "stdio", compare: "tokens" },
  starter: { python: "a, b = map(int, input().split())\n" },
  tests: [
    { name: "example", input: "1 2\n", expected: "3\n", sample: true },
    { input: "40 2\n", expected: "42\n" },
  ],
});

describeDocker("<cg-problem assignment>: due time, timed attempts, late work", () => {
  let db: TestDatabase;
  let sandbox: TestSandboxService;
  let api: TestApi;
  let site: HostSite;
  let browser: Browser;
  let embed: { id: string; publishableKey: string; secretKey: string };
  let owner: { token: string };
  let courseId: string;
  const slug = `exam-sum-${Date.now()}`;

  beforeAll(async () => {
    const sqlite = databases.find((target) => target.name === "sqlite");
    if (!sqlite) throw new Error("SQLite is always available");
    db = await sqlite.create();
    sandbox = await startSandboxService();
    api = await startApi(db.knex, { sandbox: sandbox.client });
    owner = await signup(api);
    const problem = await api.call("POST", "/api/v1/problems", {
      token: owner.token,
      body: sumProblem(slug),
    });
    expect(problem.status, JSON.stringify(problem.body)).toBe(201);
    site = await startHostSite();
    const course = await api.call("POST", "/api/v1/courses", { token: owner.token, body: { name: "Exams" } });
    expect(course.status, JSON.stringify(course.body)).toBe(201);
    courseId = course.body.id;
    const created = await api.call("POST", `/api/v1/courses/${courseId}/embeds`, {
      token: owner.token,
      body: { name: "Exam site", allowedOrigins: [site.url], features: ["problem", "chat"] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    embed = created.body;
    // The course sponsors the tutor (so only the assignment's setting can turn it off).
    await db.knex("embeds").where({ id: embed.id }).update({ chat_sponsored: true });
    const apiPort = new URL(api.url).port;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        `--host-resolver-rules=MAP ${new URL(PUBLIC_URL).hostname} 127.0.0.1:${apiPort}`,
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
    await sandbox?.close();
    await db?.destroy();
  });

  const at = (offsetMs: number) => new Date(api.clock.now() + offsetMs).toISOString();

  async function createAssignment(body: Record<string, unknown>) {
    const res = await api.call("POST", `/api/v1/courses/${courseId}/assignments`, {
      token: owner.token,
      body: { problems: [{ slug, points: 10 }], ...body },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; dueAt: string | null };
  }

  /** A lesson page (in British English) with the exercise and the tutor for one learner and assignment. */
  async function openPage(name: string, assignment: string, sub: string) {
    const token = await learnerToken(
      embed.secretKey,
      { sub },
      { nowS: Math.floor(api.clock.now() / 1000), expiresInS: 4 * 3600 },
    );
    const attrs = `embed="${escapeAttr(embed.publishableKey)}" problem="${slug}" assignment="${assignment}" learner-token="${escapeAttr(token)}"`;
    site.pages.set(
      `/${name}`,
      `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${name}</title>
      <script src="${PUBLIC_URL}/widget.js"></script></head>
      <body><main><h1>${name}</h1>
      <cg-problem id="exercise" ${attrs}></cg-problem>
      <cg-chat id="tutor" ${attrs}></cg-chat></main></body></html>`,
    );
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, timezoneId: "UTC" });
    await page.addInitScript(() => {
      // The exercise's events only (the tutor's cg-error for tutor_off is checked in its frame).
      const seen: { type: string; detail: unknown }[] = [];
      (window as unknown as { cgEvents: typeof seen }).cgEvents = seen;
      for (const type of ["cg-result", "cg-error"]) {
        document.addEventListener(type, (e) => {
          if ((e.target as HTMLElement).id === "exercise")
            seen.push({ type, detail: (e as CustomEvent).detail });
        });
      }
    });
    await page.goto(`${site.url}/${name}`);
    const frame = page.frameLocator("#exercise iframe");
    await expect.poll(() => frame.locator("h1").textContent(), { timeout: 30_000 }).toBe("Sum two numbers");
    return { page, frame };
  }

  const eventsOf = (page: Page) =>
    page.evaluate(
      () =>
        (window as unknown as { cgEvents: { type: string; detail: { code?: string; verdict?: string } }[] })
          .cgEvents,
    );

  async function frameOf(page: Page, id: string): Promise<Frame> {
    const frame = await (await page.locator(`#${id} iframe`).elementHandle())?.contentFrame();
    if (!frame) throw new Error(`no frame for ${id}`);
    return frame;
  }

  async function axeViolations(frame: Frame) {
    // Evaluated through the debugger protocol, so the frame's strict CSP does not stop it.
    await frame.evaluate(axeSource);
    return frame.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run()).violations;
    });
  }

  const dueText = (iso: string) =>
    new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
      new Date(iso),
    );

  it("runs a timed attempt: due time, Start attempt, countdown, a judged submission, then attempt_over", async () => {
    const exam = await createAssignment({
      title: "Mid-term exam",
      dueAt: at(3 * 24 * HOUR),
      timeLimitMinutes: 30,
    });
    const { page, frame } = await openPage("exam", exam.id, "learner-exam");
    const bar = frame.locator("cg-assignment-bar");

    // The due time, written in the page's locale, and nothing to submit before the attempt starts.
    await expect.poll(() => bar.locator("h2").textContent()).toBe("Mid-term exam");
    expect(await bar.locator("time").getAttribute("datetime")).toBe(exam.dueAt);
    expect((await bar.locator(".due").textContent())?.replace(/\s+/g, " ").trim()).toBe(
      `Due ${dueText(exam.dueAt as string)}`,
    );
    const submitButton = frame.locator("[part=submit-button]");
    expect(await submitButton.isDisabled()).toBe(true);
    const start = frame.getByRole("button", { name: "Start attempt (30 minutes)" });
    await start.waitFor();
    expect(await axeViolations(await frameOf(page, "exercise")), "before the attempt").toEqual([]);

    // The tutor in the same embed says it is off for this exam, not a generic error.
    const tutor = page.frameLocator("#tutor iframe");
    await tutor.getByLabel("Ask the tutor").fill("What is the answer?");
    await tutor.getByLabel("Ask the tutor").press("Enter");
    await expect
      .poll(() => tutor.locator("[role=alert]").textContent(), { timeout: 30_000 })
      .toBe("The tutor is off during this assignment.");
    expect(await tutor.getByRole("button", { name: "Ask" }).isDisabled()).toBe(true);

    // Start by keyboard; the countdown takes the focus and its status says the time left.
    await start.focus();
    await page.keyboard.press("Enter");
    const timer = bar.getByRole("timer", { name: "Time left" });
    await timer.waitFor({ timeout: 15_000 });
    expect(await timer.textContent()).toMatch(/^(30:00|29:[0-5]\d)$/);
    expect(
      await timer.evaluate(
        (el) =>
          el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el,
      ),
    ).toBe(true);
    expect(await bar.locator("[role=status]").textContent()).toBe("30 minutes left.");
    const first = await timer.textContent();
    await expect.poll(() => timer.textContent(), { timeout: 5000 }).not.toBe(first);
    expect(await submitButton.isDisabled()).toBe(false);
    expect(await axeViolations(await frameOf(page, "exercise")), "during the attempt").toEqual([]);

    // A submission during the attempt is judged, and counts for the assignment.
    const editor = frame.locator(".cm-content");
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("a, b = map(int, input().split())\nprint(a + b)\n");
    await submitButton.click();
    await expect
      .poll(() => frame.locator(".verdict[data-verdict=accepted]").first().textContent(), { timeout: 90_000 })
      .toContain("Submission: Accepted");
    const results = (await eventsOf(page)).filter((e) => e.type === "cg-result");
    expect(results.map((e) => e.detail.verdict)).toEqual(["accepted"]);
    expect(await db.knex("submissions").where({ assignment_id: exam.id }).count({ n: "*" })).toEqual([
      { n: 1 },
    ]);
    await page.locator("#exercise").screenshot({ path: path.join(ARTIFACTS, "assignment-timed.png") });

    // Past the time limit on the API's clock, the API refuses the next submission with its message.
    api.clock.advance(31 * MINUTE);
    await submitButton.click();
    await expect
      .poll(async () => (await eventsOf(page)).find((e) => e.type === "cg-error")?.detail.code, {
        timeout: 15_000,
      })
      .toBe("attempt_over");
    const refusal = (await eventsOf(page)).find((e) => e.type === "cg-error")?.detail as { message: string };
    expect(refusal.message).toMatch(/^Your attempt ended at .+; submissions after it are not accepted\.$/);
    expect(await frame.locator("[role=alert]").textContent()).toContain(refusal.message);
    await expect.poll(() => bar.locator(".over").textContent()).toContain("Your time is up");
    expect(await submitButton.isDisabled()).toBe(true);
    expect(await db.knex("submissions").count({ n: "*" })).toEqual([{ n: 1 }]);
    expect(await axeViolations(await frameOf(page, "exercise")), "after the time is up").toEqual([]);
    await page.locator("#exercise").screenshot({ path: path.join(ARTIFACTS, "assignment-time-up.png") });
    await page.close();
  });

  it("marks an untimed assignment past its due time as late, under its late policy", async () => {
    const homework = await createAssignment({
      title: "Homework 1",
      dueAt: at(HOUR),
      latePolicy: { penaltyPerDay: 10 },
      tutor: "hints",
    });
    api.clock.advance(2 * HOUR);
    const { page, frame } = await openPage("homework", homework.id, "learner-late");
    const bar = frame.locator("cg-assignment-bar");
    await expect.poll(() => bar.locator("[part=late]").textContent(), { timeout: 15_000 }).toBe("Late");
    const text = (await bar.locator(".base").textContent())?.replace(/\s+/g, " ");
    expect(text).toContain(`Due ${dueText(homework.dueAt as string)}`);
    expect(text).toContain("Submitting now is late: 10% off per day late.");
    expect(await bar.getByRole("timer").count()).toBe(0);
    expect(await bar.getByRole("button").count()).toBe(0);
    expect(await frame.locator("[part=submit-button]").isDisabled()).toBe(false);
    expect(await axeViolations(await frameOf(page, "exercise"))).toEqual([]);
    await page.locator("#exercise").screenshot({ path: path.join(ARTIFACTS, "assignment-late.png") });
    await page.close();
  });
});
