import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { insertCourseProblem } from "./support/courses.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "a responsive portal passphrase 42";
const WIDTHS = [320, 375, 768, 1280] as const;
const SCHEMES = ["light", "dark"] as const;
/** A fingertip's target: on a phone every control the portal draws is at least this tall. */
const TAP = 44;
const SHOTS = path.join(ARTIFACTS, "responsive");
/** The portal's page background in each scheme, which the embedded widget elements must follow. */
const BACKGROUND = { light: "rgb(255, 255, 255)", dark: "rgb(13, 17, 23)" } as const;
/** Every view, by the name its screenshots carry. */
const NAMES = [
  "sign-in",
  "sign-up",
  "forgot-password",
  "reset-password",
  "invitation-signed-out",
  "problems",
  "problem",
  "keys",
  "security",
  "security-totp",
  "audit",
  "admin",
  "admin-confirm",
  "authoring",
  "embeds",
  "courses",
  "course",
  "course-learner",
  "assignment-editor",
  "gradebook",
  "learner-submissions",
  "invitation",
  "lti",
  "lti-connect",
  "connect",
] as const;
/** A long name of the kind a narrow screen must wrap. */
const LONG_NAME = "Algorithms-and-data-structures-for-the-working-programmer-2027";

type Who = "guest" | "learner" | "admin";

interface View {
  /** The name in the screenshots' file names. */
  name: (typeof NAMES)[number];
  who: Who;
  /** Opens the view on the role's page (or a page of its own) and waits until it shows. */
  open: (page: Page) => Promise<Page>;
  /** The view's main action: visible and clickable at every width. */
  action: (page: Page) => Locator;
  /** Widget elements on the view whose colours must follow the scheme. */
  widgets?: string[];
}

describeBrowser("every portal view from 320 px to wide screens, light and dark", () => {
  let portal: Portal;
  let origin: string;
  const pages = new Map<Who, Page>();

  beforeAll(async () => {
    portal = await startPortal({ authCacheTtlMs: 0 });
    ({ origin } = portal);
    harvestSecrets({ password: PASSWORD });
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    for (const page of pages.values()) await page.context().close();
    await portal?.close();
  });

  const unique = () => Math.random().toString(36).slice(2, 10);
  const heading = (page: Page) => page.getByRole("heading", { level: 1 }).first();

  /** A user signed up through the API as a browser would (with Origin); their session cookie. */
  async function signUp(name: string, role: "learner" | "admin") {
    // No hyphen in the part before the @: nothing breaks it but the page's own wrapping.
    const email = `${name}withaverylongaddressindeed${unique()}@example-university.edu`;
    const { cookie, user } = await accountFor(portal, { email, password: PASSWORD });
    if (role !== "learner") await portal.db.knex("users").where({ id: user.id }).update({ role });
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
    expect(response.status, `${method} ${url}: ${text}`).toBeLessThan(300);
    return parsed;
  }

  /** The one page of a role, signed in (or not, for a guest). */
  async function pageOf(who: Who, person?: Person): Promise<Page> {
    const page = await portal.newPage({ viewport: { width: 1280, height: 800 } });
    if (person) await page.context().addCookies([{ name: "cg_session", value: person.cookie, url: origin }]);
    pages.set(who, page);
    return page;
  }

  /** Loads a path on the page and waits for its first heading to say something. */
  const visit =
    (at: string, title: string | RegExp = /\S/) =>
    async (page: Page) => {
      await page.goto(`${origin}${at}`);
      await poll(async () =>
        (await heading(page).isVisible()) ? await heading(page).textContent() : "",
      ).toMatch(title);
      return page;
    };

  const button = (name: string | RegExp) => (page: Page) =>
    page
      .locator("cg-portal")
      .getByRole("button", { name, exact: typeof name === "string" })
      .first();

  let views: View[] = [];

  beforeAll(async () => {
    const admin = await signUp("admin", "admin");
    const learner = await signUp("learner", "learner");
    const at = new Date(portal.clock.now()).toISOString();

    // A public problem for the problem list and the problem page.
    await call(admin, "POST", "/problems", {
      slug: "sum-of-two",
      title: "Sum of two",
      statement: "Read two integers and print their **sum**.",
      difficulty: "easy",
      categories: ["math", "warm-up"],
      languages: ["python"],
      limits: { timeMs: 2000, memoryMb: 256 },
      judge: { mode: "stdio", compare: "tokens" },
      starter: { python: "a, b = map(int, input().split())\n" },
      tests: [
        { name: "example", input: "1 2\n", expected: "3\n", sample: true },
        { name: "hidden", input: "5 6\n", expected: "11\n" },
      ],
    });

    // The admin's course: a long name, a problem, two assignments, the learner, an embed, an LMS link.
    const course = await call(admin, "POST", "/courses", { name: LONG_NAME });
    await call(learner, "POST", "/courses/join", { joinCode: course.joinCode });
    const problemId = await insertCourseProblem(portal.db.knex, {
      slug: "fizz-buzz",
      authorId: admin.id,
      courseId: course.id,
      at,
    });
    const due = new Date(portal.clock.now() + 86_400_000).toISOString();
    const assignment = await call(admin, "POST", `/courses/${course.id}/assignments`, {
      title: "Week 1: loops, conditions and a first look at complexity",
      problems: [
        { slug: "fizz-buzz", points: 10 },
        { slug: "sum-of-two", points: 5 },
      ],
      dueAt: due,
      latePolicy: { penaltyPerDay: 10 },
    });
    await call(admin, "POST", `/courses/${course.id}/assignments`, {
      title: "Week 2",
      problems: [{ slug: "fizz-buzz", points: 20 }],
    });
    for (const verdict of ["wrong_answer", "accepted"]) {
      await portal.db.knex("submissions").insert({
        id: randomUUID(),
        problem_id: problemId,
        user_id: learner.id,
        language: "python",
        code: `for i in range(1, 101):\n    print("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else i)  # ${verdict}`,
        state: "done",
        verdict,
        created_at: at,
        finished_at: at,
        assignment_id: assignment.id,
      });
    }
    await call(admin, "POST", `/courses/${course.id}/embeds`, {
      name: "Lesson pages",
      allowedOrigins: ["https://lessons.example-university.edu"],
    });
    const registration = randomUUID();
    await portal.db.knex("lti_registrations").insert({
      id: registration,
      owner_id: admin.id,
      name: "University LMS",
      issuer: "https://lms.example-university.edu",
      client_id: "codeground-client-0123456789abcdef0123456789abcdef",
      auth_login_url: "https://lms.example-university.edu/api/lti/authorize_redirect",
      auth_token_url: "https://lms.example-university.edu/login/oauth2/token",
      keyset_url: "https://lms.example-university.edu/api/lti/security/jwks",
      created_at: at,
      updated_at: at,
    });
    await portal.db.knex("lti_deployments").insert({
      registration_id: registration,
      deployment_id: "1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
      created_at: at,
    });
    await portal.db.knex("lti_contexts").insert({
      id: randomUUID(),
      registration_id: registration,
      context_id: "course-4711",
      title: "Programming 1 (autumn)",
      course_id: course.id,
      created_at: at,
      updated_at: at,
      roster_synced_at: at,
    });

    // The admin's own embed (the Embeds page), a second course inviting the learner as a TA.
    const embed = await call(admin, "POST", "/embeds", {
      name: "Blog posts with exercises",
      allowedOrigins: ["https://blog.example-university.edu", "http://localhost:4000"],
    });
    const other = await call(admin, "POST", "/courses", { name: "Teaching assistants' course" });
    const invitation = await call(admin, "POST", `/courses/${other.id}/invitations`, {
      email: learner.email,
      role: "ta",
    });
    harvestSecrets({ token: invitation.token });

    // The learner's key and access token, listed on their pages.
    await call(learner, "POST", "/keys", {
      name: "my-personal-openai-key-for-the-tutor",
      provider: "openai",
      secret: "sk-responsive-test-secret-value-0f3c7e21",
    });
    await call(learner, "POST", "/me/tokens", { name: "laptop-command-line-scripts", scopes: ["read"] });

    await pageOf("guest");
    await pageOf("learner", learner);
    await pageOf("admin", admin);

    const coursePath = `/courses/${course.id}`;
    const gradebook = `${coursePath}/gradebook`;
    const invitationPath = new URL(invitation.url).pathname;
    const lmsConfig = encodeURIComponent(
      "https://lms.example-university.edu/api/lti/security/openid-configuration",
    );
    views = [
      {
        name: "sign-in",
        who: "guest",
        open: visit("/", "Log in"),
        action: button("Log in"),
      },
      {
        name: "sign-up",
        who: "guest",
        open: async (page) => {
          await visit("/", "Log in")(page);
          await page.getByRole("button", { name: "I need an account" }).click();
          await poll(() => heading(page).textContent()).toBe("Create your account");
          return page;
        },
        action: button("Sign up"),
      },
      {
        name: "forgot-password",
        who: "guest",
        open: visit("/forgot-password", "Forgot your password?"),
        action: button("Send the link"),
      },
      {
        // The form only: the token is checked when the new password is sent.
        name: "reset-password",
        who: "guest",
        open: visit("/reset-password?token=a-link-token-from-the-mail-0123456789", "Choose a new password"),
        action: button("Change password"),
      },
      {
        name: "invitation-signed-out",
        who: "guest",
        open: visit(invitationPath, "Log in"),
        action: button("Log in"),
      },
      {
        name: "problems",
        who: "learner",
        open: async (page) => {
          await visit("/", "Problems")(page);
          await poll(() => page.getByRole("link", { name: "Sum of two" }).isVisible()).toBe(true);
          return page;
        },
        action: button("Filter"),
      },
      {
        name: "problem",
        who: "learner",
        open: async (page) => {
          await page.goto(`${origin}/problems/sum-of-two`);
          await poll(() => page.locator("cg-problem .cm-content").textContent()).toContain("a, b = map(int");
          await poll(() => page.locator("cg-problem").getByText("Read two integers").isVisible()).toBe(true);
          await poll(() => page.locator("cg-chat").count()).toBe(1);
          return page;
        },
        action: (page) =>
          page
            .locator("cg-problem")
            .getByRole("button", { name: /^Submit/ })
            .first(),
        widgets: ["cg-problem", "cg-chat"],
      },
      {
        name: "keys",
        who: "learner",
        open: async (page) => {
          await visit("/keys")(page);
          await poll(() => page.getByRole("row", { name: /my-personal-openai-key/ }).isVisible()).toBe(true);
          return page;
        },
        action: (page) => page.locator("cg-keys").getByRole("button", { name: "Save key" }),
        widgets: ["cg-keys"],
      },
      {
        name: "security",
        who: "learner",
        open: async (page) => {
          await visit("/security", "Security")(page);
          await poll(() => page.getByRole("row", { name: /laptop-command-line-scripts/ }).isVisible()).toBe(
            true,
          );
          return page;
        },
        action: button("Set up two-factor"),
      },
      {
        name: "security-totp",
        who: "learner",
        open: async (page) => {
          await visit("/security", "Security")(page);
          await page.getByRole("button", { name: "Set up two-factor" }).click();
          const secret = page.getByTestId("totp-secret");
          await poll(() => secret.isVisible()).toBe(true);
          harvestSecrets({ secret: ((await secret.textContent()) ?? "").trim() });
          return page;
        },
        action: button("Turn on two-factor"),
      },
      {
        name: "audit",
        who: "admin",
        open: async (page) => {
          await visit("/audit", "Audit log")(page);
          await poll(() => page.getByRole("table", { name: "Audit events" }).isVisible()).toBe(true);
          return page;
        },
        action: button("Verify the chain"),
      },
      {
        name: "admin",
        who: "admin",
        open: async (page) => {
          await visit("/admin", "Users")(page);
          await poll(() => page.getByRole("table", { name: "Users" }).isVisible()).toBe(true);
          return page;
        },
        action: button("Search"),
      },
      {
        // A confirmation asked in the row itself, with the long address in its sentence.
        name: "admin-confirm",
        who: "admin",
        open: async (page) => {
          await visit("/admin", "Users")(page);
          await page.getByRole("button", { name: `Disable ${learner.email}` }).click();
          await poll(() =>
            page.getByRole("group", { name: `Confirm: disable ${learner.email}` }).isVisible(),
          ).toBe(true);
          return page;
        },
        action: button(`Yes, disable ${learner.email}`),
      },
      {
        name: "authoring",
        who: "admin",
        open: visit("/author"),
        action: button("Create problem"),
      },
      {
        name: "embeds",
        who: "admin",
        open: async (page) => {
          await visit("/embeds", "Embeds")(page);
          await poll(() => page.getByRole("article", { name: embed.name }).isVisible()).toBe(true);
          return page;
        },
        action: button("Create embed"),
      },
      {
        name: "courses",
        who: "learner",
        open: async (page) => {
          await visit("/courses", "Courses")(page);
          await poll(() => page.getByRole("link", { name: LONG_NAME }).isVisible()).toBe(true);
          return page;
        },
        action: button("Create course"),
      },
      {
        name: "course",
        who: "admin",
        open: async (page) => {
          await visit(coursePath, LONG_NAME)(page);
          await poll(() => page.getByRole("heading", { name: "Learning platform (LTI)" }).isVisible()).toBe(
            true,
          );
          await poll(() => page.getByRole("table", { name: `Assignments of ${LONG_NAME}` }).isVisible()).toBe(
            true,
          );
          await poll(() => page.getByRole("table", { name: /Members/ }).isVisible()).toBe(true);
          return page;
        },
        action: button("Create invitation link"),
      },
      {
        name: "course-learner",
        who: "learner",
        open: async (page) => {
          await visit(coursePath, LONG_NAME)(page);
          await poll(() => page.getByRole("table", { name: `Assignments of ${LONG_NAME}` }).isVisible()).toBe(
            true,
          );
          return page;
        },
        action: button("Leave course"),
      },
      {
        name: "assignment-editor",
        who: "admin",
        open: async (page) => {
          await visit(`${coursePath}/assignments/${assignment.id}`, /^Week 1/)(page);
          await poll(() => page.getByRole("button", { name: "Save changes" }).isVisible()).toBe(true);
          // A search's results too: each with its Add button beside a long slug.
          await page.getByLabel("Find a problem to add, by title or slug").fill("sum");
          await page.getByLabel("Find a problem to add, by title or slug").press("Enter");
          await poll(() => page.getByRole("list", { name: "Problems found" }).isVisible()).toBe(true);
          return page;
        },
        action: button("Save changes"),
      },
      {
        name: "gradebook",
        who: "admin",
        open: async (page) => {
          await visit(gradebook, "Gradebook")(page);
          await poll(() => page.locator("cg-gradebook-grid table").isVisible()).toBe(true);
          return page;
        },
        action: (page) => page.getByRole("link", { name: "Download CSV" }),
      },
      {
        name: "learner-submissions",
        who: "admin",
        open: async (page) => {
          await visit(gradebook, "Gradebook")(page);
          await poll(() => page.locator("cg-gradebook-grid table").isVisible()).toBe(true);
          await page.locator("cg-gradebook-grid tbody th button").first().click();
          const list = page.getByRole("list", { name: "Submissions, newest first" });
          await poll(() => list.isVisible()).toBe(true);
          return page;
        },
        action: (page) => page.getByRole("button", { name: /^Close/ }),
      },
      {
        name: "invitation",
        who: "learner",
        open: visit(invitationPath, /^Join /),
        action: button("Accept and join as TA"),
      },
      {
        name: "lti",
        who: "admin",
        open: async (page) => {
          await visit("/lti", "LMS integration (LTI 1.3)")(page);
          await poll(() =>
            page.getByText("codeground-client-0123456789abcdef0123456789abcdef").isVisible(),
          ).toBe(true);
          return page;
        },
        action: button("Register platform"),
      },
      {
        name: "lti-connect",
        who: "admin",
        open: visit(
          `/lti/connect?openid_configuration=${lmsConfig}&registration_token=responsive`,
          /^Register/,
        ),
        action: button("Register"),
      },
      {
        name: "connect",
        who: "learner",
        // The keys manager of a course page opens this window: it answers its opener only.
        open: async (page) => {
          // A blank page opens it (the portal's own pages isolate their windows from openers).
          const opener = await page.context().newPage();
          const url = `${origin}/connect?embed=${encodeURIComponent(embed.publishableKey)}&origin=${encodeURIComponent("https://blog.example-university.edu")}`;
          const [popup] = await Promise.all([
            page.context().waitForEvent("page"),
            opener.evaluate((u) => void window.open(u, "_blank", "popup"), url),
          ]);
          await popup.waitForLoadState();
          await poll(() => (popup.isClosed() ? "" : heading(popup).textContent())).toMatch(
            /^Connect your keys to/,
          );
          return popup;
        },
        action: button("Allow for one hour"),
      },
    ];
  }, 180_000);

  /** The elements reaching past the viewport's right edge, shadow roots included: why a page scrolls sideways. */
  const overflowing = (page: Page) =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const found: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll("*")) {
          const box = el.getBoundingClientRect();
          if (box.width && box.right > width + 0.5) {
            const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.classList.length ? `.${[...el.classList].join(".")}` : ""}`;
            found.push(`${name} ${Math.round(box.left)}–${Math.round(box.right)}`);
          }
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return found.slice(-8);
    });

  /** Whether the element's centre hits the element itself (or something inside it), through shadow roots. */
  const hitsItself = (action: Locator) =>
    action.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      let hit = document.elementFromPoint(x, y);
      while (hit?.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      for (let node: Node | null = hit; node; node = node instanceof ShadowRoot ? node.host : node.parentNode)
        if (node === el) return "itself";
      return hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join(".")}` : "nothing";
    });

  /**
   * The portal's own controls shorter than a fingertip: buttons, inputs, selects and textareas the
   * view shows, outside the widget's elements (which size their own).
   */
  const shortControls = (page: Page, minimum: number) =>
    page.evaluate((min) => {
      const short: string[] = [];
      const widget = /^CG-(PROBLEM|CHAT|KEYS)$/;
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll("*")) {
          if (widget.test(el.tagName)) continue;
          if (
            el.matches(
              'button, select, textarea, input:not([type="checkbox"], [type="radio"], [type="hidden"])',
            )
          ) {
            const box = el.getBoundingClientRect();
            const hidden = box.width <= 1 || getComputedStyle(el).visibility === "hidden";
            if (!hidden && box.height < min - 0.5) {
              const label = (el.getAttribute("aria-label") ?? el.textContent ?? el.id).trim().slice(0, 40);
              short.push(`${el.tagName.toLowerCase()} “${label}” ${box.height.toFixed(1)} px`);
            }
          }
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return short;
    }, minimum);

  /** Two animation frames: layout, resize observers and media-query listeners have run. */
  const settle = (page: Page) =>
    page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

  it("folds the navigation, the account and Log out behind a menu button on a phone, and shows them inline from 768 px", async () => {
    const page = pages.get("learner");
    if (!page) throw new Error("no learner page");
    await visit("/courses", "Courses")(page);
    const nav = page.getByRole("navigation", { name: "Portal" });
    const menu = nav.getByRole("button", { name: "Courses" });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await settle(page);
      if (width >= 768) {
        expect(await menu.isVisible(), `${width} px: no menu button`).toBe(false);
        expect(await nav.getByRole("link", { name: "Security" }).isVisible()).toBe(true);
        expect(await nav.getByRole("button", { name: "Log out" }).isVisible()).toBe(true);
        continue;
      }
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      expect(await nav.getByRole("link").count()).toBe(0);
      await menu.click();
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      const links = nav.getByRole("link");
      expect(await links.count()).toBe(7);
      for (const link of [...(await links.all()), nav.getByRole("button", { name: "Log out" })]) {
        const box = await link.boundingBox();
        expect(box, `${width} px: ${await link.textContent()}`).not.toBeNull();
        if (!box) continue;
        expect(box.height, `${width} px: ${await link.textContent()} is a tap target`).toBeGreaterThanOrEqual(
          TAP - 0.5,
        );
        expect(
          box.x + box.width,
          `${width} px: ${await link.textContent()} inside the window`,
        ).toBeLessThanOrEqual(width);
        expect(await hitsItself(link), `${width} px: ${await link.textContent()} on top`).toBe("itself");
      }
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: path.join(SHOTS, `portal-menu-${width}-${scheme}.png`) });
      }
      expect(await portal.axeViolations(page), `${width} px, menu open: axe`).toEqual([]);
      // Escape folds it, the keyboard back on the button; a link goes there and folds it too.
      await links.first().focus();
      await page.keyboard.press("Escape");
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      expect(await menu.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
      await menu.click();
      await nav.getByRole("link", { name: "Security" }).click();
      await poll(() => heading(page).textContent()).toBe("Security");
      expect(await nav.getByRole("button", { name: "Security" }).getAttribute("aria-expanded")).toBe("false");
      await nav.getByRole("button", { name: "Security" }).click();
      await nav.getByRole("link", { name: "Courses" }).click();
      await poll(() => heading(page).textContent()).toBe("Courses");
    }
    await page.emulateMedia({ colorScheme: "light" });
  }, 120_000);

  it("covers every view of the portal's navigation and pages", () => {
    expect(views.map((v) => v.name)).toEqual([...NAMES]);
  });

  it.each(NAMES)(
    "%s: fits 320 to 1280 px in light and dark, its main action reachable, axe-clean",
    async (name) => {
      const view = views.find((v) => v.name === name);
      if (!view) throw new Error(`no view ${name}`);
      const home = pages.get(view.who);
      if (!home) throw new Error(`no page for ${view.who}`);
      await home.setViewportSize({ width: 1280, height: 800 });
      const page = await view.open(home);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          await settle(page);
          const where = `${name} at ${width} px, ${scheme}`;
          const sizes = await page.evaluate(() => ({
            page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
            body: [document.body.scrollWidth, document.body.clientWidth],
          }));
          const culprits = sizes.page[0] > sizes.page[1] ? await overflowing(page) : [];
          expect
            .soft(sizes.page[0], `${where}: the page scrolls sideways (${culprits.join("; ")})`)
            .toBeLessThanOrEqual(sizes.page[1]);
          expect
            .soft(sizes.body[0], `${where}: the body is wider than the window`)
            .toBeLessThanOrEqual(sizes.body[1]);

          const action = view.action(page);
          await action.scrollIntoViewIfNeeded();
          expect.soft(await action.isVisible(), `${where}: the main action is visible`).toBe(true);
          const box = await action.boundingBox();
          expect.soft(box, `${where}: the main action has a box`).not.toBeNull();
          if (box) {
            expect
              .soft(box.x, `${where}: the main action starts inside the window`)
              .toBeGreaterThanOrEqual(0);
            expect
              .soft(box.x + box.width, `${where}: the main action ends inside the window`)
              .toBeLessThanOrEqual(width);
            if (width <= 375)
              expect
                .soft(box.height, `${where}: the main action is a tap target`)
                .toBeGreaterThanOrEqual(TAP - 0.5);
          }
          expect
            .soft(await hitsItself(action), `${where}: a tap on the main action reaches it`)
            .toBe("itself");
          if (width <= 375)
            expect.soft(await shortControls(page, TAP), `${where}: controls under ${TAP} px`).toEqual([]);
          for (const tag of view.widgets ?? []) {
            const background = await page
              .locator(tag)
              .first()
              .evaluate((el) => getComputedStyle(el).backgroundColor);
            expect
              .soft(background, `${where}: <${tag}> follows the ${scheme} scheme`)
              .toBe(BACKGROUND[scheme]);
          }
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({
            path: path.join(SHOTS, `portal-${name}-${width}-${scheme}.png`),
            fullPage: true,
          });
        }
        // Both schemes, at this width.
        expect.soft(await portal.axeViolations(page), `${name} at ${width} px: axe`).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: "light" });
      if (page !== home) await page.close();
    },
    120_000,
  );
});
