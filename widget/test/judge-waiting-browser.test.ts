import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
// The real API with a pool of sandbox nodes, a real sandbox service and database, as the platform's suites start them.
import { createSandboxPool, type SandboxPool } from "../../platform-api/src/services/judging/sandbox-pool.js";
import { PUBLIC_URL, startApi, type TestApi } from "../../platform-api/test/support/api.js";
import { databases, type TestDatabase } from "../../platform-api/test/support/databases.js";
import { createEmbed, learnerToken, signup } from "../../platform-api/test/support/embeds.js";
import { harvestSecrets } from "../../platform-api/test/support/leaks.js";
import {
  describeDocker,
  freePort,
  startSandboxService,
  type TestSandboxService,
} from "../../platform-api/test/support/sandbox.js";
import { escapeAttr, type HostSite, startHostSite } from "./support/host-site.js";

/**
 * A learner submits while no sandbox node answers: the exercise says it is waiting for a judge
 * (no failure), and shows the verdict, without a reload, once a node comes up on the pool's address.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "..", "test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const WAITING = "Waiting for a judge…";
const SOLUTION = "a, b = map(int, input().split())\nprint(a + b)\n";

const poll = <T>(read: () => T | Promise<T>, timeout = 30_000) =>
  expect.poll(read, { timeout, interval: 100 });

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
    { input: "-5 5\n", expected: "0\n" },
  ],
});

/** The exercise's own document: the frame the loader made, served from the platform's origin. */
function exerciseFrame(page: Page): Frame | undefined {
  return page.frames().find((f) => f.url().startsWith(PUBLIC_URL));
}

describeDocker("a submission waiting for a judge, in a real browser", () => {
  const token = randomBytes(24).toString("hex");
  const slug = `waiting-sum-${Date.now()}`;
  let db: TestDatabase;
  let port: number;
  let pool: SandboxPool;
  let api: TestApi;
  let node: TestSandboxService | undefined;
  let site: HostSite;
  let browser: Browser;
  let embed: { publishableKey: string; secretKey: string };

  beforeAll(async () => {
    const sqlite = databases.find((target) => target.name === "sqlite");
    if (!sqlite) throw new Error("SQLite is always available");
    db = await sqlite.create();
    // One sandbox node, on an address where nothing listens yet.
    port = await freePort();
    pool = createSandboxPool({
      urls: [`http://127.0.0.1:${port}`],
      token,
      logger: pino({ level: "silent" }),
      checkEveryMs: 250,
    });
    // JUDGE_WAIT_MINUTES=2: far longer than this test waits (and the API's clock stands still).
    api = await startApi(db.knex, { sandbox: pool, submissions: { judgeWaitMs: 2 * 60_000 } });
    const author = await signup(api);
    const created = await api.call("POST", "/api/v1/problems", {
      token: author.token,
      body: sumProblem(slug),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    site = await startHostSite();
    embed = await createEmbed(api, author.token, {
      allowedOrigins: [site.url],
      features: ["problem"],
      problems: [slug],
    });
    harvestSecrets({ secretKey: embed.secretKey });
    // The platform's public origin resolves to the API on its loopback port.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        `--host-resolver-rules=MAP ${new URL(PUBLIC_URL).hostname} 127.0.0.1:${new URL(api.url).port}`,
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
    pool?.close();
    await node?.close();
    await db?.destroy();
  });

  it("shows “Waiting for a judge…” while no node answers, then the verdict once one does, without a reload", async () => {
    const learner = await learnerToken(
      embed.secretKey,
      { sub: "grace", name: "Grace Hopper" },
      { nowS: Math.floor(api.clock.now() / 1000), expiresInS: 3600 },
    );
    harvestSecrets({ token: learner });
    site.pages.set(
      "/lesson",
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson 3</title>
      <script src="${PUBLIC_URL}/widget.js"></script></head>
      <body><main><h1>Lesson 3</h1>
      <cg-problem id="exercise" embed="${escapeAttr(embed.publishableKey)}" problem="${slug}"
        learner-token="${escapeAttr(learner)}"></cg-problem></main></body></html>`,
    );

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.addInitScript(() => {
      const seen: { type: string; detail: unknown }[] = [];
      (window as unknown as { cgEvents: typeof seen }).cgEvents = seen;
      for (const type of ["cg-result", "cg-error"]) {
        document.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
      }
    });
    const hostEvents = () =>
      page.evaluate(
        () =>
          (window as unknown as { cgEvents: { type: string; detail: Record<string, unknown> }[] }).cgEvents,
      );
    await page.goto(`${site.url}/lesson`);
    const frame = page.frameLocator("#exercise iframe");
    await poll(() => frame.locator("h1").textContent()).toBe("Sum two numbers");

    // The results panel: a polite live region. Everything it shows from here on is recorded.
    const results = frame.locator("section[part=results]");
    expect(await results.getAttribute("aria-live")).toBe("polite");
    expect(await results.getAttribute("aria-label")).toBe("Results");
    const inFrame = exerciseFrame(page);
    if (!inFrame) throw new Error("no exercise frame");
    await results.evaluate((section) => {
      const shown: string[] = [];
      const record = () => {
        const text = (section.textContent ?? "").replace(/\s+/g, " ").trim();
        if (text !== shown[shown.length - 1]) shown.push(text);
      };
      new MutationObserver(record).observe(section, { subtree: true, childList: true, characterData: true });
      Object.assign(window, { shown, sameDocument: true });
    });
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    const editor = frame.locator(".cm-content");
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(SOLUTION);
    const submit = frame.locator("[part=submit-button]");
    const run = frame.locator("[part=run-button]");
    await submit.click();

    // No node answers: the exercise waits for a judge, as a status in the live region.
    const waiting = frame.getByRole("status").filter({ hasText: WAITING });
    await poll(() => waiting.isVisible()).toBe(true);
    await poll(() => results.locator("[role=status][data-waiting]").count()).toBe(1);
    // It stays waiting while the API requeues the submission again and again (1 s apart).
    const refusals = () => api.logs.filter((l) => l.includes("waits queued for a judge")).length;
    await poll(refusals, 20_000).toBeGreaterThanOrEqual(3);
    await poll(() => waiting.isVisible()).toBe(true);
    const stored = await db
      .knex("submissions")
      .whereIn("problem_id", db.knex("problems").select("id").where({ slug }));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ state: expect.stringMatching(/^(queued|running)$/), verdict: null });
    expect(stored[0].waiting_since).not.toBeNull();
    // Nothing failed: no verdict, no alert, no error for the host page.
    expect(await results.locator(".verdict").count()).toBe(0);
    expect(await frame.locator("[role=alert]").count()).toBe(0);
    expect(await results.textContent()).not.toMatch(/Judging failed|internal_error|went wrong/i);
    expect(await hostEvents()).toEqual([]);
    // The learner cannot submit twice meanwhile: Submit says it is judging; Run waits too.
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.textContent()).toContain("Judging…");
    expect(await run.isDisabled()).toBe(true);
    // Waiting is news the live region announces, so the region is not marked busy meanwhile.
    expect(await results.getAttribute("aria-busy")).toBe("false");
    await page
      .locator("#exercise")
      .screenshot({ path: path.join(ARTIFACTS, "problem-waiting-for-judge.png") });

    // A sandbox node comes up on the pool's address.
    node = await startSandboxService({ port, token });
    const verdict = results.locator(".verdict[data-verdict=accepted]");
    await poll(() => verdict.count(), 60_000).toBe(1);
    expect((await verdict.textContent())?.replace(/\s+/g, " ").trim()).toBe(
      "Submission: Accepted — 3 of 3 tests passed",
    );
    expect(await results.locator("[data-test][data-verdict=accepted]").count()).toBe(3);
    expect(await frame.getByText(WAITING).count()).toBe(0);
    expect(await results.locator("[data-waiting]").count()).toBe(0);
    // The verdict is in the live region, no longer busy, so it is announced; Submit is back.
    expect(await results.getAttribute("aria-busy")).toBe("false");
    expect(await submit.isEnabled()).toBe(true);
    expect(await submit.textContent()).toContain("Submit");
    expect(await run.isEnabled()).toBe(true);
    const events = await hostEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "cg-result",
      detail: { verdict: "accepted", problem: slug, passed: 3, total: 3 },
    });
    const done = await db.knex("submissions").where({ id: events[0]?.detail.submissionId }).first();
    expect(done).toMatchObject({ state: "done", verdict: "accepted", waiting_since: null });

    // The same documents throughout: neither the page nor the exercise's frame reloaded.
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    const { shown, sameFrame } = await inFrame.evaluate(() => {
      const w = window as unknown as { shown?: string[]; sameDocument?: boolean };
      return { shown: w.shown, sameFrame: w.sameDocument };
    });
    expect(sameFrame).toBe(true);
    expect(shown).toContain(WAITING);
    // At no moment did the panel show a failure, and once waiting it did not flicker back to
    // "Judging: 0 of 3 tests" at each retry: a retry's `running` state still says it waits.
    for (const text of shown ?? []) expect(text).not.toMatch(/Judging failed|went wrong|internal/i);
    const afterWaiting = (shown ?? []).slice((shown ?? []).indexOf(WAITING));
    expect(afterWaiting.filter((text) => text.startsWith("Judging: 0 of"))).toEqual([]);
    await page.locator("#exercise").screenshot({ path: path.join(ARTIFACTS, "problem-judge-came-back.png") });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);
});
