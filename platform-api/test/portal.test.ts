import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { generateSync } from "otplib";
import pino from "pino";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { DEFAULT_PORTAL_BUNDLE } from "../src/http/routes/portal.js";
import { createLocalKms, createVault } from "../src/kms/index.js";
import { loadAuditKey } from "../src/services/audit-key.js";
import { fakeClock } from "./support/api.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { findLeaks, harvestSecrets } from "./support/leaks.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "..", "test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const missing = [
  existsSync(CHROMIUM) ? "" : `no Chromium at ${CHROMIUM}`,
  existsSync(DEFAULT_PORTAL_BUNDLE) ? "" : "the portal bundle is not built (npm run build)",
].filter(Boolean);
// In CI a missing browser or bundle is a failure, never a quiet skip.
if (missing.length && process.env.CI === "true")
  throw new Error(`portal browser tests cannot run: ${missing.join("; ")}`);
const describeBrowser = missing.length ? describe.skip : describe;

/** Waits for what the page shows; sign-ups and logins run argon2id, slow on a busy machine. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

const sqlite = databases[0];
if (!sqlite) throw new Error("no SQLite target");

describeBrowser(`the portal in Chromium${missing.length ? ` (skipped: ${missing.join("; ")})` : ""}`, () => {
  let db: TestDatabase;
  let kmsDir: string;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let app: ReturnType<typeof createApp>;
  const logs: string[] = [];
  const clock = fakeClock(Date.now());
  const cspViolations: string[] = [];

  beforeAll(async () => {
    db = await sqlite.create();
    kmsDir = await mkdtemp(path.join(os.tmpdir(), "cg-kms-"));
    const secrets = createVault(await createLocalKms({ dir: kmsDir }));
    // The portal's own origin is PUBLIC_URL: the cookie session's CSRF check compares with it.
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    app = createApp({
      db: db.knex,
      secrets,
      auditKey: await loadAuditKey(db.knex, secrets),
      logger: pino({ level: "debug" }, sink),
      clock,
      config: { publicUrl: origin, secureCookies: false },
    });
    server.on("request", app.callback());
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await app?.close();
    const leaks = db ? await findLeaks(db.knex, logs) : [];
    await db?.destroy();
    if (kmsDir) await rm(kmsDir, { recursive: true, force: true });
    expect(leaks).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on("dialog", (dialog) => void dialog.accept());
    return page;
  }

  /** axe-core in the page (evaluated, not injected: the strict CSP refuses inline scripts). */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(`${axeSource}\n;0`);
    const result = (await page.evaluate(
      "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => v.id + ': ' + v.nodes.length + ' node(s) — ' + v.help))",
    )) as string[];
    return result;
  }

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
    await page.getByRole("button", { name: "I need an account" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign up" }).click();
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
    const shown = await page.evaluate(() => {
      const walk = (root: Document | ShadowRoot): string =>
        [...root.querySelectorAll("*")]
          .map(
            (el) =>
              `${el.textContent ?? ""} ${(el as HTMLInputElement).value ?? ""} ${el.shadowRoot ? walk(el.shadowRoot) : ""}`,
          )
          .join(" ");
      return walk(document);
    });
    expect(shown).not.toContain(keySecret);
    expect(shown).not.toContain(keySecret.slice(0, 20));
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-keys.png"), fullPage: true });

    await page.getByRole("button", { name: "Delete work" }).click();
    await poll(() => page.getByText("No keys yet.").isVisible()).toBe(true);
    expect(await page.getByRole("status").filter({ hasText: "Deleted" }).count()).toBe(1);
    await page.context().close();
  });

  it("opens a problem with the widget's editor and tutor in place, on the portal's cookie session", async () => {
    // An author publishes a problem (through the API, with a bearer token).
    const author = await fetch(`${origin}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: `author-${Date.now()}@example.com`, password: "an author passphrase" }),
    }).then((r) => r.json() as Promise<{ token: string; user: { id: string } }>);
    harvestSecrets(author);
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
    await page.getByRole("button", { name: "I need an account" }).click();
    await page.getByLabel("Email").fill(`learner-${Date.now()}@example.com`);
    await page.getByLabel("Password").fill("a learner passphrase");
    await page.getByRole("button", { name: "Sign up" }).click();
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
