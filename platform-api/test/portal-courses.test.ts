import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { shownText } from "./support/browser.js";
import { harvestSecrets } from "./support/leaks.js";
import {
  ARTIFACTS,
  accountFor,
  describeBrowser,
  type Portal,
  poll,
  signUpInPage as signUpHere,
  startPortal,
} from "./support/portal.js";

const PASSWORD = "a course portal passphrase 42";

describeBrowser("the portal's course pages: a new owner runs a course from the browser", () => {
  let portal: Portal;
  let origin: string;

  beforeAll(async () => {
    portal = await startPortal();
    ({ origin } = portal);
    harvestSecrets({ password: PASSWORD });
  });

  afterAll(async () => {
    await portal?.close();
  });

  const unique = () => Math.random().toString(36).slice(2, 10);
  const heading = (page: Page) => page.getByRole("heading", { level: 1 }).first();
  const at = (page: Page) => page.evaluate(() => location.pathname);
  /** Whether the element has the keyboard focus (inside its shadow root). */
  const focused = (locator: Locator) =>
    locator.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el);
  /** Everything the page keeps in the browser's storage (the address bar aside). */
  const stored = (page: Page) =>
    page.evaluate(async () => {
      const databases = (await indexedDB.databases?.()) ?? [];
      return JSON.stringify({
        local: { ...localStorage },
        session: { ...sessionStorage },
        cookies: document.cookie,
        databases: databases.map((d) => d.name),
        caches: await caches.keys(),
      });
    });

  /** Signs up through the portal's own form, on whatever page it stands in for. */
  async function signUpInPage(page: Page, email: string) {
    await signUpHere(page, portal.db, { email, password: PASSWORD });
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
  }

  /** A user signed up through the API, as a browser would (with Origin), and a page signed in as them. */
  async function userAt(email: string, where: string) {
    const { cookie } = await accountFor(portal, { email, password: PASSWORD });
    const page = await portal.newPage();
    await page.context().addCookies([{ name: "cg_session", value: cookie, url: origin }]);
    await page.goto(`${origin}${where}`);
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
    return { page, cookie };
  }

  /** Makes an invitation on the owner's course page and reads its link, shown once, from the page. */
  async function invite(page: Page, email: string, role: "Instructor" | "TA") {
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
    await page.getByRole("button", { name: "Create invitation link" }).click();
    // This address's link: the one before it may still be on screen until the answer comes.
    const shown = page.getByRole("region", { name: `Invitation link for ${email}: copy it now` });
    await poll(() => shown.isVisible()).toBe(true);
    const link = shown.getByTestId("invitation-link");
    const url = ((await link.textContent()) ?? "").trim();
    expect(url).toMatch(new RegExp(`^${origin}/invitations/cgi_[A-Za-z0-9_-]+$`));
    const token = url.slice(url.lastIndexOf("/") + 1);
    harvestSecrets({ token });
    expect(await shown.textContent()).toContain("This link is shown once");
    // The keyboard lands on it: it will not come back.
    await poll(() => focused(page.getByRole("heading", { name: /^Invitation link for/ }))).toBe(true);
    return { url, token, path: new URL(url).pathname };
  }

  const ownerEmail = `owner-${unique()}@example.edu`;
  const instructorEmail = `ines-${unique()}@example.edu`;
  const taEmail = `tariq-${unique()}@example.edu`;
  let owner: Page;
  let coursePath = "";
  let instructorInvite: Awaited<ReturnType<typeof invite>>;
  let taInvite: Awaited<ReturnType<typeof invite>>;
  let otherInvite: Awaited<ReturnType<typeof invite>>;

  it("lets a fresh user sign up, create a course from the keyboard, and see its join code", async () => {
    owner = await portal.newPage();
    await owner.goto(`${origin}/`);
    await signUpInPage(owner, ownerEmail);
    await owner.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Courses" }).click();
    await poll(() => heading(owner).textContent()).toBe("Courses");
    expect(await at(owner)).toBe("/courses");
    await poll(() => owner.getByText("You are not in any course yet").isVisible()).toBe(true);
    expect(await portal.axeViolations(owner)).toEqual([]);

    await owner.setViewportSize({ width: 375, height: 800 });
    await owner.screenshot({ path: path.join(ARTIFACTS, "portal-courses-375.png"), fullPage: true });
    await owner.setViewportSize({ width: 1200, height: 900 });
    await owner.getByLabel("Course name").fill("Intro to Python");
    await owner.keyboard.press("Enter");
    await poll(() => heading(owner).textContent()).toBe("Intro to Python");
    coursePath = await at(owner);
    expect(coursePath).toMatch(/^\/courses\/[0-9a-f-]{36}$/);
    expect(await owner.getByText("You own this course.").isVisible()).toBe(true);
    expect(await owner.getByTestId("join-code").textContent()).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    // The navigation shows where the course sits.
    expect(
      await owner
        .getByRole("navigation", { name: "Portal" })
        .getByRole("link", { name: "Courses" })
        .getAttribute("aria-current"),
    ).toBe("page");
    expect(await portal.axeViolations(owner)).toEqual([]);
  }, 120_000);

  it("invites an instructor and a TA, each link shown once with its wording", async () => {
    instructorInvite = await invite(owner, instructorEmail, "Instructor");
    expect(await owner.getByText("It works once, for that address only").isVisible()).toBe(true);
    expect(await portal.axeViolations(owner)).toEqual([]);
    await owner.getByRole("button", { name: "I have sent it" }).click();
    expect(await owner.getByTestId("invitation-link").count()).toBe(0);
    expect(await shownText(owner)).not.toContain(instructorInvite.token);
    await poll(() => focused(owner.getByLabel("Email address"))).toBe(true);

    taInvite = await invite(owner, taEmail, "TA");
    otherInvite = await invite(owner, `other-${unique()}@example.edu`, "TA");
    await owner.getByRole("button", { name: "I have sent it" }).click();
    // Nothing of them stays in the browser.
    for (const { token } of [instructorInvite, taInvite, otherInvite]) {
      expect(await stored(owner)).not.toContain(token);
    }
  });

  let instructor: Page;

  it("takes the invited instructor through sign-up to the invitation, then into the course", async () => {
    instructor = await portal.newPage();
    await instructor.goto(instructorInvite.url);
    await poll(() =>
      instructor.getByText("You have been invited to help teach a course on Codeground").isVisible(),
    ).toBe(true);
    expect(await portal.axeViolations(instructor)).toEqual([]);
    await signUpInPage(instructor, instructorEmail);
    // Back on the invitation, signed in: what it offers, to whom (masked).
    await poll(() => heading(instructor).textContent()).toBe("Join Intro to Python as Instructor");
    expect(await at(instructor)).toBe(instructorInvite.path);
    const masked = `${instructorEmail[0]}…@example.edu`;
    expect(await instructor.getByText(`Sent to ${masked}`).isVisible()).toBe(true);
    expect(await portal.axeViolations(instructor)).toEqual([]);
    await instructor.screenshot({ path: path.join(ARTIFACTS, "portal-invitation.png"), fullPage: true });

    const entries = await instructor.evaluate(() => history.length);
    await instructor.getByRole("button", { name: "Accept and join as Instructor" }).click();
    await poll(() => heading(instructor).textContent()).toBe("Intro to Python");
    // The course took the spent link's place, in the address bar and in the history.
    expect(await at(instructor)).toBe(coursePath);
    expect(await instructor.evaluate(() => history.length)).toBe(entries);
    expect(await instructor.getByText("You are an instructor of this course.").isVisible()).toBe(true);
    // An instructor invites TAs only, rotates the join code and manages embeds; no roles, no delete.
    const roles = await instructor.getByLabel("Role", { exact: true }).locator("option").allTextContents();
    expect(roles).toEqual(["TA"]);
    expect(await instructor.getByRole("button", { name: "New join code" }).isVisible()).toBe(true);
    expect(await instructor.getByRole("button", { name: "New embed" }).isVisible()).toBe(true);
    expect(await instructor.getByRole("button", { name: "Delete course" }).count()).toBe(0);
    expect(await instructor.getByRole("combobox", { name: /^Role of/ }).count()).toBe(0);
    expect(await portal.axeViolations(instructor)).toEqual([]);
    expect(await stored(instructor)).not.toContain(instructorInvite.token);
  }, 120_000);

  it("shows a used invitation link as used, and one for another address as such", async () => {
    await instructor.goto(instructorInvite.url);
    await poll(() =>
      instructor
        .getByRole("alert")
        .filter({ hasText: "This invitation link has already been used." })
        .isVisible(),
    ).toBe(true);
    expect(await heading(instructor).textContent()).toBe("Course invitation");
    expect(await instructor.getByRole("button", { name: /^Accept/ }).count()).toBe(0);
    expect(await portal.axeViolations(instructor)).toEqual([]);

    await instructor.goto(otherInvite.url);
    await poll(() =>
      instructor.getByRole("alert").filter({ hasText: "sent to o…@example.edu" }).isVisible(),
    ).toBe(true);
    expect(
      await instructor
        .getByRole("alert")
        .filter({ hasText: `you are signed in as ${instructorEmail}` })
        .count(),
    ).toBe(1);
    expect(await instructor.getByRole("button", { name: /^Accept/ }).count()).toBe(0);
    expect(await instructor.getByRole("button", { name: "Log out" }).count()).toBe(2);
    expect(await portal.axeViolations(instructor)).toEqual([]);
  }, 60_000);

  let ta: Page;

  it("lets the TA accept and see the course with no control that changes anything", async () => {
    ({ page: ta } = await userAt(taEmail, taInvite.path));
    await poll(() => heading(ta).textContent()).toBe("Join Intro to Python as TA");
    await ta.getByRole("button", { name: "Accept and join as TA" }).click();
    await poll(() => heading(ta).textContent()).toBe("Intro to Python");
    await poll(() => ta.getByRole("row", { name: new RegExp(instructorEmail) }).isVisible()).toBe(true);
    expect(await ta.getByText("You are a TA of this course.").isVisible()).toBe(true);
    expect(await ta.getByTestId("join-code").isVisible()).toBe(true);
    await poll(() => ta.getByText("No embeds in this course yet.").isVisible()).toBe(true);
    const main = ta.getByRole("main");
    // Reading and copying, and leaving: nothing else.
    const buttons = await main.getByRole("button").allTextContents();
    expect(buttons.map((b) => b.trim())).toEqual(["Copy join code", "Leave course"]);
    for (const role of ["textbox", "combobox", "checkbox", "spinbutton"] as const) {
      expect(await main.getByRole(role).count(), role).toBe(0);
    }
    expect(await portal.axeViolations(ta)).toEqual([]);
  }, 120_000);

  let learner: Page;

  it("lets a learner join with the code shown on the course page, and see the staff", async () => {
    const code = ((await owner.getByTestId("join-code").textContent()) ?? "").trim();
    ({ page: learner } = await userAt(`lena-${unique()}@example.edu`, "/courses"));
    await poll(() => heading(learner).textContent()).toBe("Courses");
    await learner.getByLabel("Join code").fill(code.toLowerCase());
    await learner.getByRole("button", { name: "Join course" }).click();
    await poll(() => heading(learner).textContent()).toBe("Intro to Python");
    expect(await learner.getByText("You are a learner of this course.").isVisible()).toBe(true);
    await poll(() => learner.getByRole("heading", { name: "Staff" }).isVisible()).toBe(true);
    await poll(() => learner.getByRole("row").count()).toBe(4); // the header, owner, instructor, TA
    for (const email of [ownerEmail, instructorEmail, taEmail]) {
      expect(await learner.getByRole("row", { name: new RegExp(email) }).count()).toBe(1);
    }
    expect(await learner.getByTestId("join-code").count()).toBe(0);
    expect(await learner.getByRole("heading", { name: "Embeds" }).count()).toBe(0);
    const buttons = await learner.getByRole("main").getByRole("button").allTextContents();
    expect(buttons.map((b) => b.trim())).toEqual(["Leave course"]);
    expect(await portal.axeViolations(learner)).toEqual([]);

    // Back on the list, the course is there with the learner's role.
    await learner.getByRole("link", { name: "← All courses" }).click();
    await poll(() => learner.getByRole("row", { name: /Intro to Python/ }).textContent()).toContain(
      "Learner",
    );
  }, 120_000);

  it("lets the owner change a role and remove a member from the keyboard, asked once more in the row", async () => {
    await owner.reload();
    const learnerRow = owner.getByRole("row", { name: /lena-/ });
    await poll(() => learnerRow.isVisible()).toBe(true);
    const learnerEmail = ((await learnerRow.getByRole("rowheader").textContent()) ?? "").trim();
    // The owner's own row offers no change.
    const own = owner.getByRole("row", { name: new RegExp(ownerEmail) });
    expect(await own.getByRole("combobox").count()).toBe(0);
    expect(await own.getByRole("button").count()).toBe(0);

    const select = owner.getByLabel(`Role of ${learnerEmail}`);
    await select.focus();
    await select.selectOption("ta");
    await owner.keyboard.press("Tab");
    const save = owner.getByRole("button", { name: `Save role of ${learnerEmail}` });
    expect(await focused(save)).toBe(true);
    await owner.keyboard.press("Enter");
    await poll(() =>
      owner
        .getByRole("status")
        .filter({ hasText: `${learnerEmail} is now a TA.` })
        .isVisible(),
    ).toBe(true);

    const remove = owner.getByRole("button", { name: `Remove ${learnerEmail}` });
    await remove.focus();
    await owner.keyboard.press("Enter");
    const yes = owner.getByRole("button", { name: "Yes, remove" });
    await poll(() => focused(yes)).toBe(true);
    expect(
      await owner.getByRole("group", { name: `Confirm: remove ${learnerEmail}` }).textContent(),
    ).toContain("They lose access at once.");
    expect(await portal.axeViolations(owner)).toEqual([]);
    await owner.keyboard.press("Tab");
    await owner.keyboard.press("Enter"); // Keep
    await poll(() => focused(remove)).toBe(true);
    await owner.keyboard.press("Enter");
    await poll(() => focused(yes)).toBe(true);
    await owner.keyboard.press("Enter");
    await poll(() =>
      owner
        .getByRole("status")
        .filter({ hasText: `Removed ${learnerEmail} from the course.` })
        .isVisible(),
    ).toBe(true);
    expect(await learnerRow.count()).toBe(0);
    // The removed learner's page no longer shows the course.
    await learner.goto(`${origin}${coursePath}`);
    await poll(() =>
      learner.getByText("There is no such course, or you are not one of its members.").isVisible(),
    ).toBe(true);
  }, 120_000);

  it("lets the owner make an embed in the course: the secret shown once, the snippet to paste, the TA reads it", async () => {
    await owner.getByRole("button", { name: "New embed" }).click();
    await poll(() => focused(owner.getByLabel("Name", { exact: true }))).toBe(true);
    await owner.getByLabel("Name", { exact: true }).fill("Lesson pages");
    await owner.getByLabel("Allowed origins, one per line").fill("https://course.example.edu");
    await owner.getByLabel("Problems (optional)").fill("two-sum");
    await owner.getByRole("button", { name: "Create embed" }).click();
    const secretEl = owner.getByTestId("embed-secret");
    await poll(() => secretEl.isVisible()).toBe(true);
    const secret = ((await secretEl.textContent()) ?? "").trim();
    expect(secret).toMatch(/^sk_/);
    harvestSecrets({ secret });
    const card = owner.getByRole("article", { name: "Lesson pages" });
    const snippet = (await card.locator("pre").textContent()) ?? "";
    expect(snippet).toContain(`<script src="${origin}/widget.js"></script>`);
    expect(snippet).toMatch(/<cg-problem embed="pk_[^"]+" problem="two-sum"><\/cg-problem>/);
    expect(await portal.axeViolations(owner)).toEqual([]);
    await owner.setViewportSize({ width: 1280, height: 900 });
    await owner.screenshot({ path: path.join(ARTIFACTS, "portal-course-1280.png"), fullPage: true });
    await owner.setViewportSize({ width: 375, height: 800 });
    await owner.screenshot({ path: path.join(ARTIFACTS, "portal-course-375.png"), fullPage: true });
    // Nothing wider than a phone's screen: the members table turns into blocks, the navigation wraps.
    expect(await owner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await owner.getByRole("heading", { name: "Members" }).scrollIntoViewIfNeeded();
    await owner.screenshot({ path: path.join(ARTIFACTS, "portal-course-375-members.png") });
    await owner.setViewportSize({ width: 1200, height: 900 });

    await owner.getByRole("button", { name: "I have stored it" }).click();
    expect(await secretEl.count()).toBe(0);
    await owner.reload();
    await poll(() => card.isVisible()).toBe(true);
    expect(await secretEl.count()).toBe(0);
    expect(await shownText(owner)).not.toContain(secret);
    expect(await stored(owner)).not.toContain(secret);

    // The TA sees it, with nothing to change it by.
    await ta.reload();
    const taCard = ta.getByRole("article", { name: "Lesson pages" });
    await poll(() => taCard.isVisible()).toBe(true);
    expect((await taCard.getByRole("button").allTextContents()).map((b) => b.trim())).toEqual([
      "Copy snippet of Lesson pages",
    ]);
    expect(await shownText(ta)).not.toContain(secret);
    expect(await portal.axeViolations(ta)).toEqual([]);
    await ta.screenshot({ path: path.join(ARTIFACTS, "portal-course-ta.png"), fullPage: true });
  }, 120_000);

  it("loads every course page from its address, as the portal's shell", async () => {
    const cookie = (await owner.context().cookies()).find((c) => c.name === "cg_session")?.value ?? "";
    for (const address of ["/courses", coursePath, taInvite.path]) {
      const response = await fetch(`${origin}${address}`, { headers: { Cookie: `cg_session=${cookie}` } });
      expect(response.status, address).toBe(200);
      expect(response.headers.get("content-type"), address).toMatch(/^text\/html/);
      expect(response.headers.get("content-security-policy"), address).toContain("'strict-dynamic'");
      expect(response.headers.get("referrer-policy"), address).toBe("no-referrer");
      expect(await response.text(), address).toContain("<cg-portal>");
    }
    for (const [address, title] of [
      ["/courses", "Courses"],
      [coursePath, "Intro to Python"],
      [taInvite.path, "Course invitation"],
    ] as const) {
      await owner.goto(`${origin}${address}`);
      await poll(async () =>
        (await heading(owner).isVisible()) ? await heading(owner).textContent() : "",
      ).toBe(title);
    }
    await poll(() =>
      owner.getByRole("alert").filter({ hasText: "This invitation link has already been used." }).isVisible(),
    ).toBe(true);
    // A course id that is not one: the page says so, the same as for a course one is not in.
    await owner.goto(`${origin}/courses/00000000-0000-4000-8000-000000000000`);
    await poll(() => owner.getByText("There is no such course").isVisible()).toBe(true);
    expect(await portal.axeViolations(owner)).toEqual([]);
  }, 120_000);

  it("lets the owner rename the course, hand it over, and the new owner delete it, each asked once more", async () => {
    await owner.goto(`${origin}${coursePath}`);
    await poll(() => heading(owner).textContent()).toBe("Intro to Python");
    await owner.getByLabel("Course name").fill("Intro to Python, spring");
    await owner.getByRole("button", { name: "Save name" }).click();
    await poll(() => heading(owner).textContent()).toBe("Intro to Python, spring");

    // Making the instructor the owner is asked in their row; the owner becomes an instructor.
    await owner.getByLabel(`Role of ${instructorEmail}`).selectOption("owner");
    await owner.getByRole("button", { name: `Save role of ${instructorEmail}` }).click();
    const handOver = owner.getByRole("button", { name: "Yes, hand over" });
    await poll(() => focused(handOver)).toBe(true);
    expect(
      await owner.getByRole("group", { name: `Confirm: make ${instructorEmail} the owner` }).textContent(),
    ).toContain("You become an instructor");
    expect(await portal.axeViolations(owner)).toEqual([]);
    await handOver.click();
    await poll(() => owner.getByText("You are an instructor of this course.").isVisible()).toBe(true);
    await poll(() => owner.getByRole("combobox", { name: /^Role of/ }).count()).toBe(0);
    expect(await owner.getByRole("button", { name: "Delete course" }).count()).toBe(0);

    await instructor.goto(`${origin}${coursePath}`);
    await poll(() => instructor.getByText("You own this course.").isVisible()).toBe(true);
    await instructor.getByRole("button", { name: "Delete course" }).click();
    const yes = instructor.getByRole("button", { name: "Yes, delete the course" });
    await poll(() => focused(yes)).toBe(true);
    expect(await instructor.getByRole("group", { name: /^Confirm: delete/ }).textContent()).toContain(
      "This cannot be undone.",
    );
    expect(await portal.axeViolations(instructor)).toEqual([]);
    await yes.click();
    await poll(() => heading(instructor).textContent()).toBe("Courses");
    expect(await at(instructor)).toBe("/courses");
    await poll(() => instructor.getByText("You are not in any course yet").isVisible()).toBe(true);
    // The former owner's page finds it gone on the next load.
    await owner.goto(`${origin}${coursePath}`);
    await poll(() => owner.getByText("There is no such course").isVisible()).toBe(true);
    for (const page of [owner, instructor, ta, learner]) await page.context().close();
  }, 120_000);
});
