import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PUBLIC_URL, startApi, type TestApi } from "../../platform-api/test/support/api.js";
import { databases, type TestDatabase } from "../../platform-api/test/support/databases.js";
import { learnerToken, signup } from "../../platform-api/test/support/embeds.js";
import {
  describeDocker,
  startSandboxService,
  type TestSandboxService,
} from "../../platform-api/test/support/sandbox.js";
import chatDe from "../src/locales/chat/de.js";
import problemAr from "../src/locales/problem/ar.js";
import problemEs from "../src/locales/problem/es.js";
import problemPt from "../src/locales/problem/pt-BR.js";
import { escapeAttr, type HostSite, startHostSite } from "./support/host-site.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "..", "test-artifacts", "responsive");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const WIDTHS = [320, 375, 768, 1280] as const;
const SCHEMES = ["light", "dark"] as const;
const ELEMENTS = ["problem", "chat", "keys"] as const;
/** Narrow screens: where tap targets must be 44 px. */
const NARROW = 600;

const LONG_WORD = "supercalifragilistic".repeat(8);
const problem = (slug: string) => ({
  slug,
  title: "Sum two numbers",
  statement: [
    "Read two integers on one line and print their **sum** ([what a sum is](https://example.com/sum)).",
    "",
    `A very long word the layout must wrap: ${LONG_WORD}.`,
    "",
    "```",
    `print(${"1 + ".repeat(40)}1)  # a long line of code in the statement scrolls in its own box`,
    "```",
  ].join("\n"),
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

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

describeDocker("the widget on every screen, in both schemes and in the learner's language", () => {
  let db: TestDatabase;
  let sandbox: TestSandboxService;
  let api: TestApi;
  let site: HostSite;
  let browser: Browser;
  let embed: { id: string; publishableKey: string; secretKey: string };
  const slug = `sum-${Date.now()}`;

  beforeAll(async () => {
    const sqlite = databases.find((target) => target.name === "sqlite");
    if (!sqlite) throw new Error("SQLite is always available");
    db = await sqlite.create();
    sandbox = await startSandboxService();
    api = await startApi(db.knex, { sandbox: sandbox.client });
    const owner = await signup(api);
    const created = await api.call("POST", "/api/v1/problems", { token: owner.token, body: problem(slug) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    site = await startHostSite();
    const made = await api.call("POST", "/api/v1/embeds", {
      token: owner.token,
      body: { name: "Lessons", allowedOrigins: [site.url], features: ["problem", "chat", "keys"] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    embed = made.body;
    await db.knex("embeds").where({ id: embed.id }).update({ chat_sponsored: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        `--host-resolver-rules=MAP ${new URL(PUBLIC_URL).hostname} 127.0.0.1:${new URL(api.url).port}`,
      ],
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
    await sandbox?.close();
    await db?.destroy();
  });

  /** A lesson page: some text, the elements asked for, and more text below (so it scrolls). */
  async function lesson(
    name: string,
    { html = 'lang="en"', elements = ["problem"] as readonly string[], attrs = "", style = "" } = {},
  ) {
    const sub = `learner-${name}`;
    const token = await learnerToken(
      embed.secretKey,
      { sub },
      { nowS: Math.floor(api.clock.now() / 1000), expiresInS: 4 * 3600 },
    );
    const common = `embed="${escapeAttr(embed.publishableKey)}" ${attrs}`;
    const tags = elements.map((element) =>
      element === "keys"
        ? `<cg-keys id="keys" ${common}></cg-keys>`
        : `<cg-${element} id="${element}" ${common} problem="${slug}" learner-token="${escapeAttr(token)}"></cg-${element}>`,
    );
    const prose = "<p>Loops let a program repeat work. Read the exercise, then try it.</p>".repeat(6);
    site.pages.set(
      `/${name}`,
      `<!doctype html><html ${html}><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1"><title>${name}</title>
      <style>body{font-family:sans-serif;margin:0 8px}${style}</style>
      <script src="${PUBLIC_URL}/widget.js"></script></head>
      <body><main><h1>Lesson: ${name}</h1>${prose}${tags.join("\n")}${prose}</main></body></html>`,
    );
    return `${site.url}/${name}`;
  }

  async function frameOf(page: Page, id: string): Promise<Frame> {
    await page.locator(`#${id} iframe`).waitFor();
    const frame = await (await page.locator(`#${id} iframe`).elementHandle())?.contentFrame();
    if (!frame) throw new Error(`no frame for ${id}`);
    return frame;
  }

  async function axeViolations(frame: Frame) {
    // Evaluated through the debugger protocol, so the frame's strict CSP does not stop it.
    await frame.evaluate(axeSource);
    return frame.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
        }
      ).axe;
      return (await axe.run()).violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target) }));
    });
  }

  /** Neither the page nor the frame scrolls sideways, and the frame has no scroll bar of its own. */
  async function fits(page: Page, frame: Frame, label: string) {
    const pageBox = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(pageBox.scroll, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(pageBox.client);
    // The frame's height follows its content; a moment after a change the host has caught up.
    const measure = () =>
      frame.evaluate(() => {
        const root = document.documentElement;
        return {
          scrollWidth: root.scrollWidth,
          clientWidth: root.clientWidth,
          bodyWidth: document.body.scrollWidth,
          scrollHeight: root.scrollHeight,
          clientHeight: root.clientHeight,
        };
      });
    await expect
      .poll(
        async () => {
          const m = await measure();
          return (
            m.scrollWidth <= m.clientWidth &&
            m.bodyWidth <= m.clientWidth &&
            m.scrollHeight <= m.clientHeight + 1
          );
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true)
      .catch(async () => {
        const outside = await page.evaluate(() =>
          [...document.querySelectorAll("cg-problem, cg-chat, cg-keys")].map((e) => {
            const f = e.shadowRoot?.querySelector("iframe");
            return `${e.localName}: style ${f?.style.height} box ${f?.getBoundingClientRect().height} client ${f?.clientHeight}`;
          }),
        );
        throw new Error(
          `${label}: the frame scrolls inside: ${JSON.stringify(await measure())}; ${outside.join("; ")}`,
        );
      });
  }

  /** The control is in view (once scrolled to), enabled, and the one a tap there reaches. */
  async function reachable(page: Page, frame: Frame, selector: string, width: number) {
    const control = frame.locator(selector).first();
    await control.scrollIntoViewIfNeeded();
    await control.click({ trial: true, timeout: 10_000 });
    const box = await control.boundingBox();
    if (!box) throw new Error(`${selector} has no box`);
    const viewport = page.viewportSize();
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual((viewport?.width ?? width) + 0.5);
    if (width < NARROW) {
      expect(box.height, `${selector} is a 44 px tap target at ${width} px`).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
    }
  }

  it("fits 320 to 1280 px in both schemes: no sideways scrolling, Submit in reach, axe clean", async () => {
    const url = await lesson("everywhere", { elements: ELEMENTS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    const problemFrame = await frameOf(page, "problem");
    await poll(() => problemFrame.locator("h1").textContent()).toBe("Sum two numbers");
    // A wrong answer first, so the results and the line-by-line diff are on screen too.
    await problemFrame.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText(`print(a - b, "${"x".repeat(120)}")\n`);
    await problemFrame.locator('[part~="run-button"]').click();
    await poll(() =>
      problemFrame.locator(".results [data-verdict]").first().getAttribute("data-verdict"),
    ).toBe("wrong_answer");
    const frames = {
      problem: problemFrame,
      chat: await frameOf(page, "chat"),
      keys: await frameOf(page, "keys"),
    };
    await poll(() => frames.chat.locator("textarea").count()).toBe(1);
    await poll(() => frames.keys.getByRole("button").count()).toBeGreaterThan(0);
    const primary = {
      problem: '[part~="submit-button"]',
      chat: 'form button[type="submit"]',
      keys: "button",
    };

    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const element of ELEMENTS) {
          const frame = frames[element];
          const label = `${element} at ${width} px, ${scheme}`;
          // As the learner sees it: Chromium pauses the rendering of a cross-origin frame out of view.
          await page.locator(`#${element}`).scrollIntoViewIfNeeded();
          // theme="auto" (the default) follows the page's scheme.
          await poll(() =>
            frame.evaluate(
              () => getComputedStyle(document.querySelector("main > *") as Element).backgroundColor,
            ),
          ).toBe(scheme === "dark" ? "rgb(13, 17, 23)" : "rgb(255, 255, 255)");
          await fits(page, frame, label);
          await reachable(page, frame, primary[element], width);
          expect(await axeViolations(frame), label).toEqual([]);
          await page
            .locator(`#${element}`)
            .screenshot({ path: path.join(ARTIFACTS, `${element}-${width}-${scheme}.png`) });
        }
        if (width < NARROW) {
          // The diff stacks: each line's "yours" sits under its "expected".
          const row = frames.problem.locator("table.diff tbody tr").first();
          const [expected, yours] = [
            await row.locator("td").nth(0).boundingBox(),
            await row.locator("td").nth(1).boundingBox(),
          ];
          expect(yours?.y ?? 0).toBeGreaterThanOrEqual((expected?.y ?? 0) + (expected?.height ?? 0) - 1);
        }
      }
    }
    // The language picker and the results fold on a phone as on a desktop: the failed test is open.
    expect(await frames.problem.locator(".results details[open]").count()).toBeGreaterThan(0);
    await page.close();
  }, 300_000);

  it("solves a problem on a 375 px touch phone by tapping and typing, Submit in reach while typing", async () => {
    const url = await lesson("phone");
    const context: BrowserContext = await browser.newContext({
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { results: unknown[] }).results = seen;
      document.addEventListener("cg-result", (e) => seen.push((e as CustomEvent).detail));
    });
    await page.goto(url);
    const frame = await frameOf(page, "problem");
    await poll(() => frame.locator("h1").textContent()).toBe("Sum two numbers");
    const editor = frame.locator(".cm-content");
    await editor.scrollIntoViewIfNeeded();
    await editor.tap();
    await poll(() => frame.evaluate(() => !!document.activeElement?.closest("cg-problem"))).toBe(true);
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("print(a + b)\n");
    // Typing low in the editor, the page scrolled past the toolbar: Run and Submit stay in view.
    const frameTop = await page
      .locator("#problem iframe")
      .evaluate((f) => f.getBoundingClientRect().top + scrollY);
    const toolbarTop = await frame
      .locator('[part~="toolbar"]')
      .evaluate((t) => t.getBoundingClientRect().top);
    await page.evaluate((y) => window.scrollTo(0, y), frameTop + toolbarTop + 150);
    const submit = frame.locator('[part~="submit-button"]');
    await poll(async () => {
      const box = await submit.boundingBox();
      return !!box && box.y >= -0.5 && box.y + box.height <= 667.5;
    }).toBe(true);
    const before = await page.evaluate(() => scrollY);
    await submit.tap();
    await poll(() => frame.locator(".results [data-verdict]").first().getAttribute("data-verdict")).toBe(
      "accepted",
    );
    await poll(() =>
      page.evaluate(() => (window as unknown as { results: { verdict: string }[] }).results),
    ).toEqual([expect.objectContaining({ verdict: "accepted", passed: 2, total: 2 })]);
    expect(Math.abs((await page.evaluate(() => scrollY)) - before)).toBeLessThan(400);
    await fits(page, frame, "the phone after submitting");
    await page.screenshot({ path: path.join(ARTIFACTS, "phone-375-solved.png") });
    await context.close();
  }, 120_000);

  it("keeps theme light or dark as asked, and the page's --cg-* colours in all three themes", async () => {
    for (const theme of ["light", "dark", "auto"] as const) {
      const url = await lesson(`theme-${theme}`, {
        attrs: theme === "auto" ? "" : `theme="${theme}"`,
        style: "cg-problem{--cg-accent:#6f2dbd;--cg-accent-fg:#ffffff}",
      });
      const page = await browser.newPage({ viewport: { width: 768, height: 900 }, colorScheme: "dark" });
      await page.goto(url);
      const frame = await frameOf(page, "problem");
      await poll(() => frame.locator("h1").textContent()).toBe("Sum two numbers");
      const background = () =>
        frame.evaluate(
          () => getComputedStyle(document.querySelector("cg-problem") as Element).backgroundColor,
        );
      await poll(background).toBe(theme === "light" ? "rgb(255, 255, 255)" : "rgb(13, 17, 23)");
      expect(
        await frame.locator('[part~="submit-button"]').evaluate((b) => getComputedStyle(b).backgroundColor),
      ).toBe("rgb(111, 45, 189)");
      if (theme === "auto") {
        // The page turns light: the frame follows without a reload.
        await page.emulateMedia({ colorScheme: "light" });
        await poll(background).toBe("rgb(255, 255, 255)");
      }
      expect(await axeViolations(frame), theme).toEqual([]);
      await page.close();
    }
  }, 120_000);
  it("speaks the element's lang, else the page's, else the browser's, and tells the tutor", async () => {
    const url = await lesson("languages", { html: 'lang="de"', elements: ["problem", "chat"] });
    // <cg-problem lang="es"> on a German page; the tutor has no lang of its own, so it speaks German.
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 }, locale: "pt-BR" });
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && /\/messages$/.test(request.url()))
        asked.push(request.postData() ?? "");
    });
    site.pages.set(
      "/languages",
      (site.pages.get("/languages") ?? "").replace(
        '<cg-problem id="problem"',
        '<cg-problem id="problem" lang="es"',
      ),
    );
    await page.goto(url);
    const problem = await frameOf(page, "problem");
    await poll(() => problem.locator('[part~="run-button"]').textContent()).toContain(problemEs.run);
    expect(await problem.locator('[part~="submit-button"]').textContent()).toContain(problemEs.submit);
    expect(await problem.evaluate(() => document.documentElement.lang)).toBe("es");
    await problem.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("print(a * b)\n");
    await problem.locator('[part~="run-button"]').click();
    await poll(() => problem.locator(".results .verdict").first().textContent()).toContain(
      problemEs["verdict.wrong_answer"],
    );
    const chat = await frameOf(page, "chat");
    await poll(() => chat.locator('form button[type="submit"]').textContent()).toBe(chatDe.ask);
    await chat.locator("textarea").fill("Wie fange ich an?");
    await chat.locator('form button[type="submit"]').click();
    await poll(() => asked.length).toBeGreaterThan(0);
    expect(JSON.parse(asked[0] ?? "{}")).toMatchObject({ locale: "de" });
    expect(await axeViolations(problem)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "languages-es-de.png"), fullPage: true });
    await page.close();

    // No lang anywhere: the browser's language.
    const plain = await lesson("browser-language", { html: "" });
    const second = await browser.newPage({ viewport: { width: 1024, height: 900 }, locale: "pt-BR" });
    await second.goto(plain);
    const frame = await frameOf(second, "problem");
    await poll(() => frame.locator('[part~="run-button"]').textContent()).toContain(problemPt.run);
    await second.close();
  }, 120_000);

  it("lays out right to left in Arabic, with the code in the editor left to right", async () => {
    const url = await lesson("arabic", { html: 'lang="ar" dir="rtl"' });
    const page = await browser.newPage({ viewport: { width: 768, height: 900 } });
    await page.goto(url);
    const frame = await frameOf(page, "problem");
    await poll(() => frame.locator('[part~="submit-button"]').textContent()).toContain(problemAr.submit);
    expect(await frame.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(
      ["ar", "rtl"],
    );
    const base = frame.locator('[part~="base"]');
    expect(await base.evaluate((b) => getComputedStyle(b).direction)).toBe("rtl");
    // The toolbar runs right to left: the language picker on the right, Submit on the left.
    const picker = await frame.locator('[part~="language-picker"]').boundingBox();
    const submit = await frame.locator('[part~="submit-button"]').boundingBox();
    expect(submit?.x ?? 0).toBeLessThan(picker?.x ?? 0);
    // The code is never mirrored: the editor runs left to right and its lines start on the left.
    expect(await frame.locator(".cm-editor").evaluate((e) => getComputedStyle(e).direction)).toBe("ltr");
    const line = await frame.locator(".cm-line").first().boundingBox();
    const editor = await frame.locator(".cm-content").boundingBox();
    expect((line?.x ?? 0) - (editor?.x ?? 0)).toBeLessThan(20);
    await fits(page, frame, "Arabic");
    expect(await axeViolations(frame)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "arabic-rtl-768.png"), fullPage: true });
    await page.close();
  }, 120_000);
});
