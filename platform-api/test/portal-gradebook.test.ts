import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Gradebook } from "@codeground/sdk";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { insertCourseProblem } from "./support/courses.js";
import { learnerToken, ORIGIN } from "./support/embeds.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "a gradebook portal passphrase 42";
const HOUR = 3600 * 1000;
/** A learner's display name a page must show as text, never as markup. */
const CY = "Cy <b>Bold</b>";
/** Code a page must show as text inside its <pre>, never run. */
const HOSTILE_CODE = '</code></pre><img src=x onerror="document.title=1">print(1)';

describeBrowser("the portal's gradebook: course staff watch results live", () => {
  let portal: Portal;
  let origin: string;
  let db: Portal["db"]["knex"];

  /** What the page's grid shows: the assignment headers, the problem headers, and each row's cells. */
  interface Shown {
    groups: string[];
    problems: string[];
    rows: string[][];
  }

  afterAll(async () => {
    await portal?.close();
  });

  const iso = (ms: number) => new Date(ms).toISOString();
  const unique = () => Math.random().toString(36).slice(2, 10);
  const heading = (page: Page) => page.getByRole("heading", { level: 1 }).first();
  /** Whether the element has the keyboard focus (inside its shadow root). */
  const focused = (locator: Locator) =>
    locator.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el);

  /** A user signed up through the API as a browser would (with Origin); their session cookie. */
  async function signUp(name: string) {
    const email = `${name.toLowerCase().replace(/[^a-z]/g, "")}-${unique()}@example.edu`;
    const { cookie, user } = await accountFor(portal, { email, password: PASSWORD, displayName: name });
    return { id: user.id, email, cookie };
  }
  type Person = Awaited<ReturnType<typeof signUp>>;

  /** The API on someone's cookie session. */
  async function call(who: Person, method: string, url: string, body?: unknown) {
    const response = await fetch(`${origin}/api/v1${url}`, {
      method,
      headers: {
        Cookie: `cg_session=${who.cookie}`,
        Origin: origin,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely
    const parsed: any = text ? JSON.parse(text) : undefined;
    harvestSecrets(parsed);
    return { status: response.status, body: parsed };
  }

  async function pageAs(
    who: Person,
    at: string,
    width = 1280,
    before?: (page: Page) => Promise<void>,
  ): Promise<Page> {
    const page = await portal.newPage();
    await before?.(page);
    await page.setViewportSize({ width, height: 900 });
    // Every EventSource the page opens, to see that leaving the page closes them.
    await page.addInitScript(() => {
      const Native = window.EventSource;
      const opened: EventSource[] = [];
      (window as unknown as { openedStreams: EventSource[] }).openedStreams = opened;
      window.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          opened.push(this);
        }
      };
    });
    await page.context().addCookies([{ name: "cg_session", value: who.cookie, url: origin }]);
    await page.goto(`${origin}${at}`);
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
    return page;
  }

  const streams = (page: Page) =>
    page.evaluate(() =>
      (window as unknown as { openedStreams: EventSource[] }).openedStreams.map((s) => s.readyState),
    );

  const grid = (page: Page) => page.locator("cg-gradebook-grid table");
  /** The grid as text, read from the page (shadow roots included). */
  const shown = (page: Page): Promise<Shown> =>
    grid(page).evaluate((table: HTMLTableElement) => {
      const text = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim();
      const [groups, problems] = [...(table.tHead?.rows ?? [])];
      return {
        groups: [...(groups?.cells ?? [])].slice(2).map(text),
        problems: [...(problems?.cells ?? [])].map(text),
        rows: [...(table.tBodies[0]?.rows ?? [])].map((r) => [...r.cells].map(text)),
      };
    });
  const rowOf = (view: Shown, name: string) => view.rows.find((r) => r[0] === name) ?? [];

  // The course: an owner, an instructor and a TA; an embed with two learners (Ada, Bob) and a
  // portal learner (Cy); two assignments; submissions as the judge leaves them.
  let owner: Person;
  let instructor: Person;
  let ta: Person;
  let cy: Person;
  let stranger: Person;
  let course: { id: string; name: string; joinCode: string };
  let embed: { id: string; publishableKey: string; secretKey: string };
  const ada = "sub:ada";
  const bob = "sub:bob";
  const problems: Record<string, string> = {};
  let loops = "";
  let warmUp = "";
  let due = 0;
  let gradebookPath = "";

  /** A judged submission, as the worker leaves it: hidden test 2 ("large input") fails unless accepted. */
  async function submit(
    who: { learnerRef?: string; userId?: string },
    slug: string,
    assignmentId: string,
    verdict: string,
    createdAt: number,
    code = `print(${JSON.stringify(verdict)})`,
  ) {
    const id = randomUUID();
    await db("submissions").insert({
      id,
      problem_id: problems[slug],
      user_id: who.userId ?? null,
      embed_id: who.learnerRef ? embed.id : null,
      learner_ref: who.learnerRef ?? null,
      language: "python",
      code,
      state: "done",
      verdict,
      created_at: iso(createdAt),
      finished_at: iso(createdAt + 1000),
      assignment_id: assignmentId,
    });
    await db("submission_results").insert([
      {
        id: randomUUID(),
        submission_id: id,
        ordinal: 1,
        verdict: "accepted",
        time_ms: 5,
        memory_kb: 1,
        hidden: false,
      },
      {
        id: randomUUID(),
        submission_id: id,
        ordinal: 2,
        name: "large input",
        verdict,
        time_ms: 7,
        memory_kb: 1,
        hidden: true,
      },
    ]);
    return id;
  }

  beforeAll(async () => {
    portal = await startPortal();
    origin = portal.origin;
    db = portal.db.knex;
    harvestSecrets({ password: PASSWORD });
    [owner, instructor, ta, cy, stranger] = await Promise.all(
      ["Olga Owner", "Ines Instructor", "Tariq TA", CY, "Sam Stranger"].map(signUp),
    );
    const created = await call(owner, "POST", "/courses", { name: "CS 1" });
    expect(created.status).toBe(201);
    course = created.body;
    gradebookPath = `/courses/${course.id}/gradebook`;
    for (const [who, role] of [
      [instructor, "instructor"],
      [ta, "ta"],
    ] as const) {
      const invitation = await call(owner, "POST", `/courses/${course.id}/invitations`, {
        email: who.email,
        role,
      });
      expect(invitation.status).toBe(201);
      expect((await call(who, "POST", `/invitations/${invitation.body.token}/accept`)).status).toBeLessThan(
        300,
      );
    }
    expect((await call(cy, "POST", "/courses/join", { joinCode: course.joinCode })).status).toBeLessThan(300);
    const made = await call(owner, "POST", `/courses/${course.id}/embeds`, {
      name: "Week 1",
      allowedOrigins: [ORIGIN],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    embed = made.body;
    const nowS = Math.floor(portal.clock.now() / 1000);
    for (const [sub, name] of [
      ["ada", "Ada"],
      ["bob", "Bob"],
    ] as const) {
      const token = await learnerToken(embed.secretKey, { sub, name }, { nowS });
      harvestSecrets({ learnerToken: token });
      const session = await fetch(`${origin}/api/v1/embed/sessions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Embed-Key": embed.publishableKey, Origin: ORIGIN },
        body: JSON.stringify({ learnerToken: token }),
      });
      expect(session.status).toBe(201);
      harvestSecrets(await session.json());
    }
    const at = iso(portal.clock.now());
    for (const slug of ["two-sum", "fizz-buzz"]) {
      problems[slug] = await insertCourseProblem(db, { slug, authorId: owner.id, courseId: course.id, at });
    }
    due = portal.clock.now() + 24 * HOUR;
    loops = randomUUID();
    warmUp = randomUUID();
    await db("assignments").insert([
      {
        id: loops,
        course_id: course.id,
        title: "Loops",
        problems: JSON.stringify([
          { slug: "two-sum", points: 10 },
          { slug: "fizz-buzz", points: 20 },
        ]),
        position: 0,
        tutor: "hints",
        due_at: iso(due),
        late_policy: JSON.stringify({ penaltyPerDay: 10 }),
        created_at: at,
        updated_at: at,
      },
      {
        id: warmUp,
        course_id: course.id,
        title: "Warm-up",
        problems: JSON.stringify([{ slug: "two-sum", points: 5 }]),
        position: 1,
        tutor: "hints",
        created_at: at,
        updated_at: at,
      },
    ]);
    await submit({ learnerRef: ada }, "two-sum", loops, "wrong_answer", due - 2 * HOUR, HOSTILE_CODE);
    await submit({ learnerRef: ada }, "two-sum", loops, "accepted", due - HOUR);
    // A day and six hours late: 20 points less 2 × 10 %.
    await submit({ learnerRef: ada }, "fizz-buzz", loops, "accepted", due + 30 * HOUR);
    await submit({ learnerRef: bob }, "two-sum", loops, "time_limit_exceeded", due - HOUR);
    await submit({ userId: cy.id }, "two-sum", warmUp, "accepted", due);
  }, 120_000);

  let page: Page;

  it("shows the instructor the scores the API has, verdicts, late marks and statistics, axe-clean", async () => {
    // From the course page's link.
    page = await pageAs(instructor, `/courses/${course.id}`);
    await poll(() => heading(page).textContent()).toBe("CS 1");
    await page.getByRole("link", { name: "Open the gradebook" }).click();
    await poll(() => page.evaluate(() => location.pathname)).toBe(gradebookPath);
    await poll(() => heading(page).textContent()).toBe("Gradebook");
    await poll(() => grid(page).isVisible()).toBe(true);
    await poll(() => page.getByText("Live: new results appear").isVisible()).toBe(true);

    const api = await call(instructor, "GET", `/courses/${course.id}/gradebook`);
    expect(api.status).toBe(200);
    const book = api.body as Gradebook;
    const view = await shown(page);
    expect(view.groups).toHaveLength(2);
    expect(view.groups[0]).toMatch(/^Loops Due .+ · 30 points$/);
    expect(view.groups[1]).toBe("Warm-up No due time · 5 points");
    expect(view.problems).toEqual(["two-sum 10 points", "fizz-buzz 20 points", "two-sum 5 points"]);
    // Every learner's total and every cell's score, as the API has them.
    expect(view.rows.map((r) => r[0])).toEqual(["Ada", "Bob", CY]);
    const columns = book.assignments.flatMap((a) => a.problems.map((p) => ({ a: a.id, slug: p.slug })));
    for (const learner of book.learners) {
      const row = rowOf(view, learner.name);
      expect(row[1], learner.name).toBe(String(learner.total));
      columns.forEach(({ a, slug }, i) => {
        const cell = book.cells.find(
          (c) => c.learnerId === learner.id && c.assignmentId === a && c.problem === slug,
        );
        expect(row[2 + i], `${learner.name} ${slug}`).toMatch(
          cell ? new RegExp(`^${cell.score} `) : /^– Not tried , 0 attempts$/,
        );
      });
    }
    expect(Object.fromEntries(book.learners.map((l) => [l.name, l.total]))).toEqual({
      Ada: 26,
      Bob: 0,
      [CY]: 5,
    });
    expect(rowOf(view, "Ada").slice(1)).toEqual([
      "26",
      "10 Solved , 2 attempts",
      "16 Solved Late , 1 attempt",
      "– Not tried , 0 attempts",
    ]);
    expect(rowOf(view, "Bob")[2]).toBe("0 Time limit exceeded , 1 attempt");
    // Attempts on hover, too.
    expect(await grid(page).locator("tbody tr").first().locator("td").nth(1).getAttribute("title")).toBe(
      "2 attempts",
    );

    // Statistics: Ada solved two-sum on her second try, Bob not on his first; test 2 failed twice.
    const stats = page.getByRole("list", { name: "Statistics for Loops" }).getByRole("listitem");
    await poll(() => stats.first().textContent()).toContain("50%");
    const twoSum = ((await stats.first().textContent()) ?? "").replace(/\s+/g, " ");
    expect(twoSum).toContain("50% (1 of 2 learners who tried)");
    expect(twoSum).toContain("Median attempts 1.5");
    expect(twoSum).toContain("Hardest hidden test test #2 (large input): failed 2 times");
    expect((await stats.nth(1).textContent())?.replace(/\s+/g, " ")).toContain("No hidden test has failed.");

    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-gradebook-1280.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-gradebook-1280-dark.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
  }, 120_000);

  it("changes a cell and the learner's total live, without a reload, and says so", async () => {
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const id = await submit({ learnerRef: bob }, "two-sum", loops, "accepted", due - HOUR / 2);
    portal.app.submissions.events.emit("finished", { id } as never, {
      userId: null,
      embedId: embed.id,
      learnerRef: bob,
    });
    await poll(async () => rowOf(await shown(page), "Bob").slice(1, 3)).toEqual([
      "10",
      "10 Solved , 2 attempts",
    ]);
    await poll(() =>
      page.getByRole("status").filter({ hasText: "Bob: two-sum now 10 points." }).isVisible(),
    ).toBe(true);
    // The changed cell and total are highlighted for a moment.
    expect(await grid(page).locator("td.flash").count()).toBe(2);
    await poll(() => grid(page).locator("td.flash").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    // The statistics follow: both who tried two-sum have solved it now.
    const stats = page.getByRole("list", { name: "Statistics for Loops" }).getByRole("listitem");
    await poll(async () => (await stats.first().textContent())?.replace(/\s+/g, " ")).toContain(
      "100% (2 of 2 learners who tried)",
    );
    expect(await streams(page)).toEqual([1]);
  }, 60_000);

  it("filters by assignment, searches learners and sorts by name or total", async () => {
    await page.getByLabel("Assignment").selectOption({ label: "Warm-up" });
    await poll(async () => (await shown(page)).groups).toEqual(["Warm-up No due time · 5 points"]);
    const view = await shown(page);
    // Totals over the assignment shown.
    expect(view.rows.map((r) => r.slice(0, 2))).toEqual([
      ["Ada", "0"],
      ["Bob", "0"],
      [CY, "5"],
    ]);
    await page.getByLabel("Assignment").selectOption({ label: "All assignments" });
    await poll(async () => (await shown(page)).groups).toHaveLength(2);

    // Searches hold a letter no hex id has, so a portal member's random id cannot match by chance.
    await page.getByLabel("Search learners").fill("OB");
    await poll(async () => (await shown(page)).rows.map((r) => r[0])).toEqual(["Bob"]);
    expect(await page.getByText("Showing 1 of 3 learners matching “OB”.").isVisible()).toBe(true);
    await page.getByLabel("Search learners").fill("sub:");
    await poll(async () => (await shown(page)).rows.map((r) => r[0])).toEqual(["Ada", "Bob"]);
    await page.getByLabel("Search learners").fill("nobody at all");
    await poll(() => page.getByText("No learner matches “nobody at all”.").isVisible()).toBe(true);
    await page.getByLabel("Search learners").fill("");
    await poll(async () => (await shown(page)).rows).toHaveLength(3);

    const header = (name: string) => grid(page).getByRole("columnheader", { name: new RegExp(`^${name}`) });
    expect(await header("Learner").getAttribute("aria-sort")).toBe("ascending");
    expect(await header("Total").getAttribute("aria-sort")).toBe("none");
    await grid(page)
      .getByRole("button", { name: /^Total/ })
      .click();
    await poll(async () => (await shown(page)).rows.map((r) => r.slice(0, 2))).toEqual([
      ["Ada", "26"],
      ["Bob", "10"],
      [CY, "5"],
    ]);
    expect(await header("Total").getAttribute("aria-sort")).toBe("descending");
    expect(await header("Learner").getAttribute("aria-sort")).toBe("none");
    await grid(page)
      .getByRole("button", { name: /^Total/ })
      .click();
    await poll(async () => (await shown(page)).rows.map((r) => r[0])).toEqual([CY, "Bob", "Ada"]);
    expect(await header("Total").getAttribute("aria-sort")).toBe("ascending");
    await grid(page)
      .getByRole("button", { name: /^Learner/ })
      .click();
    await poll(async () => (await shown(page)).rows.map((r) => r[0])).toEqual(["Ada", "Bob", CY]);
    await grid(page)
      .getByRole("button", { name: /^Learner/ })
      .click();
    await poll(async () => (await shown(page)).rows.map((r) => r[0])).toEqual([CY, "Bob", "Ada"]);
    expect(await header("Learner").getAttribute("aria-sort")).toBe("descending");
    await grid(page)
      .getByRole("button", { name: /^Learner/ })
      .click();
    await poll(async () => (await shown(page)).rows.map((r) => r[0])).toEqual(["Ada", "Bob", CY]);
    expect(await portal.axeViolations(page)).toEqual([]);
  }, 60_000);

  it("moves through the grid from the keyboard and opens a learner's submissions with code and verdicts", async () => {
    // One tab stop: the search box, then into the grid on its sort button.
    await page.getByLabel("Search learners").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const learnerSort = grid(page).getByRole("button", { name: /^Learner/ });
    await poll(() => focused(learnerSort)).toBe(true);
    await page.keyboard.press("ArrowDown"); // the first learner
    await poll(() => focused(grid(page).getByRole("button", { name: "Ada", exact: true }))).toBe(true);
    await page.keyboard.press("ArrowRight"); // the total
    await page.keyboard.press("ArrowRight"); // Loops: two-sum
    const cell = grid(page).locator("tbody tr").first().locator("td").nth(1).getByRole("button");
    await poll(() => focused(cell)).toBe(true);
    await page.keyboard.press("ArrowUp"); // the problem's header
    await poll(() =>
      focused(
        grid(page)
          .getByRole("columnheader", { name: /^two-sum/ })
          .first(),
      ),
    ).toBe(true);
    await page.keyboard.press("ArrowUp"); // the assignment's header
    await poll(() => focused(grid(page).getByRole("columnheader", { name: /^Loops/ }))).toBe(true);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await poll(() => focused(cell)).toBe(true);
    // Only one cell of the grid is in the tab order.
    expect(await grid(page).locator('[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press("Enter");

    const panel = page.getByRole("region", { name: "Ada: two-sum in Loops" });
    await poll(() => panel.isVisible()).toBe(true);
    await poll(() => focused(panel.getByRole("heading", { name: "Ada: two-sum in Loops" }))).toBe(true);
    const items = panel
      .getByRole("list", { name: "Submissions, newest first" })
      .getByRole("listitem")
      .filter({
        has: page.locator("pre"),
      });
    await poll(() => items.count()).toBe(2);
    const newest = ((await items.first().textContent()) ?? "").replace(/\s+/g, " ");
    expect(newest).toContain("Accepted");
    expect(await items.first().locator("pre").textContent()).toBe('print("accepted")');
    const oldest = ((await items.nth(1).textContent()) ?? "").replace(/\s+/g, " ");
    expect(oldest).toContain("Wrong answer");
    expect(oldest).toContain("Test #1: Accepted 5 ms");
    // A hidden test shows its verdict only.
    expect(oldest).toContain("Test #2 (large input), hidden: Wrong answer");
    expect(oldest).not.toContain("7 ms");
    // Code is text: shown as written, never markup.
    expect(await items.nth(1).locator("pre").textContent()).toBe(HOSTILE_CODE);
    expect(await page.locator("cg-learner-submissions img").count()).toBe(0);
    expect(await page.title()).toBe("Codeground");
    expect(await items.first().locator("time").getAttribute("datetime")).toBe(iso(due - HOUR));

    // Widen to every problem: the late fizz-buzz submission is marked late.
    await panel.getByRole("button", { name: "Show all of Ada's submissions" }).click();
    const everything = page.getByRole("region", { name: "Ada: all submissions" });
    const all = everything
      .getByRole("list", { name: "Submissions, newest first" })
      .getByRole("listitem")
      .filter({
        has: page.locator("pre"),
      });
    await poll(() => all.count()).toBe(3);
    const late = all.filter({ hasText: "fizz-buzz" });
    expect(await late.getByText("Late", { exact: true }).isVisible()).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-gradebook-submissions.png"), fullPage: true });

    // Escape closes it; the keyboard is back on the cell it came from.
    await everything.getByRole("button", { name: "Show only two-sum in Loops" }).focus();
    await page.keyboard.press("Escape");
    await poll(() => everything.count()).toBe(0);
    await poll(() => focused(cell)).toBe(true);

    // A learner's name opens all their submissions.
    await grid(page).getByRole("button", { name: CY, exact: true }).click();
    const cyPanel = page.getByRole("region", { name: `${CY}: all submissions` });
    await poll(() => cyPanel.getByRole("list", { name: "Submissions, newest first" }).isVisible()).toBe(true);
    expect(((await cyPanel.textContent()) ?? "").replace(/\s+/g, " ")).toContain("two-sum in Warm-up");
    await cyPanel.getByRole("button", { name: /^Close/ }).click();
    await poll(() => cyPanel.count()).toBe(0);
  }, 60_000);

  it("downloads a CSV with the numbers the page shows", async () => {
    const view = await shown(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("gradebook-CS-1.csv");
    const file = await download.path();
    const rows = (await readFile(file, "utf8")).trim().split("\r\n");
    expect(rows[0]).toBe(
      "Learner,Learner id,Loops: two-sum (10),Loops: fizz-buzz (20),Warm-up: two-sum (5),Total",
    );
    const score = (text: string | undefined) => (text?.startsWith("–") ? "0" : (text?.split(" ")[0] ?? ""));
    for (const row of view.rows) {
      const line = rows.find((r) => r.startsWith(`${row[0]},`) || r.startsWith(`"${row[0]}",`));
      expect(line, row[0]).toBeDefined();
      const fields = line?.split(",") ?? [];
      expect(fields.slice(2), row[0]).toEqual([...row.slice(2).map(score), row[1]]);
    }
    expect(rows).toContain(`Ada,${ada},10,16,0,26`);
    expect(rows).toContain(`Bob,${bob},10,0,0,10`);
    expect(rows).toHaveLength(4);
  });

  it("closes the live stream when the page is left", async () => {
    expect(await streams(page)).toEqual([1]);
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Courses" }).click();
    await poll(() => heading(page).textContent()).toBe("Courses");
    await poll(() => streams(page)).toEqual([2]);
    await page.context().close();
  });

  it("shows a TA the gradebook at 375 px: the grid scrolls in its box, the learner column stays, the page does not", async () => {
    const taPage = await pageAs(ta, gradebookPath, 375);
    await poll(() => grid(taPage).isVisible()).toBe(true);
    expect((await shown(taPage)).rows.map((r) => r.slice(0, 2))).toEqual([
      ["Ada", "26"],
      ["Bob", "10"],
      [CY, "5"],
    ]);
    const widths = await taPage.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    const scroller = taPage.locator("cg-gradebook-grid .scroller");
    const box = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(box.scroll).toBeGreaterThan(box.client);
    // Scrolled to the far right, the learner's name is still at the box's left edge.
    await scroller.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    const edges = await scroller.evaluate((el) => ({
      box: el.getBoundingClientRect().left,
      name: el.querySelector("tbody th")?.getBoundingClientRect().left ?? -1,
      scrolled: el.scrollLeft,
    }));
    expect(edges.scrolled).toBeGreaterThan(0);
    expect(Math.abs(edges.name - edges.box)).toBeLessThanOrEqual(2);
    await scroller.evaluate((el) => {
      el.scrollLeft = 0;
    });
    expect(await portal.axeViolations(taPage)).toEqual([]);
    await taPage.screenshot({ path: path.join(ARTIFACTS, "portal-gradebook-375.png"), fullPage: true });
    await taPage.emulateMedia({ colorScheme: "dark" });
    await taPage.screenshot({ path: path.join(ARTIFACTS, "portal-gradebook-375-dark.png"), fullPage: true });
    await taPage.context().close();
  }, 60_000);

  it("tells a learner and a stranger the gradebook is not theirs, with nothing of it shown", async () => {
    for (const [who, message] of [
      [cy, "Only the course's staff (its owner, instructors and TAs) can see the gradebook."],
      [stranger, "There is no such course, or you are not one of its members."],
    ] as const) {
      const refused = await pageAs(who, gradebookPath);
      await poll(() => heading(refused).textContent()).toBe("Gradebook");
      const alert = refused.getByRole("alert").filter({ hasText: message });
      await poll(() => alert.isVisible()).toBe(true);
      expect(await grid(refused).count()).toBe(0);
      expect(await refused.getByRole("link", { name: "Download CSV" }).count()).toBe(0);
      expect(await streams(refused)).toEqual([]);
      expect(await portal.axeViolations(refused)).toEqual([]);
      await refused.context().close();
    }
  }, 60_000);

  it("reopens a live stream the server refused, and catches up on what changed meanwhile", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let refused = 0;
    const ownerPage = await pageAs(owner, gradebookPath, 1280, (p) =>
      p.route("**/gradebook/events", async (route) => {
        if (refused++ > 0) return route.continue();
        await held;
        await route.fulfill({ status: 503, contentType: "application/json", body: "{}" });
      }),
    );
    await poll(() => grid(ownerPage).isVisible()).toBe(true);
    expect(await ownerPage.getByText("Connecting to live updates…").isVisible()).toBe(true);
    expect(rowOf(await shown(ownerPage), CY)[3]).toBe("– Not tried , 0 attempts");
    // Judged while the page had no stream: no event for it will ever come.
    await submit({ userId: cy.id }, "fizz-buzz", loops, "wrong_answer", due - HOUR);
    release();
    await poll(() => ownerPage.getByText("Live: new results appear").isVisible()).toBe(true);
    expect(refused).toBe(2);
    await poll(async () => rowOf(await shown(ownerPage), CY)[3]).toBe("0 Wrong answer , 1 attempt");
    expect(await streams(ownerPage)).toEqual([2, 1]);
    await ownerPage.context().close();
  }, 60_000);

  it("lets the instructor erase a site learner's data after a confirmation naming them: their row leaves the gradebook", async () => {
    // A TA reads a learner's submissions with no way to erase them.
    const taPage = await pageAs(ta, gradebookPath);
    await poll(() => grid(taPage).isVisible()).toBe(true);
    await grid(taPage).getByRole("button", { name: "Bob", exact: true }).click();
    await poll(() => taPage.getByRole("region", { name: "Bob: all submissions" }).isVisible()).toBe(true);
    expect(await taPage.getByRole("button", { name: /^Erase/ }).count()).toBe(0);
    await taPage.context().close();

    const instructorPage = await pageAs(instructor, gradebookPath);
    await poll(() => grid(instructorPage).isVisible()).toBe(true);
    await grid(instructorPage).getByRole("button", { name: "Bob", exact: true }).click();
    await poll(() => instructorPage.getByRole("region", { name: "Bob: all submissions" }).isVisible()).toBe(
      true,
    );
    const start = instructorPage.getByRole("button", { name: "Erase Bob's data from this course" });
    await start.click();
    const confirm = instructorPage.getByRole("group", { name: "Confirm: erase Bob's data" });
    await poll(() => confirm.isVisible()).toBe(true);
    expect(((await confirm.textContent()) ?? "").replace(/\s+/g, " ")).toContain(
      `Erase every submission, with its code and grade, and every tutor conversation of Bob in ${course.name}? They leave the gradebook. This cannot be undone.`,
    );
    await poll(() => focused(confirm.getByRole("button", { name: "Yes, erase Bob's data" }))).toBe(true);
    expect(await portal.axeViolations(instructorPage)).toEqual([]);
    await instructorPage.screenshot({
      path: path.join(ARTIFACTS, "portal-gradebook-erase.png"),
      fullPage: true,
    });
    // Keep it first: nothing goes.
    await confirm.getByRole("button", { name: "Keep it" }).click();
    await poll(() => focused(start)).toBe(true);
    expect(rowOf(await shown(instructorPage), "Bob").length).toBeGreaterThan(0);

    await start.click();
    await confirm.getByRole("button", { name: "Yes, erase Bob's data" }).click();
    await poll(() => instructorPage.getByRole("status").filter({ hasText: "Erased" }).textContent()).toBe(
      "Erased Bob's data from this course.",
    );
    await poll(async () => rowOf(await shown(instructorPage), "Bob")).toEqual([]);
    expect(await instructorPage.getByRole("region", { name: "Bob: all submissions" }).count()).toBe(0);
    // The API agrees: Bob is gone from the gradebook, Ada stays.
    const book = await call(instructor, "GET", `/courses/${course.id}/gradebook`);
    const names = (book.body.learners as { name: string }[]).map((l) => l.name);
    expect(names).not.toContain("Bob");
    expect(names).toContain("Ada");
    await instructorPage.context().close();
  }, 60_000);
});
