import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { shownText } from "./support/browser.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "a management passphrase 42";

/** Two problems in one YAML file, one document per `---` section. */
const TWO_PROBLEMS = `slug: manage-sum
title: Managed sum
statement: Print the sum of two integers.
difficulty: easy
categories: [math]
languages: [python]
judge: { mode: stdio, compare: tokens }
tests:
  - { input: "1 2\\n", expected: "3\\n", sample: true }
  - { input: "2 2\\n", expected: "4\\n" }
---
slug: manage-echo
title: Managed echo
statement: Print the line you read.
difficulty: medium
languages: [python]
judge: { mode: stdio, compare: trim }
tests:
  - { input: "hi\\n", expected: "hi\\n", sample: true }
`;

describeBrowser("managing embeds, the audit log and problems in the portal", () => {
  let portal: Portal;
  let origin: string;
  let db: Portal["db"];
  let clock: Portal["clock"];

  beforeAll(async () => {
    portal = await startPortal({
      // Roles change in the database below: no cached principal may outlive that.
      authCacheTtlMs: 0,
      // Webhooks may point at this machine (nothing listens there; deliveries are written below).
      allowPrivateProviderUrls: ["http://127.0.0.1:9"],
    });
    ({ origin, db, clock } = portal);
  });

  afterAll(async () => {
    await portal?.close();
  });

  /** A user signed up through the API (as a browser would, with Origin), with a role set in the database. */
  async function signUp(
    role: "learner" | "author" | "admin",
  ): Promise<{ id: string; email: string; cookie: string }> {
    const email = `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`;
    harvestSecrets({ password: PASSWORD });
    const { cookie, user } = await accountFor(portal, { email, password: PASSWORD });
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

  const axeViolations = (page: Page) => portal.axeViolations(page);

  it("serves the new views' paths with the portal shell", async () => {
    for (const at of ["/embeds", "/audit", "/author"]) {
      const response = await fetch(`${origin}${at}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("<cg-portal>");
      expect(response.headers.get("content-security-policy")).toContain("'strict-dynamic'");
    }
  });

  let author: Awaited<ReturnType<typeof signUp>>;

  it("creates an embed whose secret is shown once, refuses a bad origin with the API's message, rotates, edits and deletes it", async () => {
    author = await signUp("author");
    const page = await pageAs(author, "/embeds");
    await poll(() => page.getByText("No embeds yet.").isVisible()).toBe(true);

    // An origin that allows every site: the API's message, with the request id, next to the form.
    await page.getByLabel("Name", { exact: true }).fill("Open to all");
    await page.getByLabel("Allowed origins, one per line").fill("*");
    await page.getByRole("button", { name: "Create embed" }).click();
    const formError = page.locator("#form-error-new");
    const originsError = page.locator("#allowedOrigins-error-new");
    await poll(() => originsError.textContent()).toMatch(/^line 1: "\*" would allow every site/);
    expect(await formError.textContent()).toMatch(
      /not valid\. See the marked fields above\. \[request [0-9a-f-]{36}\]/,
    );
    await page.getByLabel("Allowed origins, one per line").fill("ftp://x");
    await page.getByRole("button", { name: "Create embed" }).click();
    // The field itself says what is wrong, and on which line.
    await poll(() => originsError.textContent()).toMatch(/^line 1: use an origin such as https:\/\//);
    const origins = page.getByLabel("Allowed origins, one per line");
    expect(await origins.getAttribute("aria-invalid")).toBe("true");
    expect(await origins.getAttribute("aria-describedby")).toContain("allowedOrigins-error-new");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-embeds-invalid.png"), fullPage: true });

    // Sponsoring the tutor needs a key in the vault to pay with: the API says so under that field.
    await page.getByLabel("Allowed origins, one per line").fill("https://course.example.edu");
    const sponsor = page.getByRole("checkbox", { name: /Pay for learners' tutor replies/ });
    await sponsor.check();
    await page.getByRole("button", { name: "Create embed" }).click();
    await poll(() => page.locator("#chat-error-new").textContent()).toMatch(
      /needs an AI key in your key vault/,
    );
    await sponsor.uncheck();

    await page.getByLabel("Name", { exact: true }).fill("Intro course");
    await page
      .getByLabel("Allowed origins, one per line")
      .fill("https://course.example.edu\nhttps://*.example.org");
    await page.getByRole("checkbox", { name: "Tutor chat" }).check();
    await page.getByLabel("Problems (optional)").fill("two-sum");
    await page.getByRole("button", { name: "Create embed" }).click();
    const secretEl = page.getByTestId("embed-secret");
    await poll(() => secretEl.isVisible()).toBe(true);
    const secret = (await secretEl.textContent())?.trim() ?? "";
    expect(secret).toMatch(/^sk_/);
    harvestSecrets({ secret });
    expect(await page.getByRole("heading", { name: /copy it now/ }).isVisible()).toBe(true);
    // Focus moves to it, so keyboard and screen-reader users meet it first.
    await poll(() =>
      page.evaluate(
        () =>
          document.querySelector("cg-portal")?.shadowRoot?.querySelector("cg-embeds")?.shadowRoot
            ?.activeElement?.id,
      ),
    ).toBe("secret-title");
    expect(await formError.textContent()).toBe("");
    const card = page.getByRole("article", { name: "Intro course" });
    const snippet = (await card.locator("pre").textContent()) ?? "";
    expect(snippet).toContain(`<script src="${origin}/widget.js"></script>`);
    expect(snippet).toMatch(/<cg-problem embed="pk_[^"]+" problem="two-sum"><\/cg-problem>/);
    expect(snippet).toMatch(/<cg-chat embed="pk_[^"]+" problem="two-sum"><\/cg-chat>/);
    expect(await card.textContent()).toContain("https://*.example.org");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-embeds-secret.png"), fullPage: true });

    // After a reload the secret is nowhere: the list never carries it.
    await page.reload();
    await poll(() => card.isVisible()).toBe(true);
    expect(await secretEl.count()).toBe(0);
    expect(await shownText(page)).not.toContain(secret);

    // Rotation shows the new secret once; the old one is gone.
    await page.getByRole("button", { name: "Rotate secret of Intro course" }).click();
    await poll(() => secretEl.isVisible()).toBe(true);
    const rotated = (await secretEl.textContent())?.trim() ?? "";
    harvestSecrets({ secret: rotated });
    expect(rotated).toMatch(/^sk_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole("button", { name: "I have stored it" }).click();
    expect(await secretEl.count()).toBe(0);
    await poll(() => card.textContent()).toMatch(/rotated/);

    // Edit: a new name, the chat feature off; a bad edit shows the API's message by its form.
    await page.getByRole("button", { name: "Edit Intro course" }).click();
    const editForm = card.locator("form");
    await editForm.getByLabel("Allowed origins, one per line").fill("https://course.example.edu/lessons");
    await editForm.getByRole("button", { name: "Save changes" }).click();
    await poll(() => editForm.locator(".field-error").textContent()).toMatch(
      /^line 1: an origin has no path/,
    );
    await editForm.getByLabel("Allowed origins, one per line").fill("https://course.example.edu");
    await editForm.getByLabel("Name", { exact: true }).fill("Intro course, spring");
    await editForm.getByRole("checkbox", { name: "Tutor chat" }).uncheck();
    await editForm.getByRole("button", { name: "Save changes" }).click();
    const renamed = page.getByRole("article", { name: "Intro course, spring" });
    await poll(() => renamed.isVisible()).toBe(true);
    expect(await renamed.locator("pre").textContent()).not.toContain("<cg-chat");
    await renamed.getByRole("button", { name: /Webhook deliveries/ }).click();
    await poll(() => renamed.getByText("No webhook URL is set").isVisible()).toBe(true);

    await page.getByRole("button", { name: "Delete Intro course, spring" }).click();
    await poll(() => page.getByText("No embeds yet.").isVisible()).toBe(true);
    expect(await page.getByRole("status").filter({ hasText: "Deleted" }).count()).toBe(1);
    await page.context().close();
  });

  it("lists the author's own events in the audit log, and lets an admin verify the chain", async () => {
    const page = await pageAs(author, "/audit");
    const created = page.getByRole("row").filter({ hasText: "embed.created" });
    await poll(() => created.count()).toBe(1);
    expect(await created.textContent()).toContain("you");
    await created.getByText("Details").click();
    expect(await created.locator("pre").textContent()).toContain("https://course.example.edu");
    expect(await page.getByRole("row").filter({ hasText: "embed.deleted" }).count()).toBe(1);
    // Only admins check the chain.
    expect(await page.getByRole("button", { name: "Verify the chain" }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();

    const admin = await signUp("admin");
    const adminPage = await pageAs(admin, "/audit");
    // Admins see everyone's events, the author's among them.
    await poll(() => adminPage.getByRole("row").filter({ hasText: "embed.created" }).count()).toBe(1);
    await adminPage.getByRole("button", { name: "Verify the chain" }).click();
    await poll(() => adminPage.getByRole("status").filter({ hasText: "intact" }).textContent()).toMatch(
      /The chain is intact: \d+ entries checked/,
    );
    expect(await axeViolations(adminPage)).toEqual([]);
    await adminPage.screenshot({ path: path.join(ARTIFACTS, "portal-audit.png"), fullPage: true });
    await adminPage.emulateMedia({ colorScheme: "dark" });
    await adminPage.screenshot({ path: path.join(ARTIFACTS, "portal-audit-dark.png"), fullPage: true });
    await adminPage.context().close();
  });

  it("sponsors the tutor with a key from the vault, within a budget, and lists the webhook's deliveries", async () => {
    const owner = await signUp("author");
    const keySecret = "sk-manage-sponsor-secret-5d1e9a70";
    harvestSecrets({ secret: keySecret });
    const key = await fetch(`${origin}/api/v1/keys`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: origin, Cookie: `cg_session=${owner.cookie}` },
      body: JSON.stringify({ name: "pays", provider: "openai", secret: keySecret }),
    });
    expect(key.status).toBe(201);

    const page = await pageAs(owner, "/embeds");
    await poll(() => page.getByText("No embeds yet.").isVisible()).toBe(true);
    await page.getByLabel("Name", { exact: true }).fill("Sponsored course");
    await page.getByLabel("Allowed origins, one per line").fill("https://sponsored.example.edu");
    await page.getByRole("checkbox", { name: "Tutor chat" }).check();
    await page.getByLabel("Webhook URL (optional)").fill("http://127.0.0.1:9/hooks");
    await page.getByRole("checkbox", { name: /Pay for learners' tutor replies/ }).check();
    await page.getByLabel("Monthly token budget (optional)").fill("50000");
    await page.getByRole("button", { name: "Create embed" }).click();
    const card = page.getByRole("article", { name: "Sponsored course" });
    await poll(() => card.isVisible()).toBe(true);
    harvestSecrets({ secret: (await page.getByTestId("embed-secret").textContent())?.trim() });
    expect(await card.textContent()).toMatch(/paid by you \(up to 50,000 tokens a month\)/);
    expect(await card.textContent()).toContain("http://127.0.0.1:9/hooks");

    // The snippet's Copy button puts exactly what the page shows on the clipboard.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    await card.getByRole("button", { name: "Copy snippet of Sponsored course" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "Copied the snippet." }).count()).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await card.locator("pre").textContent());
    expect(copied).toMatch(/<cg-chat embed="pk_[^"]+" problem="your-problem-slug"><\/cg-chat>$/);

    // Two deliveries as the webhook worker leaves them: one delivered, one given up on.
    const embed = await db.knex("embeds").where({ owner_id: owner.id }).first("id");
    const at = new Date(clock.now()).toISOString();
    const delivery = {
      embed_id: embed.id,
      event: "submission.accepted",
      url: "http://127.0.0.1:9/hooks",
      payload: "{}",
      created_at: at,
    };
    await db.knex("webhook_deliveries").insert([
      {
        ...delivery,
        id: "00000000-0000-4000-8000-000000000001",
        status: "delivered",
        attempts: 1,
        last_status_code: 204,
        delivered_at: at,
      },
      {
        ...delivery,
        id: "00000000-0000-4000-8000-000000000002",
        status: "failed",
        attempts: 8,
        last_error: "connection refused",
      },
    ]);
    await card.getByRole("button", { name: /Webhook deliveries/ }).click();
    const rows = card.getByRole("table", { name: /Webhook deliveries/ }).locator("tbody tr");
    await poll(() => rows.count()).toBe(2);
    const texts = (await rows.allTextContents()).join(" | ");
    expect(texts).toMatch(/delivered/);
    expect(texts).toMatch(/failed.*8.*connection refused/s);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-embeds-sponsored.png"), fullPage: true });

    // Lift the budget: only that field is sent, and the trail records the change of sponsorship.
    await card.getByRole("button", { name: "Edit Sponsored course" }).click();
    await card.locator("form").getByLabel("Monthly token budget (optional)").fill("");
    await card.locator("form").getByRole("button", { name: "Save changes" }).click();
    await poll(() => card.locator("dl").textContent()).toMatch(/paid by you(?! \(up to)/);
    const changed = await db
      .knex("audit_log")
      .where({ action: "embed.chat_sponsorship_changed" })
      .first("details");
    expect(JSON.parse(changed.details)).toMatchObject({
      to: { sponsored: true, monthlyTokenBudget: null },
    });
    await page.context().close();
  });

  it("pages through the audit log with More", async () => {
    // More than a page (50) of the author's own events: an embed renamed 55 times.
    const call = (method: string, url: string, body: unknown) =>
      fetch(`${origin}/api/v1${url}`, {
        method,
        headers: {
          "Content-Type": "application/json",
          Origin: origin,
          Cookie: `cg_session=${author.cookie}`,
        },
        body: JSON.stringify(body),
      });
    const created = await call("POST", "/embeds", {
      name: "Paged",
      allowedOrigins: ["https://paged.example.edu"],
    });
    expect(created.status).toBe(201);
    const { id, secretKey } = (await created.json()) as { id: string; secretKey: string };
    harvestSecrets({ secret: secretKey });
    for (let i = 1; i <= 55; i++)
      expect((await call("PATCH", `/embeds/${id}`, { name: `Paged ${i}` })).status).toBe(200);

    const page = await pageAs(author, "/audit");
    const rows = page.locator("tbody tr");
    await poll(() => rows.count()).toBe(50);
    await page.getByRole("button", { name: "More" }).click();
    await poll(() => rows.count()).toBeGreaterThan(50);
    // Oldest last, none twice: the first event of all (the sign-up) closes the list.
    const actions = await page.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(actions.at(-1)).toBe("auth.signup");
    const times = await page
      .locator("tbody tr time")
      .evaluateAll((els) => els.map((el) => el.getAttribute("datetime")));
    expect(times.length).toBe(actions.length);
    expect(await page.getByRole("button", { name: "More" }).count()).toBe(0);
    await page.context().close();
  });

  it("lets an author import a YAML file of two problems, shows each problem's errors when one is wrong, and the Problems view lists them", async () => {
    const writer = await signUp("author");
    const page = await pageAs(writer, "/author");
    await poll(() => page.getByRole("heading", { name: "Import problems" }).isVisible()).toBe(true);

    // One bad problem: nothing is imported, the error names the problem and the field.
    await page.getByLabel("File").setInputFiles({
      name: "bad.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(TWO_PROBLEMS.replace("difficulty: medium", "difficulty: impossible")),
    });
    await page.getByRole("button", { name: "Import" }).click();
    const failure = page.locator("#import-failure");
    await poll(() => failure.textContent()).toMatch(
      /1 of 2 problem\(s\) are not valid; nothing was imported/,
    );
    expect(await failure.textContent()).toMatch(/Problem 2/);
    expect(await failure.textContent()).toMatch(/difficulty/);
    expect(await failure.textContent()).toMatch(/Request [0-9a-f-]{36}/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({
      path: path.join(ARTIFACTS, "portal-authoring-import-errors.png"),
      fullPage: true,
    });

    await page.getByLabel("File").setInputFiles({
      name: "problems.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(TWO_PROBLEMS),
    });
    await page.getByRole("button", { name: "Import" }).click();
    const imported = page.getByRole("list", { name: "Imported problems" }).getByRole("listitem");
    await poll(() => imported.count()).toBe(2);
    expect(await imported.allTextContents()).toEqual([
      "manage-sum: created, version 1",
      "manage-echo: created, version 1",
    ]);
    expect(await failure.textContent()).toBe("");

    // Load one, change it in the editor, save a new version with PUT.
    await page.getByLabel("Edit one of your problems").fill("manage-sum");
    await page.getByRole("button", { name: "Load" }).click();
    const editor = page.getByLabel("Problem document (YAML or JSON)");
    await poll(() => editor.inputValue()).toContain('"slug": "manage-sum"');
    // The loaded document carries the hidden test too, so saving it back loses nothing.
    expect(await editor.inputValue()).toContain('"2 2\\n"');
    await editor.fill((await editor.inputValue()).replace('"Managed sum"', '"Managed sum, revised"'));
    await page.getByRole("button", { name: "Save new version" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "version 2" }).count()).toBe(1);

    // An invalid document: the API's details by field.
    await editor.fill((await editor.inputValue()).replace('"difficulty": "easy"', '"difficulty": "trivial"'));
    await page.getByRole("button", { name: "Save new version" }).click();
    await poll(() => page.locator("#write-failure").textContent()).toMatch(/difficulty/);
    expect(await page.getByRole("link", { name: "Download as YAML" }).getAttribute("href")).toBe(
      "/api/v1/problems/export?format=yaml",
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-authoring.png"), fullPage: true });

    await page.getByRole("link", { name: "Problems" }).click();
    await poll(() => page.getByRole("row", { name: /Managed sum, revised/ }).isVisible()).toBe(true);
    expect(await page.getByRole("row", { name: /Managed echo/ }).isVisible()).toBe(true);
    await page.context().close();
  });

  it("keeps authoring away from learners: no link, a notice on the page, 403 from the API", async () => {
    const learner = await signUp("learner");
    const page = await pageAs(learner, "/");
    const nav = page.getByRole("navigation", { name: "Portal" });
    await poll(() => nav.getByRole("link", { name: "Audit log" }).isVisible()).toBe(true);
    expect(await nav.getByRole("link", { name: "Authoring" }).count()).toBe(0);

    await page.goto(`${origin}/author`);
    await poll(() => page.getByText("Only authors and admins can write problems").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Import" }).count()).toBe(0);
    const forced = await page.evaluate(async () => {
      const response = await fetch("/api/v1/problems/import", {
        method: "POST",
        headers: { "Content-Type": "application/yaml" },
        body: "problems:\n  - slug: x\n",
      });
      return { status: response.status, body: await response.json() };
    });
    expect(forced.status).toBe(403);
    expect(forced.body.error.code).toBe("authors_only");

    await page.goto(`${origin}/embeds`);
    await poll(() => page.getByText("Only authors and admins can create embeds").isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
