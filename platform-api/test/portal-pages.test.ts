import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "a portal pages passphrase 42";

type Role = "learner" | "author" | "admin";

describeBrowser("every portal page from its own address, and the admins' users page", () => {
  let portal: Portal;
  let origin: string;
  let db: Portal["db"];

  beforeAll(async () => {
    // Roles change in the database below: no cached principal may outlive that.
    portal = await startPortal({ authCacheTtlMs: 0 });
    ({ origin, db } = portal);
  });

  afterAll(async () => {
    await portal?.close();
  });

  /** A user signed up through the API (as a browser would, with Origin), with a role set in the database. */
  async function signUp(role: Role, displayName?: string) {
    const email = `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`;
    harvestSecrets({ password: PASSWORD });
    const { cookie, user } = await accountFor(portal, {
      email,
      password: PASSWORD,
      ...(displayName ? { displayName } : {}),
    });
    if (role !== "learner") await db.knex("users").where({ id: user.id }).update({ role });
    return { id: user.id, email, cookie };
  }

  async function pageAs(user: { cookie: string }, at: string): Promise<Page> {
    const page = await portal.newPage();
    await page.context().addCookies([{ name: "cg_session", value: user.cookie, url: origin }]);
    await page.goto(`${origin}${at}`);
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
    return page;
  }

  const heading = (page: Page) => page.getByRole("heading", { level: 1 }).first();
  /** Whether the element has the keyboard focus (inside its shadow root). */
  const focused = (locator: Locator) =>
    locator.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el);

  it.each<Role>(["learner", "admin"])(
    "loads every page the navigation links to from its address, as a %s",
    async (role) => {
      const user = await signUp(role);
      const page = await pageAs(user, "/");
      const nav = page.getByRole("navigation", { name: "Portal" });
      const links = nav.getByRole("link");
      await poll(() => links.count()).toBeGreaterThan(3);
      const hrefs = [
        (await page.locator("a.brand").getAttribute("href")) ?? "",
        ...(await Promise.all(
          (await links.all()).map(async (link) => (await link.getAttribute("href")) ?? ""),
        )),
      ];
      if (role === "admin") expect(hrefs).toContain("/admin");
      else expect(hrefs).not.toContain("/admin");

      // The heading each view shows when reached through the navigation…
      const headings = new Map<string, string>();
      for (const link of await links.all()) {
        const href = (await link.getAttribute("href")) ?? "";
        await link.click();
        await poll(() => page.evaluate(() => location.pathname)).toBe(href);
        await poll(async () =>
          (await heading(page).isVisible()) ? await heading(page).textContent() : "",
        ).not.toBe("");
        headings.set(href, ((await heading(page).textContent()) ?? "").trim());
      }
      headings.set("/problems", headings.get("/") ?? "Problems");

      // …is what its address shows when loaded directly (a reload, a bookmark, a shared link).
      for (const href of [...new Set([...hrefs, "/problems"])]) {
        expect(href, "a navigation link").toMatch(/^\/[a-z-]*$/);
        const response = await fetch(`${origin}${href}`, {
          headers: { Cookie: `cg_session=${user.cookie}` },
        });
        expect(response.status, href).toBe(200);
        expect(response.headers.get("content-type"), href).toMatch(/^text\/html/);
        expect(await response.text(), href).toContain("<cg-portal>");
        const direct = await portal.newPage();
        await direct.context().addCookies([{ name: "cg_session", value: user.cookie, url: origin }]);
        const loaded = await direct.goto(`${origin}${href}`);
        expect(loaded?.status(), href).toBe(200);
        await poll(async () =>
          (await heading(direct).isVisible()) ? await heading(direct).textContent() : "",
        ).toContain(headings.get(href) ?? "(no heading seen through the navigation)");
        await direct.context().close();
      }
      await page.context().close();
    },
  );

  it("lets an admin find users, change a role, and disable and enable an account from the keyboard, axe-clean", async () => {
    const admin = await signUp("admin", "Head Admin");
    const learner = await signUp("learner", "Lena Learner");
    const learnerPage = await pageAs(learner, "/");
    const page = await pageAs(admin, "/");
    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Users" }).click();
    await poll(() => heading(page).textContent()).toBe("Users");
    await poll(() => page.getByRole("row", { name: new RegExp(admin.email) }).isVisible()).toBe(true);
    // Their own row offers no way to lock themselves out.
    const own = page.getByRole("row", { name: new RegExp(admin.email) });
    expect(await own.getByRole("button", { name: /Disable/ }).count()).toBe(0);
    expect(await own.getByRole("combobox").count()).toBe(0);

    // Search by display name, from the keyboard.
    await page.getByLabel("Search by email or name").fill("lena");
    await page.keyboard.press("Enter");
    await poll(() => page.getByRole("row").count()).toBe(2); // the header and Lena
    const row = page.getByRole("row", { name: new RegExp(learner.email) });
    expect(await row.textContent()).toContain("Lena Learner");
    expect(await portal.axeViolations(page)).toEqual([]);

    // A role: chosen in the select, saved with its button.
    const select = page.getByLabel(`Role of ${learner.email}`);
    await select.focus();
    await select.selectOption("author");
    await page.keyboard.press("Tab");
    expect(await focused(page.getByRole("button", { name: `Save role of ${learner.email}` }))).toBe(true);
    await page.keyboard.press("Enter");
    await poll(() => page.getByRole("status").filter({ hasText: "is now an author" }).isVisible()).toBe(true);
    expect((await db.knex("users").where({ id: learner.id }).first()).role).toBe("author");

    // Disabling asks once more in the row; the keyboard lands on the answer, and "keep" goes back.
    const disable = page.getByRole("button", { name: `Disable ${learner.email}` });
    await disable.focus();
    await page.keyboard.press("Enter");
    const yes = page.getByRole("button", { name: `Yes, disable ${learner.email}` });
    await poll(() => focused(yes)).toBe(true);
    expect(
      await page.getByRole("group", { name: `Confirm: disable ${learner.email}` }).textContent(),
    ).toContain("signed out everywhere");
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-admin-confirm.png"), fullPage: true });
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter"); // Keep enabled
    await poll(() => focused(disable)).toBe(true);
    expect((await db.knex("users").where({ id: learner.id }).first()).disabled_at).toBeNull();

    await page.keyboard.press("Enter");
    await poll(() => focused(yes)).toBe(true);
    await page.keyboard.press("Enter");
    await poll(() =>
      page
        .getByRole("status")
        .filter({ hasText: `Disabled ${learner.email}` })
        .isVisible(),
    ).toBe(true);
    expect(await row.textContent()).toContain("Disabled");
    expect((await db.knex("users").where({ id: learner.id }).first()).disabled_at).not.toBeNull();
    // The learner's open portal is signed out on its next call.
    await learnerPage.reload();
    await poll(() => learnerPage.getByRole("button", { name: "Log in" }).isVisible()).toBe(true);
    await learnerPage.getByLabel("Email").fill(learner.email);
    await learnerPage.getByLabel("Password").fill(PASSWORD);
    await learnerPage.getByRole("button", { name: "Log in" }).click();
    await poll(() => learnerPage.getByText("This account is disabled.").isVisible()).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-admin.png"), fullPage: true });

    // And back.
    const enable = page.getByRole("button", { name: `Enable ${learner.email}` });
    await poll(() => focused(enable)).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: `Yes, enable ${learner.email}` }).click();
    await poll(() =>
      page
        .getByRole("status")
        .filter({ hasText: `Enabled ${learner.email}` })
        .isVisible(),
    ).toBe(true);
    await learnerPage.getByRole("button", { name: "Log in" }).click();
    await poll(() => learnerPage.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
    await learnerPage.context().close();
    await page.context().close();
  }, 120_000);

  it("shows a learner at /admin no users and no link to it", async () => {
    const learner = await signUp("learner");
    const page = await pageAs(learner, "/admin");
    await poll(() => page.getByText("Only admins manage users.").isVisible()).toBe(true);
    expect(await page.getByRole("table").count()).toBe(0);
    expect(
      await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Users" }).count(),
    ).toBe(0);
    await page.context().close();
  });
});
