import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateSync } from "otplib";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Frame,
  type FrameLocator,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: the example site is plain JavaScript
import { startCourseSite } from "../../examples/course-site/server.mjs";
import shellEn from "../../platform-api/portal/src/locales/shell/en.js";
import shellEs from "../../platform-api/portal/src/locales/shell/es.js";
import { signUp } from "../../platform-api/test/support/accounts.js";
import { PUBLIC_URL, startApi, type TestApi } from "../../platform-api/test/support/api.js";
import { shownText } from "../../platform-api/test/support/browser.js";
import { databases, type TestDatabase } from "../../platform-api/test/support/databases.js";
import { createEmbed, signup } from "../../platform-api/test/support/embeds.js";
import { type FakeProvider, startFakeProvider } from "../../platform-api/test/support/fake-openai.js";
import { harvestSecrets } from "../../platform-api/test/support/leaks.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "..", "test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

if (!existsSync(CHROMIUM) && process.env.CI === "true") {
  throw new Error(`the keys frame's browser tests need Chromium at ${CHROMIUM}`);
}
const describeBrowser = (name: string, fn: () => void) =>
  existsSync(CHROMIUM)
    ? describe(name, fn)
    : describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM})`, fn);

type Site = { url: string; close(): Promise<void> };

/** Console lines that are no fault: no favicon, "who am I" before signing in, COOP on the course's plain http. */
const EXPECTED_CONSOLE = [
  /status of 404 .*\/favicon\.ico$/,
  /status of 401 .*\/api\/v1\/me$/,
  /Cross-Origin-Opener-Policy header has been ignored, because the URL's origin was untrustworthy/,
];

const PASSWORD = "a learner's long passphrase";
/** How the frame names an account: first character, ellipsis, domain. */
const masked = (email: string) => `${email[0]}…${email.slice(email.indexOf("@"))}`;
const localPart = (email: string) => email.slice(0, email.indexOf("@"));
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

describeBrowser("<cg-keys> inside an embed: the vault through a Codeground window", () => {
  let db: TestDatabase;
  let api: TestApi;
  let provider: FakeProvider;
  let site: Site;
  let elsewhere: Site;
  let browser: Browser;
  let embedKey: string;
  /** The learner: a Codeground user with two-factor on, who brings a key to the course. */
  const learner = { email: `keys-${Date.now()}@example.com`, token: "", totp: "" };

  const code = () => generateSync({ secret: learner.totp, epoch: Math.floor(api.clock.now() / 1000) });
  const asLearner = (method: string, p: string, body?: unknown) =>
    api.call(method, p, { token: learner.token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    const sqlite = databases.find((target) => target.name === "sqlite");
    if (!sqlite) throw new Error("SQLite is always available");
    db = await sqlite.create();
    // The loopback provider that checks keys; an operator allows its origin (loopback, this port).
    provider = await startFakeProvider();
    api = await startApi(db.knex, { allowPrivateProviderUrls: [provider.url] });
    const owner = await signup(api);

    learner.token = (await signUp(api, { email: learner.email, password: PASSWORD })).token;
    const setup = await asLearner("POST", "/api/v1/me/mfa/totp/setup");
    learner.totp = setup.body.secret;
    const enabled = await asLearner("POST", "/api/v1/me/mfa/totp/enable", { code: code() });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    harvestSecrets({ password: PASSWORD, token: learner.token, secret: learner.totp });

    site = await startCourseSite({ codegroundUrl: PUBLIC_URL, embedKey: "pending", problems: [] });
    await site.close();
    const embed = await createEmbed(api, owner.token, { allowedOrigins: [site.url], features: ["keys"] });
    embedKey = embed.publishableKey;
    site = await startCourseSite({
      port: Number(new URL(site.url).port),
      codegroundUrl: PUBLIC_URL,
      embedKey,
      problems: [],
    });
    elsewhere = await startCourseSite({ codegroundUrl: PUBLIC_URL, embedKey, problems: [] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        `--host-resolver-rules=MAP ${new URL(PUBLIC_URL).hostname} 127.0.0.1:${new URL(api.url).port}`,
        // As over HTTPS in production: the platform origin counts as secure, so Chromium applies the
        // Cross-Origin-Opener-Policy headers (which decide whether the window keeps its opener).
        `--unsafely-treat-insecure-origin-as-secure=${PUBLIC_URL}`,
      ],
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await elsewhere?.close();
    await api?.close();
    await provider?.close();
    await db?.destroy();
  });

  /** A page in a fresh context that records every message its own window receives. */
  async function open(url: string) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    context.on("page", (p) =>
      p.on("console", (m) => {
        const line = `${m.text()} ${m.location().url}`;
        if (m.type() === "error" && !EXPECTED_CONSOLE.some((re) => re.test(line))) errors.push(line);
      }),
    );
    await context.addInitScript(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      window.addEventListener("message", (e) => heard.push(JSON.stringify(e.data)));
    });
    const page = await context.newPage();
    await page.goto(url);
    return { context, page, errors };
  }

  const heardBy = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard);

  /** The frame's whole DOM, shadow roots and attributes included: what the page could ever be shown. */
  const wholeDom = (target: Frame) =>
    target.evaluate(() => {
      const walk = (root: Document | ShadowRoot): string =>
        [...root.querySelectorAll("*")]
          .map((el) => `${el.outerHTML} ${el.shadowRoot ? walk(el.shadowRoot) : ""}`)
          .join(" ");
      return walk(document);
    });

  /** Whether the account line comes before the add-key form in the frame's element (-1: one is missing). */
  const accountAboveForm = (target: Frame) =>
    target.evaluate(() => {
      const root = document.querySelector("cg-keys")?.shadowRoot;
      const account = root?.querySelector('[part="account"]');
      const form = root?.querySelector('[part="form"]');
      if (!account || !form) return -1;
      return account.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : 0;
    });

  /** The course page, given `token` for its `<cg-keys>`. */
  async function withToken(token: string, before?: (context: BrowserContext) => Promise<void>) {
    const opened = await open(`${site.url}/keys.html`);
    await before?.(opened.context);
    await opened.page.evaluate(
      (value) => document.querySelector("cg-keys")?.setAttribute("token", value),
      token,
    );
    return opened;
  }

  /** A keys-scoped access token for the learner (as a trusted course server would hold). */
  async function keysToken(name: string, as: string = learner.token) {
    const minted = await api.call("POST", "/api/v1/me/tokens", {
      token: as,
      body: { name, scopes: ["keys", "keys:write"] },
    });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    harvestSecrets({ token: minted.body.token });
    return minted.body.token as string;
  }

  async function axe(page: Page | Frame) {
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const result = await (
        window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }
      ).axe.run();
      return result.violations.map((v) => v.id);
    });
  }

  /** Clicks Connect in the frame and returns the Codeground window it opens. */
  async function connectWindow(context: BrowserContext, frame: FrameLocator): Promise<Page> {
    const opened = context.waitForEvent("page");
    await frame.getByRole("button", { name: "Connect your Codeground account" }).click();
    const popup = await opened;
    await popup.waitForLoadState();
    return popup;
  }

  /** Signs in as the learner in the Codeground window, two-factor included, in the window's words. */
  async function logIn(popup: Page, words: typeof shellEn | typeof shellEs = shellEn) {
    await popup.getByLabel(words["auth.email"], { exact: true }).fill(learner.email);
    await popup.getByLabel(words["auth.password"], { exact: true }).fill(PASSWORD);
    await popup.getByRole("button", { name: words["auth.login"], exact: true }).click();
    await poll(() => popup.getByRole("heading", { name: words["auth.mfa.title"] }).isVisible()).toBe(true);
    api.clock.advance(30_000);
    await popup.getByLabel(words["auth.code"]).fill(code());
    await popup.getByRole("button", { name: words["auth.verify"], exact: true }).click();
  }

  const frameOf = (page: Page) => page.frameLocator("#keys iframe");
  const keysFrame = (page: Page) => page.frames().find((f) => f.url().includes("/embed/"));

  it("connects through a sign-in window with two-factor, then adds, verifies, replaces, renames, chooses and deletes a key", async () => {
    const { context, page, errors } = await open(`${site.url}/keys.html`);
    const frame = frameOf(page);
    const popup = await connectWindow(context, frame);
    expect(new URL(popup.url()).origin).toBe(PUBLIC_URL);
    expect(new URL(popup.url()).pathname).toBe("/connect");
    await logIn(popup);
    const consent = popup.getByRole("heading", { name: `Connect your keys to ${site.url}?` });
    await poll(() => consent.isVisible()).toBe(true);
    expect(await axe(popup)).toEqual([]);
    await popup.screenshot({ path: path.join(ARTIFACTS, "keys-connect-window.png") });
    const closed = popup.waitForEvent("close");
    // The window closes itself on this click; Playwright may report the click as cut short by that.
    await popup
      .getByRole("button", { name: "Allow for one hour" })
      .click()
      .catch((err: Error) => {
        if (!popup.isClosed() && !/has been closed/.test(err.message)) throw err;
      });
    await closed;

    await poll(() => frame.getByText(`Connected as ${masked(learner.email)}`).isVisible()).toBe(true);
    const framed = keysFrame(page);
    if (!framed) throw new Error("the keys frame is not on the page");
    // Whose vault, above the form, and only masked: the address is nowhere in the frame.
    expect(await accountAboveForm(framed)).toBe(1);
    expect(await wholeDom(framed)).not.toContain(localPart(learner.email));
    // A key for an OpenAI-compatible server (the loopback provider), first with a secret it refuses.
    const secret = "sk-course-key-secret-0123456789-b7e2";
    const replacement = "sk-course-key-replaced-987654-c9d4";
    harvestSecrets({ secret, replacement });
    provider.keys.add(replacement);
    await frame.getByLabel("Name", { exact: true }).fill("course");
    await frame.getByLabel("Provider").selectOption("openai-compatible");
    await frame.getByLabel("Base URL").fill(`${provider.url}/v1`);
    await frame.getByLabel("Secret").fill(secret);
    await frame.getByRole("button", { name: "Save key" }).click();
    const row = frame.getByRole("row", { name: /course/ });
    await poll(() => row.isVisible()).toBe(true);
    expect(await row.textContent()).toContain("••••b7e2");
    expect(await frame.getByLabel("Secret").inputValue()).toBe("");
    await frame.getByRole("button", { name: "Verify course" }).click();
    await poll(() => frame.getByRole("alert").filter({ hasText: "did not verify" }).isVisible()).toBe(true);
    // The provider quotes a refused key back; none of it reaches the page.
    expect(await shownText(framed)).not.toContain(secret.slice(0, 16));

    // Replace the secret, then the provider accepts it.
    await frame.getByRole("button", { name: "Edit course" }).click();
    await frame.getByLabel("New secret (leave empty to keep)").fill(replacement);
    await frame.getByRole("button", { name: "Save", exact: true }).click();
    await poll(() => frame.getByRole("status").filter({ hasText: "Replaced the secret" }).isVisible()).toBe(
      true,
    );
    expect(await row.textContent()).toContain("••••c9d4");
    await frame.getByRole("button", { name: "Verify course" }).click();
    await poll(() => frame.getByRole("status").filter({ hasText: "accepted" }).isVisible()).toBe(true);

    // Rename, and choose it for the tutor; the vault itself (through the API) agrees.
    await frame.getByRole("button", { name: "Edit course" }).click();
    await frame.getByLabel("Name", { exact: true }).first().fill("course key");
    await frame.getByRole("button", { name: "Save", exact: true }).click();
    await poll(() => frame.getByRole("status").filter({ hasText: "Renamed" }).isVisible()).toBe(true);
    const [stored] = (await asLearner("GET", "/api/v1/keys")).body as { id: string; name: string }[];
    expect(stored?.name).toBe("course key");
    await frame.getByLabel("Tutor chat").selectOption({ label: "course key" });
    await poll(async () => (await asLearner("GET", "/api/v1/me/preferences")).body.keys.chat).toBe(
      stored?.id,
    );
    expect(await axe(framed)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "keys-frame.png"), fullPage: true });

    // The secret is nowhere in the frame, and nothing the host page heard carries the grant.
    const shown = await shownText(framed);
    expect(shown).not.toContain(secret.slice(0, 16));
    expect(shown).not.toContain(replacement.slice(0, 16));
    const tokens = (await asLearner("GET", "/api/v1/me/tokens")).body as { name: string; scopes: string[] }[];
    const grant = tokens.find((t) => t.name === `Keys manager on ${site.url}`);
    expect(grant?.scopes.sort()).toEqual(["keys", "keys:write"]);
    expect((await heardBy(page)).join("\n")).not.toMatch(/cgp_|"token"/);

    await frame.getByRole("button", { name: "Delete course key" }).click();
    await frame.getByRole("button", { name: "Yes, delete course key" }).click();
    await poll(() => frame.getByText("No keys yet.").isVisible()).toBe(true);

    // Disconnect ends the grant for good.
    await frame.getByRole("button", { name: "Disconnect" }).click();
    await poll(() => frame.getByRole("button", { name: "Connect your Codeground account" }).isVisible()).toBe(
      true,
    );
    const after = (await asLearner("GET", "/api/v1/me/tokens")).body as { name: string }[];
    expect(after.some((t) => t.name === `Keys manager on ${site.url}`)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("asks a signed-in user only for consent, and goes back to Connect once the hour is over", async () => {
    const { context, page } = await open(`${site.url}/keys.html`);
    const frame = frameOf(page);
    const first = await connectWindow(context, frame);
    await logIn(first);
    await first.getByRole("button", { name: "Cancel" }).click();
    await poll(() => frame.getByText("You chose not to connect").isVisible()).toBe(true);

    // The session from that window stands: the next one goes straight to the question.
    const second = await connectWindow(context, frame);
    await poll(() => second.getByRole("button", { name: "Allow for one hour" }).isVisible()).toBe(true);
    await second.getByRole("button", { name: "Allow for one hour" }).click();
    await poll(() => frame.getByText(`Connected as ${masked(learner.email)}`).isVisible()).toBe(true);

    api.clock.advance(3600_000 + 1000);
    await frame.getByLabel("Name", { exact: true }).fill("late");
    await frame.getByLabel("Secret").fill("sk-too-late-secret-value-1234");
    await frame.getByRole("button", { name: "Save key" }).click();
    await poll(() => frame.getByRole("alert").filter({ hasText: "has ended" }).isVisible()).toBe(true);
    expect(await frame.getByRole("button", { name: "Connect your Codeground account" }).isVisible()).toBe(
      true,
    );
    expect((await asLearner("GET", "/api/v1/keys")).body).toEqual([]);
    await context.close();
  });

  it("uses a trusted page's own token as is: no window, that user's vault, named", async () => {
    const token = await keysToken("course server");
    const { context, page } = await withToken(token);
    const frame = frameOf(page);
    await poll(() => frame.getByText("No keys yet.").isVisible()).toBe(true);
    expect(await frame.getByText(`Connected as ${masked(learner.email)}`).isVisible()).toBe(true);
    expect(await frame.getByRole("button", { name: "Connect your Codeground account" }).count()).toBe(0);
    await frame.getByLabel("Name", { exact: true }).fill("from the server");
    await frame.getByLabel("Secret").fill("sk-trusted-page-secret-5555-aa11");
    harvestSecrets({ secret: "sk-trusted-page-secret-5555-aa11" });
    await frame.getByRole("button", { name: "Save key" }).click();
    await poll(async () =>
      ((await asLearner("GET", "/api/v1/keys")).body as { name: string }[]).map((k) => k.name),
    ).toEqual(["from the server"]);
    await frame.getByRole("button", { name: "Delete from the server" }).click();
    await frame.getByRole("button", { name: "Yes, delete from the server" }).click();
    await poll(() => frame.getByText("No keys yet.").isVisible()).toBe(true);
    expect((await heardBy(page)).join("\n")).not.toContain(token);
    await context.close();
  });

  it("says whose vault a page's token opens (someone else's) before its form can be used, and forgets it on 'Not you?'", async () => {
    // Another Codeground user, whose token a hostile page passes to the learner's keys manager.
    const other = `someone-else-${Date.now()}@example.com`;
    const created = await signUp(api, { email: other, password: "another user's passphrase" });
    harvestSecrets({ token: created.token });
    const token = await keysToken("planted", created.token);

    // Who the account is stays unanswered until the vault itself has loaded: the form must still wait.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const sent: string[] = [];
    let listed: Promise<unknown> = Promise.resolve();
    const { context, page } = await withToken(token, async (ctx) => {
      ctx.on("request", (r) => {
        if (r.headers().authorization === `Bearer ${token}`) sent.push(new URL(r.url()).pathname);
      });
      await ctx.route(
        (url) => url.pathname === "/api/v1/me",
        async (route) => {
          await answered;
          await route.continue();
        },
      );
      listed = ctx.waitForEvent("response", {
        predicate: (r) => new URL(r.url()).pathname === "/api/v1/keys",
        timeout: 30_000,
      });
    });
    const frame = frameOf(page);
    await poll(() => frame.getByText("Checking which Codeground account this is").isVisible()).toBe(true);
    await listed;
    await page.waitForTimeout(300);
    expect(await frame.getByRole("button", { name: "Save key" }).count()).toBe(0);
    expect(await frame.getByLabel("Secret").count()).toBe(0);
    expect(await frame.getByText("No keys yet.").count()).toBe(0);
    // The way out is there already.
    expect(await frame.getByRole("button", { name: "Not you? Disconnect" }).isVisible()).toBe(true);

    answer();
    await poll(() => frame.getByText(`Connected as ${masked(other)}`).isVisible()).toBe(true);
    await poll(() => frame.getByRole("button", { name: "Save key" }).isEnabled()).toBe(true);
    const framed = keysFrame(page);
    if (!framed) throw new Error("the keys frame is not on the page");
    expect(await accountAboveForm(framed)).toBe(1);
    // "s…@example.com": never the whole local part, in what is shown or anywhere in the frame's DOM.
    expect(masked(other)).toBe("s…@example.com");
    expect(await shownText(framed)).toContain("s…@example.com");
    expect(await wholeDom(framed)).not.toContain(localPart(other));
    expect((await heardBy(page)).join("\n")).not.toContain(localPart(other));
    expect(await axe(framed)).toEqual([]);

    // "Not you?": the frame forgets the page's token and offers to connect the learner's own vault.
    await frame.getByRole("button", { name: "Not you? Disconnect" }).focus();
    await page.keyboard.press("Enter");
    await poll(() => frame.getByRole("button", { name: "Connect your Codeground account" }).isVisible()).toBe(
      true,
    );
    expect(await frame.getByText("Connected as").count()).toBe(0);
    expect(await frame.getByRole("button", { name: "Save key" }).count()).toBe(0);
    const before = sent.length;
    await page.waitForTimeout(500);
    expect(sent.slice(before)).toEqual([]);
    expect(await axe(framed)).toEqual([]);
    await context.close();
  });

  it("shows an error, not an anonymous form, when the API will not say whose vault it is", async () => {
    const token = await keysToken("course server, identity refused");
    const { context, page } = await withToken(token, (ctx) =>
      ctx.route(
        (url) => url.pathname === "/api/v1/me",
        (route) =>
          route.fulfill({
            status: 503,
            contentType: "application/json",
            body: JSON.stringify({
              error: {
                type: "external_service",
                code: "unavailable",
                message: "Try again soon.",
                requestId: "r1",
              },
            }),
          }),
      ),
    );
    const frame = frameOf(page);
    await poll(() =>
      frame.getByRole("alert").filter({ hasText: "could not say which account" }).isVisible(),
    ).toBe(true);
    await page.waitForTimeout(500);
    expect(await frame.getByRole("button", { name: "Save key" }).count()).toBe(0);
    expect(await frame.getByLabel("Secret").count()).toBe(0);
    expect(await frame.getByText("No keys yet.").count()).toBe(0);
    expect(await frame.getByRole("button", { name: "Not you? Disconnect" }).isVisible()).toBe(true);
    await context.close();
  });

  it("gives a site that opens the connect window itself nothing, and ignores grants forged by the host page", async () => {
    // Another site opens the Codeground window directly, naming the course's origin.
    const { context, page } = await open(`${elsewhere.url}/keys.html`);
    const opened = context.waitForEvent("page");
    await page.evaluate(
      ([url]) => void window.open(url, "_blank", "popup"),
      [`${PUBLIC_URL}/connect?embed=${embedKey}&origin=${encodeURIComponent(site.url)}`],
    );
    const popup = await opened;
    await logIn(popup);
    await popup.getByRole("button", { name: "Allow for one hour" }).click();
    await poll(() =>
      popup
        .getByText("Access granted")
        .isVisible()
        .catch(() => true),
    ).toBe(true);
    await page.waitForTimeout(500);
    // The grant was posted to the Codeground origin only: the opener on another origin heard nothing.
    expect((await heardBy(page)).join("\n")).not.toContain("cg:grant");
    await context.close();

    // Opened without a keys frame behind it, the window has nothing to connect.
    const direct = await browser.newPage();
    await direct.goto(`${PUBLIC_URL}/connect?embed=${embedKey}&origin=${encodeURIComponent(site.url)}`);
    await logIn(direct);
    await poll(() => direct.getByRole("alert").filter({ hasText: "nothing to connect" }).isVisible()).toBe(
      true,
    );
    expect(await direct.getByRole("button", { name: "Allow for one hour" }).count()).toBe(0);
    await direct.context().close();

    // The host page forges a grant while the frame waits for the real window: the frame ignores it.
    const lesson = await open(`${site.url}/keys.html`);
    const frame = frameOf(lesson.page);
    const waiting = await connectWindow(lesson.context, frame);
    await lesson.page.evaluate(() => {
      const win = document.querySelector("cg-keys")?.shadowRoot?.querySelector("iframe")?.contentWindow;
      const forged = {
        type: "cg:grant",
        grant: {
          token: "cgp_forged",
          tokenId: "x",
          expiresAt: "2030-01-01T00:00:00Z",
          user: { email: "evil@x" },
        },
      };
      win?.postMessage(forged, "*");
    });
    await lesson.page.waitForTimeout(500);
    expect(await frame.getByText("Connected as").count()).toBe(0);
    await waiting.close();
    await poll(() =>
      frame.getByRole("alert").filter({ hasText: "closed before access was granted" }).isVisible(),
    ).toBe(true);
    await lesson.context.close();
  });

  it("speaks the element's language, and opens the Codeground window in it (?lang=)", async () => {
    const { context, page } = await open(`${site.url}/keys.html`);
    // The course marks its keys manager as Spanish; the frame follows.
    await page.evaluate(() => document.querySelector("cg-keys")?.setAttribute("lang", "es"));
    const frame = frameOf(page);
    await poll(() => frame.getByRole("heading", { name: "Claves de proveedores de IA" }).isVisible()).toBe(
      true,
    );
    const connect = frame.getByRole("button", { name: "Conectar tu cuenta de Codeground" });

    const opened = context.waitForEvent("page");
    await connect.click();
    const first = await opened;
    await first.waitForLoadState();
    expect(new URL(first.url()).searchParams.get("lang")).toBe("es");
    // The whole window speaks the frame's language, its sign-in form too.
    await logIn(first, shellEs);
    const consent = first.getByRole("heading", { name: `¿Conectar tus claves con ${site.url}?` });
    await poll(() => consent.isVisible()).toBe(true);
    expect(await first.locator("cg-connect > div").getAttribute("lang")).toBe("es");
    expect(await axe(first)).toEqual([]);
    await first.screenshot({ path: path.join(ARTIFACTS, "keys-connect-window-es.png") });
    // Saying no is told to the frame in the window's words, which are the frame's language.
    await first.getByRole("button", { name: "Cancelar" }).click();
    await poll(() =>
      frame
        .getByRole("alert")
        .filter({ hasText: "Decidiste no conectar tu cuenta de Codeground." })
        .isVisible(),
    ).toBe(true);

    const again = context.waitForEvent("page");
    await connect.click();
    const second = await again;
    await second.getByRole("button", { name: "Permitir durante una hora" }).click();
    await poll(() => frame.getByText(`Conectado como ${masked(learner.email)} hasta el`).isVisible()).toBe(
      true,
    );
    await poll(() =>
      frame.getByRole("status").filter({ hasText: "Conectado durante una hora." }).isVisible(),
    ).toBe(true);
    expect(await frame.getByRole("heading", { name: "Añadir una clave" }).isVisible()).toBe(true);
    expect(await frame.getByRole("button", { name: "Guardar clave" }).isVisible()).toBe(true);
    const framed = keysFrame(page);
    if (!framed) throw new Error("the keys frame is not on the page");
    expect(await axe(framed)).toEqual([]);
    await frame.getByRole("button", { name: "Desconectar" }).click();
    await poll(() => connect.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "keys-frame-es.png"), fullPage: true });
    await context.close();
  });
});
