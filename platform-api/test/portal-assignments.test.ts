import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { insertCourseProblem, insertPublicProblem } from "./support/courses.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "an assignment portal passphrase 42";

describeBrowser("the portal's assignment pages: staff set an assignment up from the browser", () => {
  let portal: Portal;
  let origin: string;

  const unique = () => Math.random().toString(36).slice(2, 10);
  const heading = (page: Page) => page.getByRole("heading", { level: 1 }).first();
  const at = (page: Page) => page.evaluate(() => location.pathname);
  const focused = (locator: Locator) =>
    locator.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el);

  /** A user signed up through the API as a browser would (with Origin); their session cookie. */
  async function signUp(name: string) {
    const email = `${name}-${unique()}@example.edu`;
    const { cookie, user } = await accountFor(portal, { email, password: PASSWORD });
    return { id: user.id, email, cookie };
  }
  type Person = Awaited<ReturnType<typeof signUp>>;

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

  /** A page signed in as someone, in Berlin's time zone (UTC+1 in winter), at an address. */
  async function pageAs(who: Person, where: string) {
    const page = await portal.newPage({ timezoneId: "Europe/Berlin" });
    await page.context().addCookies([{ name: "cg_session", value: who.cookie, url: origin }]);
    await page.goto(`${origin}${where}`);
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
    return page;
  }

  let owner: Person;
  let ta: Person;
  let courseId = "";
  let otherAssignment = "";
  const privateSlug = `loops-warmup-${unique()}`;

  beforeAll(async () => {
    portal = await startPortal();
    ({ origin } = portal);
    harvestSecrets({ password: PASSWORD });
    owner = await signUp("owner");
    ta = await signUp("ta");
    const course = await call(owner, "POST", "/courses", { name: "Algorithms" });
    expect(course.status).toBe(201);
    courseId = course.body.id;
    const invitation = await call(owner, "POST", `/courses/${courseId}/invitations`, {
      email: ta.email,
      role: "ta",
    });
    expect(invitation.status).toBe(201);
    expect((await call(ta, "POST", `/invitations/${invitation.body.token}/accept`)).status).toBe(200);
    await insertCourseProblem(portal.db.knex, {
      slug: privateSlug,
      authorId: owner.id,
      courseId,
      at: new Date().toISOString(),
    });
    for (const [slug, title] of [
      ["two-sum", "Two sum"],
      ["two-sum-sorted", "Two sum in a sorted array"],
      ["valid-palindrome", "Valid palindrome"],
    ]) {
      await insertPublicProblem(portal.db.knex, { slug, title, at: new Date().toISOString() });
    }
    // Another course of the owner's, with an assignment of its own.
    const other = await call(owner, "POST", "/courses", { name: "Other course" });
    const created = await call(owner, "POST", `/courses/${other.body.id}/assignments`, {
      title: "Elsewhere",
      problems: [{ slug: "two-sum", points: 5 }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    otherAssignment = created.body.id;
  }, 120_000);

  afterAll(async () => {
    await portal?.close();
  });

  let page: Page;
  let assignmentPath = "";

  it("creates an assignment: problems found and ordered, points, times in the viewer's zone, late work, a time limit", async () => {
    page = await pageAs(owner, `/courses/${courseId}`);
    await poll(() => heading(page).textContent()).toBe("Algorithms");
    await poll(() => page.getByText("No assignments yet.").isVisible()).toBe(true);
    await page.getByRole("link", { name: "New assignment" }).click();
    await poll(() => heading(page).textContent()).toBe("New assignment");
    expect(await at(page)).toBe(`/courses/${courseId}/assignments/new`);
    expect(await page.getByText("In your time zone, Europe/Berlin.").isVisible()).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);

    await page.getByLabel("Title", { exact: true }).fill("Week 1: warming up");
    // Enter in the search field searches; it does not create the assignment.
    const search = page.getByLabel("Find a problem to add, by title or slug");
    await search.fill("two sum");
    await search.press("Enter");
    await poll(() => page.getByRole("list", { name: "Problems found" }).getByRole("listitem").count()).toBe(
      2,
    );
    expect(await heading(page).textContent()).toBe("New assignment");
    await page.getByRole("button", { name: "Add Two sum", exact: true }).click();
    await poll(() => page.getByText("Added “Two sum” as problem 1.").isVisible()).toBe(true);
    // Adding it twice is refused in place.
    await page.getByRole("button", { name: "Add Two sum", exact: true }).click();
    await poll(() => page.getByText("“Two sum” is in the assignment already.").isVisible()).toBe(true);
    await search.fill(privateSlug);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("button", { name: `Add ${privateSlug}` }).click();
    await page.getByLabel("Points", { exact: true }).nth(1).fill("20");
    // The course's own problem goes first, from the keyboard; the focus follows it.
    await page.getByRole("button", { name: `Move ${privateSlug} up` }).focus();
    await page.keyboard.press("Enter");
    // At the top it cannot go further up: the keyboard moves to its "down" button.
    await poll(() => focused(page.getByRole("button", { name: `Move ${privateSlug} down` }))).toBe(true);
    expect(await page.getByText(`Moved “${privateSlug}” to position 1.`).isVisible()).toBe(true);
    expect(await page.getByText("Total: 30 points.").isVisible()).toBe(true);

    await page.getByLabel("Due", { exact: true }).fill("2027-01-31T10:00");
    await page.getByLabel("Accept late work", { exact: true }).check();
    await page.getByLabel("Penalty per day late (%)").fill("20");
    await page.getByLabel("Time limit per attempt, in minutes (optional)").fill("45");
    // A timed assignment is an exam: the tutor goes off unless chosen by hand.
    expect(await page.getByLabel("Off", { exact: true }).isChecked()).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-assignment-375.png"), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1200, height: 900 });
    // Chromium scrolled the page back to where it was before the resize at the next focus change: let that
    // happen before the click (a mouse-down that moves the focus would otherwise scroll the button
    // away before its mouse-up).
    await page.getByLabel("Time limit per attempt, in minutes (optional)").blur();

    await page.getByRole("button", { name: "Create assignment" }).click();
    await poll(() => heading(page).textContent()).toBe("Week 1: warming up");
    expect(await page.getByRole("status").filter({ hasText: "Created “Week 1: warming up”." }).count()).toBe(
      1,
    );
    assignmentPath = await at(page);
    const id = assignmentPath.split("/").pop() ?? "";
    expect(assignmentPath).toBe(`/courses/${courseId}/assignments/${id}`);
    expect(await page.getByTestId("assignment-id").textContent()).toBe(id);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-assignment-1200.png"), fullPage: true });

    const saved = await call(owner, "GET", `/assignments/${id}`);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      title: "Week 1: warming up",
      problems: [
        { slug: privateSlug, points: 20 },
        { slug: "two-sum", points: 10 },
      ],
      opensAt: null,
      dueAt: "2027-01-31T09:00:00.000Z",
      latePolicy: { penaltyPerDay: 20 },
      timeLimitMinutes: 45,
      tutor: "off",
    });
  }, 120_000);

  it("reloads the assignment from its address and saves a change; the API's objections name their field", async () => {
    await page.reload();
    await poll(() => heading(page).textContent()).toBe("Week 1: warming up");
    expect(await page.getByLabel("Due", { exact: true }).inputValue()).toBe("2027-01-31T10:00");
    expect(await page.getByLabel("Points", { exact: true }).first().inputValue()).toBe("20");
    expect(await page.getByText(`${privateSlug} ${privateSlug}`).count()).toBeGreaterThan(0);

    await page.getByLabel("Time limit per attempt, in minutes (optional)").fill("");
    await page.getByLabel("Hints only").check();
    await page.getByLabel("Opens", { exact: true }).fill("2027-02-01T08:00");
    await page.getByRole("button", { name: "Save changes" }).click();
    const alert = page.locator("#save-error");
    await poll(() => alert.textContent()).toContain("Due: the due time must come after the opening time");
    await poll(() => focused(alert)).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);

    await page.getByLabel("Opens", { exact: true }).fill("2027-01-24T08:00");
    await page.getByRole("button", { name: "Save changes" }).click();
    await poll(() =>
      page.getByRole("status").filter({ hasText: "Saved “Week 1: warming up”." }).count(),
    ).toBe(1);
    expect((await alert.textContent())?.trim()).toBe("");
    const id = assignmentPath.split("/").pop() ?? "";
    const saved = await call(owner, "GET", `/assignments/${id}`);
    expect(saved.body).toMatchObject({
      opensAt: "2027-01-24T07:00:00.000Z",
      timeLimitMinutes: null,
      tutor: "hints",
      latePolicy: { penaltyPerDay: 20 },
    });

    // The course page lists it, linked to its page.
    await page.getByRole("link", { name: "← Algorithms" }).click();
    await poll(() => heading(page).textContent()).toBe("Algorithms");
    const row = page.getByRole("row", { name: /Week 1: warming up/ });
    await poll(() => row.isVisible()).toBe(true);
    expect(await row.textContent()).toContain("2 problems, 30 points");
    expect(await row.textContent()).toContain("Late work: −20% a day");
    expect(await portal.axeViolations(page)).toEqual([]);
  }, 120_000);

  it("shows a TA the assignment read-only, and the API refuses the TA's change", async () => {
    const taPage = await pageAs(ta, `/courses/${courseId}`);
    await taPage.getByRole("link", { name: "Week 1: warming up" }).click();
    await poll(() => heading(taPage).textContent()).toBe("Week 1: warming up");
    expect(
      await taPage.getByText("You are a TA of this course: you can read this assignment").isVisible(),
    ).toBe(true);
    expect(await taPage.getByLabel("Title", { exact: true }).isDisabled()).toBe(true);
    expect(await taPage.getByLabel("Due", { exact: true }).isDisabled()).toBe(true);
    expect(await taPage.getByLabel("Points", { exact: true }).first().isDisabled()).toBe(true);
    const buttons = await taPage.getByRole("main").getByRole("button").allTextContents();
    expect(buttons).toEqual([]);
    expect(await taPage.getByRole("link", { name: "New assignment" }).count()).toBe(0);
    expect(await portal.axeViolations(taPage)).toEqual([]);
    const id = assignmentPath.split("/").pop() ?? "";
    const refused = await call(ta, "PATCH", `/assignments/${id}`, { title: "Changed by a TA" });
    expect(refused.status).toBe(403);
    expect((await call(owner, "GET", `/assignments/${id}`)).body.title).toBe("Week 1: warming up");
    await taPage.context().close();
  }, 120_000);

  it("finds no assignment of another course under this one's address, and deletes one when asked twice", async () => {
    await page.goto(`${origin}/courses/${courseId}/assignments/${otherAssignment}`);
    await poll(() => page.getByText("There is no such assignment in this course").isVisible()).toBe(true);

    await page.goto(`${origin}${assignmentPath}`);
    await poll(() => heading(page).textContent()).toBe("Week 1: warming up");
    await page.getByRole("button", { name: "Delete assignment" }).click();
    const yes = page.getByRole("button", { name: "Yes, delete it" });
    await poll(() => focused(yes)).toBe(true);
    expect(
      await page.getByRole("group", { name: "Confirm: delete Week 1: warming up" }).textContent(),
    ).toContain("This cannot be undone.");
    await page.getByRole("button", { name: "Keep it" }).click();
    await poll(() => focused(page.getByRole("button", { name: "Delete assignment" }))).toBe(true);
    await page.getByRole("button", { name: "Delete assignment" }).click();
    await yes.click();
    await poll(() => heading(page).textContent()).toBe("Algorithms");
    expect(await at(page)).toBe(`/courses/${courseId}`);
    await poll(() => page.getByText("No assignments yet.").isVisible()).toBe(true);
    const id = assignmentPath.split("/").pop() ?? "";
    expect((await call(owner, "GET", `/assignments/${id}`)).status).toBe(404);
    await page.context().close();
  }, 120_000);
});
