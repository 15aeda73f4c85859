import path from "node:path";
import { generateSync } from "otplib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { shownText } from "./support/browser.js";
import { harvestSecrets } from "./support/leaks.js";
import {
  ARTIFACTS,
  describeBrowser,
  type Portal,
  poll,
  signUpInPage,
  startPortal,
} from "./support/portal.js";

describeBrowser("the portal in Chromium", () => {
  let portal: Portal;
  let origin: string;
  let db: Portal["db"];
  let clock: Portal["clock"];

  beforeAll(async () => {
    portal = await startPortal();
    ({ origin, db, clock } = portal);
  });

  afterAll(async () => {
    await portal?.close();
  });

  const newPage = (): Promise<Page> => portal.newPage();
  const axeViolations = (page: Page) => portal.axeViolations(page);

  it("serves the shell with a fresh nonce CSP, never framable", async () => {
    const first = await fetch(`${origin}/`);
    const second = await fetch(`${origin}/keys`);
    expect(first.status).toBe(200);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect((await fetch(`${origin}/portal/portal.js`)).headers.get("content-type")).toContain("javascript");
    // Chunks by plain name only: no path, no dot-dot, nothing but .js.
    for (const probe of ["..%2F..%2Fpackage.json", "%2e%2e", "portal.txt", "..%5Cportal.js"]) {
      expect((await fetch(`${origin}/portal/chunks/${probe}`)).status, probe).toBe(404);
    }
  });

  it("signs up, enrols TOTP with a code computed here, logs out, logs in with TOTP, adds a key it then sees only by last four, deletes it", async () => {
    const page = await newPage();
    const email = `portal-${Date.now()}@example.com`;
    const password = "a portal passphrase 42";
    const keySecret = "sk-portal-test-secret-value-9f3c7e21";
    harvestSecrets({ password, secret: keySecret });

    await page.goto(`${origin}/`);
    await signUpInPage(page, db, { email: email, password: password });
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
    // This server has no sandbox: the portal says so plainly.
    await poll(() =>
      page.getByRole("alert").filter({ hasText: "sandbox cannot be reached" }).isVisible(),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-problems.png"), fullPage: true });

    // Two-factor: set up, scan (read the key the page offers for typing), confirm with a code.
    await page.getByRole("link", { name: "Security" }).click();
    await page.getByRole("button", { name: "Set up two-factor" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    harvestSecrets({ secret });
    expect(await page.getByRole("img", { name: /QR code/ }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-totp-setup.png"), fullPage: true });
    await page
      .getByLabel("Code from the app")
      .fill(generateSync({ secret, epoch: Math.floor(clock.now() / 1000) }));
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await poll(() => codes.count()).toBe(10);
    harvestSecrets({ recoveryCodes: await codes.allTextContents() });
    const download = page.getByRole("link", { name: "Download recovery codes" });
    expect(await download.getAttribute("download")).toBe("codeground-recovery-codes.txt");
    expect(await axeViolations(page)).toEqual([]);

    // Out, and back in with the password and a code from the next 30-second step.
    await page.getByRole("button", { name: "Log out" }).click();
    await poll(() => page.getByRole("heading", { name: "Log in" }).isVisible()).toBe(true);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => page.getByRole("heading", { name: "Two-factor check" }).isVisible()).toBe(true);
    clock.advance(30_000);
    await page
      .getByLabel(/Code from your authenticator app/)
      .fill(generateSync({ secret, epoch: Math.floor(clock.now() / 1000) }));
    await page.getByRole("button", { name: "Verify" }).click();
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);

    // The key vault: add a key; afterwards the page holds only its last four characters.
    await page.getByRole("link", { name: "Keys" }).click();
    await page.getByLabel("Name", { exact: true }).fill("work");
    await page.getByLabel("Secret").fill(keySecret);
    await page.getByRole("button", { name: "Save key" }).click();
    const row = page.getByRole("row", { name: /work/ });
    await poll(() => row.isVisible()).toBe(true);
    expect(await row.textContent()).toContain("••••7e21");
    expect(await page.getByLabel("Secret").inputValue()).toBe("");
    // Nowhere in the rendered portal (shadow roots included) and nowhere in the HTML.
    const shown = await shownText(page);
    expect(shown).not.toContain(keySecret);
    expect(shown).not.toContain(keySecret.slice(0, 20));
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-keys.png"), fullPage: true });

    // Deleting asks once more, in the row itself (no browser dialog, which frames may not show).
    await page.getByRole("button", { name: "Delete work" }).click();
    await page.getByRole("button", { name: "Yes, delete work" }).click();
    await poll(() => page.getByText("No keys yet.").isVisible()).toBe(true);
    expect(await page.getByRole("status").filter({ hasText: "Deleted" }).count()).toBe(1);
    await page.context().close();
  });

  it("asks for the password again before a two-factor change on a sign-in older than 15 minutes", async () => {
    const page = await newPage();
    const password = "an older sign-in passphrase";
    harvestSecrets({ password });
    await page.goto(`${origin}/`);
    await signUpInPage(page, db, { email: `reauth-${Date.now()}@example.com`, password: password });
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
    clock.advance(16 * 60_000);

    await page.getByRole("link", { name: "Security" }).click();
    await page.getByRole("button", { name: "Set up two-factor" }).click();
    const confirm = page.getByLabel("Your password");
    await poll(() => confirm.isVisible()).toBe(true);
    await poll(() => page.getByRole("alert").filter({ hasText: "password again" }).isVisible()).toBe(true);
    expect(await page.getByTestId("totp-secret").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // A wrong password is refused; the right one carries on with the setup it interrupted.
    await confirm.fill("not the passphrase");
    await page.getByRole("button", { name: "Confirm" }).click();
    await poll(() => page.getByRole("alert").filter({ hasText: "not right" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Set up two-factor" }).click();
    await poll(() => page.getByLabel("Your password").isVisible()).toBe(true);
    await page.getByLabel("Your password").fill(password);
    await page.getByRole("button", { name: "Confirm" }).click();
    await poll(() => page.getByTestId("totp-secret").isVisible()).toBe(true);
    const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
    harvestSecrets({ secret });
    await page
      .getByLabel("Code from the app")
      .fill(generateSync({ secret, epoch: Math.floor(clock.now() / 1000) }));
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    await poll(() => page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").count()).toBe(
      10,
    );
    harvestSecrets({
      recoveryCodes: await page
        .getByRole("list", { name: "Recovery codes" })
        .getByRole("listitem")
        .allTextContents(),
    });
    expect(await shownText(page)).not.toContain(password);
    await page.context().close();
  });

  it("opens a problem with the widget's editor and tutor in place, on the portal's cookie session", async () => {
    // An author publishes a problem (through the API, with a bearer token).
    const author = await signUp(
      { url: origin, db: db.knex },
      { email: `author-${Date.now()}@example.com`, password: "an author passphrase" },
    );
    await db.knex("users").where({ id: author.user.id }).update({ role: "author" });
    const created = await fetch(`${origin}/api/v1/problems`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${author.token}` },
      body: JSON.stringify({
        slug: "portal-sum",
        title: "Portal sum",
        statement: "Read two integers and print their **sum**.",
        difficulty: "easy",
        categories: ["math"],
        languages: ["python"],
        limits: { timeMs: 2000, memoryMb: 256 },
        judge: { mode: "stdio", compare: "tokens" },
        starter: { python: "a, b = map(int, input().split())\n" },
        tests: [
          { name: "example", input: "1 2\n", expected: "3\n", sample: true },
          { name: "hidden", input: "5 6\n", expected: "11\n" },
        ],
      }),
    });
    expect(created.status).toBe(201);

    const page = await newPage();
    await page.goto(`${origin}/`);
    await signUpInPage(page, db, {
      email: `learner-${Date.now()}@example.com`,
      password: "a learner passphrase",
    });
    await poll(() => page.getByRole("link", { name: "Portal sum" }).isVisible()).toBe(true);
    await page.getByRole("link", { name: "Portal sum" }).click();
    await poll(() => page.url()).toBe(`${origin}/problems/portal-sum`);
    const editor = page.locator("cg-problem .cm-content");
    await poll(() => editor.textContent()).toContain("a, b = map(int, input().split())");
    await poll(() => page.locator("cg-problem").getByText("Read two integers").isVisible()).toBe(true);
    expect(await page.locator("cg-chat").count()).toBe(1);
    // This server has no sandbox: a run says so instead of hanging.
    await page.locator("cg-problem").getByRole("button", { name: /^Run/ }).click();
    await poll(() =>
      page
        .locator("cg-problem")
        .getByText(/sandbox|not configured|unavailable/i)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-problem.png"), fullPage: true });
    // A reload of the address opens the same problem.
    await page.reload();
    await poll(() => editor.textContent()).toContain("a, b = map(int, input().split())");
    await page.context().close();
  }, 120_000);

  it("shows a clear error, with the request id, for a wrong password", async () => {
    const page = await newPage();
    await page.goto(`${origin}/`);
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Log in" }).click();
    const alert = page.getByRole("alert").first();
    await poll(() => alert.textContent()).toMatch(/email or password|Wrong|not match|incorrect/i);
    expect(await alert.textContent()).toMatch(/request [0-9a-f-]{36}/);
    await page.context().close();
  });
});
