import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Knex } from "knex";
import pino from "pino";
import { type BrowserContextOptions, chromium, type Frame, type Page } from "playwright-core";
import { describe, expect } from "vitest";
import { type AppDeps, createApp } from "../../src/app.js";
import { DEFAULT_PORTAL_BUNDLE } from "../../src/http/routes/portal.js";
import { createLocalKms, createVault } from "../../src/kms/index.js";
import { loadAuditKey } from "../../src/services/audit/audit-key.js";
import { smtpTransport } from "../../src/services/mail/transport.js";
import { signUp } from "./accounts.js";
import { fakeClock } from "./api.js";
import { databases } from "./databases.js";
import { findLeaks, harvestSecrets } from "./leaks.js";

/** Screenshots of the portal's views, kept as test artifacts (gitignored). */
export const ARTIFACTS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "test-artifacts",
);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const missing = [
  existsSync(CHROMIUM) ? "" : `no Chromium at ${CHROMIUM}`,
  existsSync(DEFAULT_PORTAL_BUNDLE) ? "" : "the portal bundle is not built (npm run build)",
].filter(Boolean);
// In CI a missing browser or bundle is a failure, never a quiet skip.
if (missing.length && process.env.CI === "true")
  throw new Error(`portal browser tests cannot run: ${missing.join("; ")}`);

/** `describe` for the portal's browser suites: skipped (saying why) without Chromium or the bundle. */
export const describeBrowser = (name: string, fn: () => void) =>
  missing.length ? describe.skip(`${name} (skipped: ${missing.join("; ")})`, fn) : describe(name, fn);

/** Waits for what the page shows; sign-ups and logins run argon2id, slow on a busy machine. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

/**
 * The real app on SQLite over real HTTP, its origin as PUBLIC_URL (the cookie session's CSRF check
 * compares with it), and Chromium. `close` fails the suite on a secret in a log line or a table, a
 * CSP refusal, or an uncaught error in a page.
 */
export async function startPortal({
  smtpUrl,
  ...options
}: Partial<Pick<AppDeps, "authCacheTtlMs" | "allowPrivateProviderUrls">> & {
  /** An SMTP server's URL (a loopback `smtp-server`); none: `.eml` files in a temporary folder. */
  smtpUrl?: string;
} = {}) {
  const sqlite = databases[0];
  if (!sqlite) throw new Error("no SQLite target");
  const db = await sqlite.create();
  const kmsDir = await mkdtemp(path.join(os.tmpdir(), "cg-kms-"));
  const secrets = createVault(await createLocalKms({ dir: kmsDir }));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const clock = fakeClock(Date.now());
  const app = createApp({
    db: db.knex,
    secrets,
    auditKey: await loadAuditKey(db.knex, secrets),
    logger: pino({ level: "debug" }, sink),
    clock,
    config: { publicUrl: origin, secureCookies: false },
    ...options,
    ...(smtpUrl
      ? { mail: { transport: smtpTransport(smtpUrl), from: "Codeground <no-reply@codeground.test>" } }
      : {}),
  });
  server.on("request", app.callback());
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  return {
    origin,
    db,
    app,
    clock,
    /**
     * A page in a fresh browser context (`options` as Playwright takes them: a time zone, say),
     * watched for CSP refusals and errors; dialogs accepted.
     */
    async newPage(options: BrowserContextOptions = {}): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
      const page = await context.newPage();
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
      });
      page.on("pageerror", (error) => pageErrors.push(error.message));
      page.on("dialog", (dialog) => void dialog.accept());
      return page;
    },
    /**
     * axe-core in the page (evaluated, not injected: the strict CSP refuses inline scripts), in the
     * light scheme and then the dark one, whose contrast differs.
     */
    async axeViolations(page: Page): Promise<string[]> {
      await page.evaluate(`${axeSource}\n;0`);
      const run = async (scheme: "light" | "dark") => {
        await page.emulateMedia({ colorScheme: scheme });
        const found = (await page.evaluate(
          "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => v.id + ': ' + v.nodes.length + ' node(s) — ' + v.help + ' — ' + v.nodes.slice(0, 5).map(n => JSON.stringify(n.target) + ' ' + ((n.any[0] && n.any[0].message) || '')).join(' | ')))",
        )) as string[];
        return found.map((violation) => `${scheme}: ${violation}`);
      };
      const light = await run("light");
      const dark = await run("dark");
      await page.emulateMedia({ colorScheme: "light" });
      return [...light, ...dark];
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
      const leaks = await findLeaks(db.knex, logs);
      await db.destroy();
      await rm(kmsDir, { recursive: true, force: true });
      expect(leaks).toEqual([]);
      expect(cspViolations).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
  };
}

export type Portal = Awaited<ReturnType<typeof startPortal>>;

/** The words of the portal's sign-up and sign-in forms (English unless a test reads another language). */
export interface AuthWords {
  needAccount: string;
  email: string;
  password: string;
  signUp: string;
  checkInbox: string;
  logIn: string;
}
const ENGLISH_AUTH: AuthWords = {
  needAccount: "I need an account",
  email: "Email",
  password: "Password",
  signUp: "Sign up",
  checkInbox: "Check your inbox",
  logIn: "Log in",
};

/**
 * A new, verified account through the API (sign-up answers 202 with no session, then sign-in), its
 * session token as the portal's cookie would carry it.
 */
export async function accountFor(
  portal: { origin: string; db: { knex: Knex } },
  { email, password, displayName }: { email: string; password: string; displayName?: string },
) {
  const { token, user } = await signUp(
    { url: portal.origin, db: portal.db.knex },
    { email, password, ...(displayName !== undefined ? { displayName } : {}) },
  );
  harvestSecrets({ session: token });
  return { id: user.id, email: user.email, user, cookie: token };
}

/**
 * Signs up through the portal's own form, on whatever page shows it: the form says to check the
 * inbox and offers log in; the address is marked verified as its emailed link would, then the
 * password signs in.
 */
export async function signUpInPage(
  page: Page | Frame,
  db: { knex: Knex },
  { email, password, words = ENGLISH_AUTH }: { email: string; password: string; words?: AuthWords },
) {
  harvestSecrets({ password });
  await expect
    .poll(() => page.getByRole("button", { name: words.needAccount }).isVisible(), { timeout: 30_000 })
    .toBe(true);
  await page.getByRole("button", { name: words.needAccount }).click();
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password).fill(password);
  await page.getByRole("button", { name: words.signUp }).click();
  await expect
    .poll(() => page.getByRole("status").filter({ hasText: words.checkInbox }).count(), { timeout: 30_000 })
    .toBe(1);
  const updated = await db
    .knex("users")
    .where({ email: email.trim().toLowerCase() })
    .update({ email_verified_at: new Date().toISOString() });
  expect(updated).toBe(1);
  await page.getByLabel(words.password).fill(password);
  await page.getByRole("button", { name: words.logIn }).click();
}
