import { readFile } from "node:fs/promises";
import path from "node:path";
import { generateSync } from "otplib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { newEmail, signUp } from "./support/accounts.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";
import { startSmtp, type TestSmtp } from "./support/smtp.js";

const PASSWORD = "an account email passphrase 42";
const NEW_PASSWORD = "a brand new passphrase for 2027";

describeBrowser("the portal's email links in Chromium: forgotten passwords and verified addresses", () => {
  let smtp: TestSmtp;
  let portal: Portal;
  let origin: string;
  let clock: Portal["clock"];

  beforeAll(async () => {
    smtp = await startSmtp();
    portal = await startPortal({ smtpUrl: smtp.url });
    ({ origin, clock } = portal);
    harvestSecrets({ password: PASSWORD, newPassword: NEW_PASSWORD });
  });

  afterAll(async () => {
    await portal?.close();
    await smtp?.close();
  });

  const heading = (page: Page) => page.getByRole("heading", { level: 1 }).first();
  const nav = (page: Page) => page.getByRole("navigation", { name: "Portal" });
  const banner = (page: Page) => page.locator("cg-verify-banner");
  /** A TOTP code for the app's clock, which the test moves on between codes (each is accepted once). */
  const totp = (secret: string) => generateSync({ secret, epoch: Math.floor(clock.now() / 1000) });
  /** The single-use link to `path` in the newest of the first `count` such mails to `to` (a newer link replaces older ones). */
  async function linkIn(to: string, path: string, count = 1) {
    const has = (m: { links: string[] }) => m.links.some((l) => l.startsWith(`${origin}${path}?token=`));
    await smtp.waitFor(to, has);
    await poll(() => smtp.to(to).filter(has).length).toBeGreaterThanOrEqual(count);
    const mail = smtp.to(to).filter(has).at(-1);
    const link = mail?.links.find((l) => l.startsWith(`${origin}${path}?token=`)) ?? "";
    harvestSecrets({ token: new URL(link).searchParams.get("token") });
    return link;
  }

  /** An account with two-factor on (through the API), and its TOTP secret. */
  async function accountWithTotp() {
    const account = await signUp(
      { url: origin, db: portal.db.knex },
      { email: newEmail("reset"), password: PASSWORD },
    );
    harvestSecrets({ session: account.token });
    const call = async (p: string, body: unknown) => {
      const response = await fetch(`${origin}/api/v1${p}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${account.token}` },
        body: JSON.stringify(body),
      });
      const parsed = await response.json();
      harvestSecrets(parsed);
      expect(response.status, JSON.stringify(parsed)).toBe(200);
      return parsed;
    };
    const { secret } = (await call("/me/mfa/totp/setup", {})) as { secret: string };
    await call("/me/mfa/totp/enable", { code: totp(secret) });
    return { ...account, secret };
  }

  it("resets a forgotten password with TOTP on: asks for a code, then ends every other session", async () => {
    const account = await accountWithTotp();

    // Another browser is signed in before the reset.
    const other = await portal.newPage();
    await other.context().addCookies([{ name: "cg_session", value: account.token, url: origin }]);
    await other.goto(`${origin}/security`);
    await poll(() => heading(other).textContent()).toBe("Security");

    const page = await portal.newPage();
    await page.goto(`${origin}/`);
    await poll(() => heading(page).textContent()).toBe("Log in");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await poll(() => heading(page).textContent()).toBe("Forgot your password?");
    expect(await page.evaluate(() => location.pathname)).toBe("/forgot-password");
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.getByLabel("Email").fill(account.email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "If an account exists" }).textContent()).toBe(
      `If an account exists for ${account.email}, we sent it a link. It works once, for 30 minutes. Check your spam folder if it does not arrive.`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-forgot-password.png"), fullPage: true });

    const link = await linkIn(account.email, "/reset-password");
    await page.goto(link);
    await poll(() => heading(page).textContent()).toBe("Choose a new password");
    // The token leaves the address bar as soon as the page has it.
    await poll(() => page.evaluate(() => location.search)).toBe("");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("New password again").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    const code = page.getByLabel("Code from your authenticator app, or a recovery code");
    await poll(() => code.isVisible()).toBe(true);
    expect(await page.getByText("Two-factor sign-in is on for this account").isVisible()).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-reset-password-code.png"), fullPage: true });

    clock.advance(30_000);
    await code.fill(totp(account.secret));
    await page.getByRole("button", { name: "Change password" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "Password changed" }).textContent()).toBe(
      "Password changed; every session was signed out. Log in with your new password.",
    );
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-reset-password-done.png"), fullPage: true });

    // The other browser's session has ended: its next look lands on the sign-in form.
    await other.reload();
    await poll(() => heading(other).textContent()).toBe("Log in");
    await other.context().close();

    // The old password is refused; the new one signs in, with its second factor.
    await page.getByRole("button", { name: "Back to log in" }).click();
    await poll(() => heading(page).textContent()).toBe("Log in");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => page.getByRole("alert").filter({ hasText: /\S/ }).count()).toBeGreaterThan(0);
    await page.getByLabel("Password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => heading(page).textContent()).toBe("Two-factor check");
    clock.advance(30_000);
    await page.getByLabel("Code from your authenticator app, or a recovery code").fill(totp(account.secret));
    await page.getByRole("button", { name: "Verify" }).click();
    await poll(() => nav(page).isVisible()).toBe(true);
    await page.context().close();
  }, 120_000);

  it("signs up, says to check the inbox, signs in to a verify banner, follows the emailed link, then creates a course", async () => {
    const email = newEmail("verify");
    const page = await portal.newPage();
    await page.goto(`${origin}/`);
    await poll(() => page.getByRole("button", { name: "I need an account" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "I need an account" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();

    // No session: a line saying where the link went, and the sign-in form with the address in it.
    await poll(() => page.getByRole("status").filter({ hasText: "Check your inbox" }).textContent()).toBe(
      `Check your inbox: we sent a link to ${email}. Open it to verify your address, then log in.`,
    );
    expect(await heading(page).textContent()).toBe("Log in");
    expect(await page.getByLabel("Email").inputValue()).toBe(email);
    expect((await page.context().cookies()).some((c) => c.name === "cg_session")).toBe(false);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-check-inbox.png"), fullPage: true });

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => nav(page).isVisible()).toBe(true);
    const cookie = (await page.context().cookies()).find((c) => c.name === "cg_session")?.value;
    if (cookie) harvestSecrets({ session: cookie });
    await poll(() => banner(page).isVisible()).toBe(true);
    expect(
      await banner(page)
        .getByText(
          `Verify your email address: open the link we sent to ${email}. Until then you cannot create courses or embeds.`,
        )
        .isVisible(),
    ).toBe(true);

    // Creating a course is refused until then, and the page says why.
    await page.getByRole("link", { name: "Courses" }).click();
    await poll(() => page.getByLabel("Course name").isVisible()).toBe(true);
    await page.getByLabel("Course name").fill("Unverified course");
    await page.getByRole("button", { name: "Create course" }).click();
    await poll(() =>
      page.getByRole("alert").filter({ hasText: "Verify your email address first" }).count(),
    ).toBe(1);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-verify-banner.png"), fullPage: true });

    // Send again: a second link, said on the banner.
    await page.getByRole("button", { name: "Send again" }).click();
    await poll(() =>
      banner(page)
        .getByRole("status")
        .or(banner(page).getByRole("alert"))
        .filter({ hasText: /\S/ })
        .first()
        .textContent(),
    ).toMatch(/^(We sent a new link to .+\.|A link was sent a moment ago\. .+)$/);

    const link = await linkIn(email, "/verify-email", 2);
    await page.goto(link);
    await poll(() => page.getByRole("status").filter({ hasText: "is verified" }).textContent()).toBe(
      `Your email address ${email} is verified.`,
    );
    await poll(() => page.evaluate(() => location.search)).toBe("");
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-verify-email.png"), fullPage: true });

    // The same link a second time is spent: the page says so and offers a new one.
    const again = await portal.newPage();
    await again.context().addCookies((await page.context().cookies()).filter((c) => c.name === "cg_session"));
    await again.goto(link);
    await poll(() => again.getByRole("alert").filter({ hasText: "not valid any more" }).count()).toBe(1);
    expect(await again.getByRole("button", { name: "Send a new link" }).isVisible()).toBe(true);
    // Without a token, the page asks for the link from the mail.
    await again.goto(`${origin}/verify-email`);
    await poll(() =>
      again.getByRole("alert").filter({ hasText: "needs the link from your email" }).count(),
    ).toBe(1);
    await again.context().close();
    // The account's mail speaks the language the portal spoke at sign-up.
    expect((await portal.db.knex("users").where({ email }).first())?.locale).toBe("en");

    await page.getByRole("button", { name: "Continue" }).click();
    await poll(() => nav(page).isVisible()).toBe(true);
    expect(await banner(page).count()).toBe(0);
    await page.getByRole("link", { name: "Courses" }).click();
    await page.getByLabel("Course name").fill("Verified course");
    await page.getByRole("button", { name: "Create course" }).click();
    await poll(() => heading(page).textContent()).toBe("Verified course");
    expect(await page.evaluate(() => location.pathname)).toMatch(/^\/courses\/[A-Za-z0-9-]+$/);
    await page.context().close();
  }, 120_000);

  it("takes an emailed invitation to a new address through sign-up, the verification link and sign-in, back to Accept", async () => {
    const owner = await signUp(
      { url: origin, db: portal.db.knex },
      { email: newEmail("owner"), password: PASSWORD },
    );
    harvestSecrets({ session: owner.token });
    const post = async (p: string, body: unknown) => {
      const response = await fetch(`${origin}/api/v1${p}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${owner.token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const parsed = await response.json();
      harvestSecrets(parsed);
      expect(response.status, JSON.stringify(parsed)).toBe(201);
      return parsed;
    };
    const course = await post("/courses", { name: "Invited course" });
    const invited = newEmail("invited");
    await post(`/courses/${course.id}/invitations`, { email: invited, role: "instructor" });
    const mail = await smtp.waitFor(invited, (m) =>
      m.links.some((l) => l.startsWith(`${origin}/invitations/`)),
    );
    const invitation = mail.links.find((l) => l.startsWith(`${origin}/invitations/`)) ?? "";

    const page = await portal.newPage();
    await page.goto(invitation);
    await poll(() => page.getByText("New here? Sign up, open the link we email you").isVisible()).toBe(true);
    await page.getByRole("button", { name: "I need an account" }).click();
    await page.getByLabel("Email").fill(invited);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "Check your inbox" }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe(new URL(invitation).pathname);

    // The verification link, opened beside the invitation (as a mail client opens it).
    const verification = await linkIn(invited, "/verify-email");
    const mailTab = await page.context().newPage();
    await mailTab.goto(verification);
    await poll(() => mailTab.getByRole("status").filter({ hasText: "is verified" }).count()).toBe(1);
    await mailTab.close();

    // Back on the invitation: log in, then accept.
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    const accept = page.getByRole("button", { name: "Accept and join as Instructor" });
    await poll(() => accept.isVisible()).toBe(true);
    expect(await banner(page).count()).toBe(0);
    await accept.click();
    await poll(() => heading(page).textContent()).toBe("Invited course");
    await page.context().close();
  }, 120_000);

  it("makes the account's mail follow the language chosen in the portal's menu", async () => {
    const account = await signUp(
      { url: origin, db: portal.db.knex },
      { email: newEmail("lang"), password: PASSWORD },
    );
    harvestSecrets({ session: account.token });
    const page = await portal.newPage({ locale: "en-US" });
    await page.context().addCookies([{ name: "cg_session", value: account.token, url: origin }]);
    await page.goto(`${origin}/security`);
    await poll(() => heading(page).textContent()).toBe("Security");
    await page.getByLabel("Language").first().selectOption("de");
    await poll(() => heading(page).textContent()).toBe("Sicherheit");
    expect((await portal.db.knex("users").where({ id: account.user.id }).first())?.locale).toBe("de");
    expect(await page.getByRole("heading", { name: "Konto", level: 2 }).isVisible()).toBe(true);
    await page.context().close();
  }, 120_000);

  it("keeps account settings beside security: mail switches saved on change, a data download, a new address, deleting the account", async () => {
    const account = await signUp(
      { url: origin, db: portal.db.knex },
      { email: newEmail("settings"), password: PASSWORD },
    );
    harvestSecrets({ session: account.token });
    const page = await portal.newPage();
    await page.context().addCookies([{ name: "cg_session", value: account.token, url: origin }]);
    await page.goto(`${origin}/security`);
    await poll(() => page.getByRole("heading", { name: "Account", level: 2 }).isVisible()).toBe(true);

    // Each switch is a labelled checkbox, saved as it changes, kept after a reload.
    const newSignIn = page.getByLabel("Someone signed in from a browser this account has not used before");
    await poll(() => newSignIn.isVisible()).toBe(true);
    expect(await newSignIn.isChecked()).toBe(true);
    await newSignIn.uncheck();
    await poll(() => page.getByRole("status").filter({ hasText: "Saved" }).textContent()).toBe(
      "Saved: no more email for this (Someone signed in from a browser this account has not used before).",
    );
    await page.reload();
    await poll(() => newSignIn.isVisible()).toBe(true);
    expect(await newSignIn.isChecked()).toBe(false);
    expect(await page.getByLabel("A new access token was created").isChecked()).toBe(true);

    // Download my data: a JSON file of the account.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download my data" }).click(),
    ]);
    const saved = await download.path();
    const exported = JSON.parse(await readFile(saved, "utf8"));
    expect(JSON.stringify(exported)).toContain(account.email);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    await poll(() => page.getByRole("status").filter({ hasText: "Your data was saved as" }).count()).toBe(1);

    // A new address: a link goes to it, the old one stays until then.
    const next = newEmail("moved");
    await page.getByLabel("New email address").fill(next);
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByRole("button", { name: "Change email address" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "We sent a link to" }).textContent()).toBe(
      `We sent a link to ${next}. Your address changes when you open it; until then you keep signing in with the old one.`,
    );
    await linkIn(next, "/verify-email");
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-account-settings.png"), fullPage: true });

    // A course where someone else teaches stays: deleting waits until it is handed over, and says so.
    const bearer = async (token: string, method: string, p: string, body?: unknown) => {
      const response = await fetch(`${origin}/api/v1${p}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { "Content-Type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      const parsed = text ? JSON.parse(text) : undefined;
      harvestSecrets(parsed);
      expect(response.status, text).toBeLessThan(300);
      return parsed;
    };
    const ta = await signUp(
      { url: origin, db: portal.db.knex },
      { email: newEmail("ta"), password: PASSWORD },
    );
    harvestSecrets({ session: ta.token });
    const course = await bearer(account.token, "POST", "/courses", { name: "Shared course" });
    const invitation = await bearer(account.token, "POST", `/courses/${course.id}/invitations`, {
      email: ta.email,
      role: "ta",
    });
    await bearer(ta.token, "POST", `/invitations/${invitation.token}/accept`);
    await page.getByRole("button", { name: "Delete my account…" }).click();
    await page.locator("#delete-password").fill(PASSWORD);
    await page.getByRole("button", { name: "Delete my account for good" }).click();
    await poll(() => page.getByRole("alert").filter({ hasText: "where others teach" }).textContent()).toBe(
      "You own “Shared course”, where others teach. Make one of them the owner on the course's page first, then delete your account.",
    );
    await bearer(account.token, "DELETE", `/courses/${course.id}/members/${ta.user.id}`);
    await page.getByRole("button", { name: "Keep my account" }).click();

    // Deleting the account: asked where it starts, naming what goes; then the sign-in form.
    await page.getByRole("button", { name: "Delete my account…" }).click();
    expect(await page.getByText("This deletes your submissions, tutor conversations").isVisible()).toBe(true);
    expect(
      await page.getByText("Audit entries are kept, with your name and address removed.").isVisible(),
    ).toBe(true);
    await page.getByRole("button", { name: "Keep my account" }).click();
    await poll(() => page.getByRole("button", { name: "Delete my account…" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Delete my account…" }).click();
    await page.locator("#delete-password").fill(PASSWORD);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-delete-account.png"), fullPage: true });
    await page.getByRole("button", { name: "Delete my account for good" }).click();
    await poll(() => heading(page).textContent()).toBe("Log in");
    const login = await fetch(`${origin}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: account.email, password: PASSWORD }),
    });
    expect(login.status).toBe(401);
    await page.context().close();
  }, 120_000);
});
