import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type FrameLocator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
// @ts-expect-error: the example site is plain JavaScript
import { startCourseSite } from "../../examples/course-site/server.mjs";
// The real API, sandbox and database, as the platform's own suites start them.
import type { LlmChunk, LlmGateway } from "../../platform-api/src/services/tutor/llm/index.js";
import { PUBLIC_URL, startApi, type TestApi } from "../../platform-api/test/support/api.js";
import { databases, type TestDatabase } from "../../platform-api/test/support/databases.js";
import { createEmbed, learnerToken, signup, startSession } from "../../platform-api/test/support/embeds.js";
import {
  describeDocker,
  startSandboxService,
  type TestSandboxService,
} from "../../platform-api/test/support/sandbox.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "..", "test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

type Site = { url: string; close(): Promise<void> };

/** A tutor that answers from a script, word by word (the outside world the API would call). */
function scriptedTutor(): LlmGateway {
  return {
    async *stream(): AsyncIterable<LlmChunk> {
      for (const text of ["Think about ", "what **input()** ", "returns: a string."]) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        yield { type: "text", text };
      }
      yield {
        type: "done",
        usage: { inputTokens: 10, outputTokens: 8 },
        keyId: "k",
        provider: "openai",
        model: "m",
      };
    },
    async complete() {
      throw new Error("not used");
    },
  };
}

const sumProblem = (slug: string) => ({
  slug,
  title: "Sum two numbers",
  statement: "Read two integers on one line and print their **sum**.",
  difficulty: "easy",
  categories: ["math"],
  languages: ["python", "cpp"],
  limits: { timeMs: 2000, memoryMb: 256 },
  judge: { mode: "stdio", compare: "tokens" },
  starter: { python: "a, b = map(int, input().split())\n" },
  tests: [
    { name: "example", input: "1 2\n", expected: "3\n", sample: true },
    { input: "40 2\n", expected: "42\n" },
    { input: "-5 5\n", expected: "0\n" },
  ],
});

const squareProblem = (slug: string) => ({
  slug,
  title: "Square it",
  statement: "Read an integer `n` and print `n` squared.",
  difficulty: "easy",
  categories: ["math"],
  languages: ["python"],
  limits: { timeMs: 2000, memoryMb: 256 },
  judge: { mode: "stdio", compare: "tokens" },
  starter: { python: "n = int(input())\n" },
  tests: [
    { name: "four", input: "4\n", expected: "16\n", sample: true },
    { input: "9\n", expected: "81\n" },
  ],
});

/** Replaces the editor's content as a learner would: select all, then type. */
async function typeCode(frame: FrameLocator, page: Page, code: string) {
  const editor = frame.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(code);
}

describeDocker("a course site embedding Codeground", () => {
  let db: TestDatabase;
  let sandbox: TestSandboxService;
  let api: TestApi;
  let site: Site;
  let elsewhere: Site;
  let browser: Browser;
  let embedKey: string;
  let secretKey: string;
  const slugs = [`lesson-sum-${Date.now()}`, `lesson-square-${Date.now()}`];

  beforeAll(async () => {
    const sqlite = databases.find((target) => target.name === "sqlite");
    if (!sqlite) throw new Error("SQLite is always available");
    db = await sqlite.create();
    sandbox = await startSandboxService();
    api = await startApi(db.knex, { sandbox: sandbox.client, llm: scriptedTutor() });
    const author = await signup(api);
    for (const doc of [sumProblem(slugs[0] as string), squareProblem(slugs[1] as string)]) {
      const res = await api.call("POST", "/api/v1/problems", { token: author.token, body: doc });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // Two loopback origins that are not the platform's: the course, and a site the embed does not allow.
    site = await startCourseSite({ codegroundUrl: PUBLIC_URL, embedKey: "pending", problems: slugs });
    await site.close();
    const embed = await createEmbed(api, author.token, {
      allowedOrigins: [site.url],
      features: ["problem", "chat"],
      problems: slugs,
    });
    embedKey = embed.publishableKey;
    secretKey = embed.secretKey;
    // The course sponsors the tutor. Through the API that needs a key in the owner's vault; the
    // scripted tutor needs none, so the flag is set in the table.
    await db.knex("embeds").where({ id: embed.id }).update({ chat_sponsored: true });
    site = await startCourseSite({
      port: Number(new URL(site.url).port),
      codegroundUrl: PUBLIC_URL,
      embedKey,
      problems: slugs,
    });
    elsewhere = await startCourseSite({ codegroundUrl: PUBLIC_URL, embedKey, problems: slugs });
    // The platform's public origin (PUBLIC_URL) resolves to the API on its loopback port.
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
    await elsewhere?.close();
    await api?.close();
    await sandbox?.close();
    await db?.destroy();
  });

  async function openLesson(url: string) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    await page.addInitScript(() => {
      const seen: { type: string; target: string; detail: unknown }[] = [];
      (window as unknown as { cgEvents: typeof seen }).cgEvents = seen;
      for (const type of ["cg-ready", "cg-run", "cg-result", "cg-error"]) {
        document.addEventListener(type, (e) => {
          seen.push({ type, target: (e.target as HTMLElement).id, detail: (e as CustomEvent).detail });
        });
      }
    });
    await page.goto(url);
    return { page, problems };
  }

  const eventsOf = (page: Page) =>
    page.evaluate(
      () => (window as unknown as { cgEvents: { type: string; target: string; detail: never }[] }).cgEvents,
    );

  it("lets a learner solve a problem; the host page hears cg-result", async () => {
    const { page, problems } = await openLesson(site.url);
    const frame = page.frameLocator("#exercise-1 iframe");
    await expect.poll(() => frame.locator("h1").textContent(), { timeout: 30_000 }).toBe("Sum two numbers");
    // Starter code is in the editor, highlighted as Python.
    await expect
      .poll(() => frame.locator(".cm-content").textContent())
      .toContain("a, b = map(int, input().split())");
    await expect.poll(async () => (await frame.locator(".cm-content span[class]").count()) > 0).toBe(true);
    await expect
      .poll(async () =>
        (await eventsOf(page)).some((e) => e.type === "cg-ready" && e.target === "exercise-1"),
      )
      .toBe(true);

    await typeCode(frame, page, "a, b = map(int, input().split())\nprint(a + b)\n");
    await page.keyboard.press("Control+Enter");
    await expect
      .poll(() => frame.locator("[data-verdict=accepted].verdict").first().textContent(), { timeout: 60_000 })
      .toContain("Sample tests: Accepted");

    await page.keyboard.press("Control+Shift+Enter");
    await expect
      .poll(() => page.locator("#log li").first().textContent(), { timeout: 90_000 })
      .toContain(`${slugs[0]}: accepted (3/3 tests)`);
    const events = await eventsOf(page);
    const run = events.find((e) => e.type === "cg-run");
    expect(run?.detail).toMatchObject({ problem: slugs[0], verdict: "accepted", passed: 1, total: 1 });
    const result = events.find((e) => e.type === "cg-result");
    expect(result?.target).toBe("exercise-1");
    expect(result?.detail).toMatchObject({ verdict: "accepted", problem: slugs[0], passed: 3, total: 3 });
    expect((result?.detail as { submissionId?: string } | undefined)?.submissionId).toMatch(/\S/);
    await expect.poll(() => frame.locator("text=Submission: Accepted").count()).toBe(1);

    // The frame sized itself to its content.
    const height = await page.locator("#exercise-1 iframe").evaluate((f) => f.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(300);
    // The draft survives a reload.
    // Drafts live in the host page's storage (first-party), since browsers may deny frames theirs.
    expect(await page.evaluate(() => Object.keys(localStorage))).toContain(
      `cg:${embedKey}:draft:${slugs[0]}:python`,
    );
    await page.reload();
    const again = page.frameLocator("#exercise-1 iframe");
    await expect
      .poll(() => again.locator(".cm-content").textContent(), { timeout: 30_000 })
      .toContain("print(a + b)");
    await page.locator("#exercise-1").screenshot({ path: path.join(ARTIFACTS, "problem-accepted.png") });
    // Everything ran under the frame's strict CSP without a refusal (styles, chunks, connections).
    expect(problems.filter((text) => /Content.Security.Policy|Refused/i.test(text))).toEqual([]);
    await page.close();
  });

  it("shows a wrong answer with the expected and actual output side by side", async () => {
    const { page } = await openLesson(site.url);
    const frame = page.frameLocator("#exercise-2 iframe");
    await expect.poll(() => frame.locator("h1").textContent(), { timeout: 30_000 }).toBe("Square it");
    await typeCode(frame, page, "n = int(input())\nprint(n * 2)\n");
    await frame.getByRole("button", { name: /Submit/ }).click();
    await expect
      .poll(() => page.locator("#log li").first().textContent(), { timeout: 90_000 })
      .toContain(`${slugs[1]}: wrong_answer`);
    await expect.poll(() => frame.locator("text=Submission: Wrong answer").count()).toBe(1);
    const diff = frame.locator("table.diff").first();
    await expect.poll(() => diff.locator("tr.differs td").allTextContents()).toEqual(["16", "8"]);
    const result = (await eventsOf(page)).find((e) => e.type === "cg-result");
    expect(result?.detail).toMatchObject({ verdict: "wrong_answer", problem: slugs[1] });
    await page.locator("#exercise-2").screenshot({ path: path.join(ARTIFACTS, "problem-wrong-answer.png") });
    await page.locator("#log").screenshot({ path: path.join(ARTIFACTS, "lesson-log.png") });
    await page.close();
  });

  it("names the learner the host site vouches for, and keeps a draft per language", async () => {
    const { page } = await openLesson(site.url);
    const frame = page.frameLocator("#exercise-1 iframe");
    await expect.poll(() => frame.locator("h1").count(), { timeout: 30_000 }).toBe(1);
    const token = await learnerToken(
      secretKey,
      { sub: "learner-42" },
      { nowS: Math.floor(api.clock.now() / 1000) },
    );
    // The host page signs its learner in: the element loads its frame again with the learner token.
    await page.locator("#exercise-1").evaluate((el, t) => el.setAttribute("learner-token", t), token);
    await expect
      .poll(async () =>
        (await eventsOf(page)).filter((e) => e.type === "cg-ready" && e.target === "exercise-1"),
      )
      .toHaveLength(2);

    await typeCode(frame, page, "a, b = map(int, input().split())\nprint(a + b)  # python draft\n");
    await frame.getByLabel("Language").selectOption("cpp");
    await expect.poll(() => frame.locator(".cm-content").textContent()).not.toContain("python draft");
    await typeCode(
      frame,
      page,
      "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b; }\n",
    );
    await frame.getByLabel("Language").selectOption("python");
    await expect.poll(() => frame.locator(".cm-content").textContent()).toContain("python draft");
    await frame.getByLabel("Language").selectOption("cpp");
    await expect.poll(() => frame.locator(".cm-content").textContent()).toContain("std::cin");

    await frame.getByRole("button", { name: /Submit/ }).click();
    await expect
      .poll(async () => (await eventsOf(page)).find((e) => e.type === "cg-result"), { timeout: 90_000 })
      .toMatchObject({ detail: { verdict: "accepted", problem: slugs[0] } });
    const result = (await eventsOf(page)).find((e) => e.type === "cg-result");
    const id = (result?.detail as { submissionId?: string } | undefined)?.submissionId;
    const row = await db.knex("submissions").where({ id }).first();
    expect(row).toMatchObject({ learner_ref: "sub:learner-42", language: "cpp" });
    await page.close();
  });

  it("uses a trusted page's own bearer token as is: the submission is that user's", async () => {
    const { page } = await openLesson(site.url);
    const frame = page.frameLocator("#exercise-1 iframe");
    await expect.poll(() => frame.locator("h1").count(), { timeout: 30_000 }).toBe(1);
    const owner = await signup(api);
    await page.locator("#exercise-1").evaluate((el, t) => el.setAttribute("token", t), owner.token);
    await expect
      .poll(async () =>
        (await eventsOf(page)).filter((e) => e.type === "cg-ready" && e.target === "exercise-1"),
      )
      .toHaveLength(2);
    await typeCode(frame, page, "a, b = map(int, input().split())\nprint(a + b)\n");
    await frame.getByRole("button", { name: /Submit/ }).click();
    await expect
      .poll(async () => (await eventsOf(page)).find((e) => e.type === "cg-result"), { timeout: 90_000 })
      .toMatchObject({ detail: { verdict: "accepted", problem: slugs[0] } });
    const mine = await api.call("GET", "/api/v1/submissions", { token: owner.token });
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).toContain(slugs[0]);
    await page.close();
  });

  it("still gets the verdict when the event stream is cut", async () => {
    const { page } = await openLesson(site.url);
    let cut = 0;
    await page.route(/\/api\/v1\/submissions\/[^/]+\/events$/, (route) => {
      cut++;
      return route.abort("connectionreset");
    });
    const frame = page.frameLocator("#exercise-2 iframe");
    await expect.poll(() => frame.locator("h1").count(), { timeout: 30_000 }).toBe(1);
    await typeCode(frame, page, "n = int(input())\nprint(n * n)\n");
    await frame.getByRole("button", { name: /Submit/ }).click();
    await expect
      .poll(async () => (await eventsOf(page)).find((e) => e.type === "cg-result"), { timeout: 90_000 })
      .toMatchObject({ detail: { verdict: "accepted", problem: slugs[1], passed: 2, total: 2 } });
    expect((await eventsOf(page)).some((e) => e.type === "cg-error")).toBe(false);
    expect(cut).toBe(1);
    await page.close();
  });

  it("is usable from the keyboard: Escape then Tab leaves the editor, shortcuts work from the toolbar", async () => {
    const { page } = await openLesson(site.url);
    const frame = page.frameLocator("#exercise-1 iframe");
    await expect.poll(() => frame.locator("h1").count(), { timeout: 30_000 }).toBe(1);
    await typeCode(frame, page, "a, b = map(int, input().split())\nif a:\n");
    await page.keyboard.press("Tab");
    // Tab indents inside the editor…
    await expect.poll(() => frame.locator(".cm-line").last().textContent()).toBe("    ");
    await page.keyboard.insertText("pass\nprint(a + b)");
    // …and Escape then Tab moves on, to the results (after the editor in the tab order) or out.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    const inEditor = await frame.locator(".cm-content").evaluate((el) => el.matches(":focus"));
    expect(inEditor).toBe(false);
    // Focus the Run button by keyboard (Shift+Tab back from the editor) and use the shortcut there.
    await frame.locator(".cm-content").focus();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Tab");
    const focused = await frame.locator("button:focus").textContent();
    expect(focused).toContain("Submit");
    await page.keyboard.press("Control+Enter");
    await expect
      .poll(() => frame.locator(".verdict[data-verdict]").first().textContent(), { timeout: 60_000 })
      .toContain("Sample tests:");
    await page.close();
  });

  it("relays only messages from its own frame at the platform origin, and carries the host's theme", async () => {
    const { page } = await openLesson(site.url);
    for (const id of ["exercise-1", "exercise-2"]) {
      await expect
        .poll(async () => (await eventsOf(page)).some((e) => e.type === "cg-ready" && e.target === id), {
          timeout: 30_000,
        })
        .toBe(true);
    }
    const forged = {
      type: "cg:event",
      name: "cg-result",
      detail: { verdict: "accepted", problem: "forged" },
    };
    // From the host page itself: the right shape, the wrong origin.
    await page.evaluate((message) => window.postMessage(message, "*"), forged);
    // From the platform origin, but from exercise 2's frame: only exercise 2's element may take it.
    const second = await (await page.locator("#exercise-2 iframe").elementHandle())?.contentFrame();
    if (!second) throw new Error("no frame for exercise 2");
    await second.evaluate((message) => window.parent.postMessage(message, "*"), forged);
    await expect
      .poll(async () => (await eventsOf(page)).filter((e) => e.type === "cg-result").map((e) => e.target))
      .toEqual(["exercise-2"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await eventsOf(page)).filter((e) => e.type === "cg-result")).toHaveLength(1);

    // The course's --cg-accent reached the frame (the lesson's stylesheet sets it on the elements).
    const first = page.frameLocator("#exercise-1 iframe");
    await expect
      .poll(() =>
        first.getByRole("button", { name: /Submit/ }).evaluate((b) => getComputedStyle(b).backgroundColor),
      )
      .toBe("rgb(111, 45, 189)");
    await page.close();
  });

  it("gives no working widget on an origin the embed does not allow, and the API refuses the session", async () => {
    const { page } = await openLesson(elsewhere.url);
    await expect
      .poll(
        async () => (await eventsOf(page)).find((e) => e.type === "cg-error" && e.target === "exercise-1"),
        {
          timeout: 30_000,
        },
      )
      .toMatchObject({ detail: { code: "frame_unavailable" } });
    // The browser refused to frame the page (frame-ancestors): no exercise inside.
    const frame = page.frames().find((f) => f.url().includes("/embed/"));
    if (frame) expect(await frame.locator("cg-problem").count()).toBe(0);
    expect((await eventsOf(page)).some((e) => e.type === "cg-ready")).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, "refused-origin.png") });
    await page.close();

    const refused = await startSession(api, embedKey, {}, elsewhere.url);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("origin_not_allowed");
    const allowed = await startSession(api, embedKey, {}, site.url);
    expect(allowed.status).toBe(201);
  });

  it("is accessible: axe finds no violations in the problem frames (light, dark) and the tutor", async () => {
    const { page } = await openLesson(site.url);
    for (const id of ["exercise-1", "exercise-2", "tutor"]) {
      const frameLocator = page.frameLocator(`#${id} iframe`);
      await expect.poll(() => frameLocator.locator("h1").count(), { timeout: 30_000 }).toBe(1);
      const handle = await page.locator(`#${id} iframe`).elementHandle();
      const frame = await handle?.contentFrame();
      if (!frame) throw new Error(`no frame for ${id}`);
      // Evaluated through the debugger protocol, so the frame's strict CSP does not stop it.
      await frame.evaluate(axeSource);
      const violations = await frame.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
        const result = await axe.run();
        return result.violations;
      });
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    }
    await page.close();
  });

  it("streams the tutor's answer into <cg-chat>", async () => {
    const { page } = await openLesson(site.url);
    const frame = page.frameLocator("#tutor iframe");
    const box = frame.getByLabel("Ask the tutor");
    await box.waitFor({ timeout: 30_000 });
    await box.fill("How do I read two numbers?");
    await box.press("Enter");
    await expect
      .poll(
        async () =>
          (await frame.locator("[role=alert]").allTextContents()).join(" ") ||
          (await frame.locator("[data-role=assistant]").last().textContent()),
        { timeout: 30_000 },
      )
      .toContain("returns: a string.");
    expect(await frame.locator("[data-role=assistant] strong").textContent()).toBe("input()");
    await page.locator("#tutor").screenshot({ path: path.join(ARTIFACTS, "tutor.png") });
    await page.close();
  });
});
