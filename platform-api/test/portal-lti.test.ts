import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TestApi } from "./support/api.js";
import { blockThirdPartyCookies, clickClosingWindow } from "./support/browser.js";
import { harvestSecrets } from "./support/leaks.js";
import { type LtiPlatform, startLtiPlatform } from "./support/lti-platform.js";
import { launchedCourse, launchThroughPlatform } from "./support/lti-tool-flow.js";
import {
  ARTIFACTS,
  accountFor,
  describeBrowser,
  type Portal,
  poll,
  signUpInPage as signUpHere,
  startPortal,
} from "./support/portal.js";

const PASSWORD = "an lms integration passphrase 7";

describeBrowser("the portal's LTI page, Dynamic Registration in the LMS dialog, and roster sync", () => {
  let portal: Portal;
  let origin: string;
  let platform: LtiPlatform;

  beforeAll(async () => {
    // `localhost`: the platform is another site than the tool (127.0.0.1), as an LMS is.
    platform = await startLtiPlatform({ hostname: "localhost" });
    portal = await startPortal({ allowPrivateProviderUrls: [platform.issuer] });
    ({ origin } = portal);
    harvestSecrets({ password: PASSWORD });
  });

  afterAll(async () => {
    await portal?.close();
    await platform?.close();
  });

  const unique = () => Math.random().toString(36).slice(2, 10);

  /** A page whose browser refuses third-party cookies (those not partitioned), as Chrome's setting does. */
  async function blockingPage() {
    return blockThirdPartyCookies(await portal.newPage());
  }

  async function signUpInPage(page: Page, email: string) {
    await signUpHere(page, portal.db, { email, password: PASSWORD });
  }

  async function userAt(where: string) {
    const { cookie } = await accountFor(portal, { email: `lti-${unique()}@example.edu`, password: PASSWORD });
    const page = await portal.newPage();
    await page.context().addCookies([{ name: "cg_session", value: cookie, url: origin }]);
    await page.goto(`${origin}${where}`);
    await poll(() => page.getByRole("navigation", { name: "Portal" }).isVisible()).toBe(true);
    return page;
  }

  it("lists the tool's addresses, registers a platform by hand, and removes it after asking", async () => {
    const page = await userAt("/");
    await page.getByRole("link", { name: "LTI" }).click();
    await poll(() => page.getByRole("heading", { name: "LMS integration (LTI 1.3)" }).isVisible()).toBe(true);
    await poll(() => page.getByText("No platform is registered yet.").isVisible()).toBe(true);
    for (const url of ["/lti/login", "/lti/launch", "/lti/jwks", "/lti/register"]) {
      await poll(() => page.getByText(`${origin}${url}`, { exact: true }).isVisible()).toBe(true);
    }
    expect(await portal.axeViolations(page)).toEqual([]);

    const info = platform.register({
      toolJwksUrl: `${origin}/lti/jwks`,
      toolLoginUrl: `${origin}/lti/login`,
      toolLaunchUrl: `${origin}/lti/launch`,
    });
    // A field the API refuses is said next to it.
    await page.getByLabel("Issuer").fill(info.issuer);
    await page.getByLabel("Client id").fill(info.clientId);
    await page.getByLabel("Deployment ids").fill(info.deploymentId);
    await page.getByLabel("Auth login URL").fill("http://10.0.0.1/auth");
    await page.getByLabel("Token URL").fill(info.tokenUrl);
    await page.getByLabel("Keyset URL").fill(info.jwksUrl);
    await page.getByRole("button", { name: "Register platform" }).click();
    await poll(() =>
      page
        .getByText(/loopback, private and cloud-metadata addresses are refused/)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await page.getByLabel("Auth login URL").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Token URL").getAttribute("aria-invalid")).toBe("false");
    await page.getByLabel("Auth login URL").fill(info.authUrl);
    await page.getByRole("button", { name: "Register platform" }).click();
    await poll(() =>
      page.getByText(`Registered ${info.issuer}. Launches from it now work.`).isVisible(),
    ).toBe(true);
    await poll(() => page.getByText(info.clientId, { exact: true }).isVisible()).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-lti-375.png"), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });

    await page.getByRole("button", { name: `Remove ${info.issuer}` }).click();
    const confirm = page.getByRole("group", { name: `Confirm: remove ${info.issuer}` });
    await poll(() => confirm.isVisible()).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);
    await confirm.getByRole("button", { name: "Keep it" }).click();
    await poll(() => confirm.isVisible()).toBe(false);
    await page.getByRole("button", { name: `Remove ${info.issuer}` }).click();
    await page.getByRole("button", { name: "Yes, remove it" }).click();
    await poll(() => page.getByText("No platform is registered yet.").isVisible()).toBe(true);
    expect(await portal.db.knex("lti_registrations").where({ client_id: info.clientId })).toEqual([]);
    await page.context().close();
  });

  it("registers dynamically from the LMS dialog through a sign-in window, closes the dialog, and syncs three learners", async () => {
    const start = platform.dynamicRegistration(`${origin}/lti/register`);
    harvestSecrets({ token: start.registrationToken });
    const page = await blockingPage();
    await page.goto(start.pageUrl);
    const frame = () =>
      page.frames().find((f) => f.url().startsWith(`${origin}/lti/register`) && f !== page.mainFrame());
    await poll(() => Boolean(frame())).toBe(true);
    const tool = frame() as Frame;
    await poll(() => tool.getByText(`codeground-test-lms at ${platform.issuer}`).isVisible()).toBe(true);

    // The framed page cannot use the portal's cookie: its button opens a Codeground window.
    const [popup] = await Promise.all([
      page.context().waitForEvent("page"),
      tool.getByRole("button", { name: "Sign in to Codeground and register" }).click(),
    ]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).pathname).toBe("/lti/connect");
    await poll(() => popup.getByText(/register Codeground with the learning platform/).isVisible()).toBe(
      true,
    );
    await signUpInPage(popup, `dyn-${unique()}@example.edu`);
    const register = popup.getByRole("button", { name: "Register", exact: true });
    await poll(() => register.isVisible()).toBe(true);
    await poll(() =>
      popup.getByRole("heading", { name: `Register Codeground with ${platform.issuer}?` }).isVisible(),
    ).toBe(true);
    expect(await portal.axeViolations(popup)).toEqual([]);
    await clickClosingWindow(popup, register);

    // The framed page heard the window and sent org.imsglobal.lti.close to the LMS page.
    await poll(() => platform.registrationsClosed).toBe(1);
    await poll(() => tool.getByText(/Codeground is registered with your platform/).isVisible()).toBe(true);
    const made = platform.registrations.at(-1);
    expect(made?.via).toBe("dynamic");
    const stored = await portal.db.knex("lti_registrations").where({ client_id: made?.clientId }).first();
    expect(stored?.issuer).toBe(platform.issuer);

    // Already signed in, the window asks at once; cancelling registers nothing and says so.
    const second = platform.dynamicRegistration(`${origin}/lti/register`);
    harvestSecrets({ token: second.registrationToken });
    await page.goto(second.pageUrl);
    const again = () =>
      page.frames().find((f) => f.url().startsWith(`${origin}/lti/register`) && f !== page.mainFrame());
    await poll(() => Boolean(again())).toBe(true);
    const tool2 = again() as Frame;
    await poll(() =>
      tool2.getByRole("button", { name: "Sign in to Codeground and register" }).isVisible(),
    ).toBe(true);
    const [popup2] = await Promise.all([
      page.context().waitForEvent("page"),
      tool2.getByRole("button", { name: "Sign in to Codeground and register" }).click(),
    ]);
    await poll(() => popup2.getByRole("button", { name: "Register", exact: true }).isVisible()).toBe(true);
    await clickClosingWindow(popup2, popup2.getByRole("button", { name: "Cancel" }));
    await poll(() =>
      tool2.getByText(/The registration was cancelled; nothing was registered/).isVisible(),
    ).toBe(true);
    expect(platform.registrationsClosed).toBe(1);
    expect(platform.registrations.filter((r) => r.via === "dynamic")).toHaveLength(1);

    // The registration works: an instructor's launch links an LMS course to a course of the registrant.
    const context = { id: "portal-ctx", title: "Programming 1" };
    const flowApi = { url: origin } as TestApi;
    const launch = await launchThroughPlatform(flowApi, platform, {
      clientId: made?.clientId,
      user: { id: "prof", name: "Prof" },
      roles: ["Instructor"],
      context,
      resourceLink: { id: "week-1" },
    });
    expect(launch.status, launch.text).toBe(200);
    const courseId = launchedCourse(launch.text);
    for (const [id, name] of [
      ["s1", "Ada Lovelace"],
      ["s2", "Grace Hopper"],
      ["s3", "Alan Turing"],
    ] as const) {
      platform.enroll(context, { id, name }, ["Learner"]);
    }

    // The course page, in a signed-in window of the same person: the roster button.
    const owner = await portal.newPage();
    const cookies = (await popup.context().cookies(origin)).filter((c) => c.name === "cg_session");
    await owner.context().addCookies(cookies);
    await owner.goto(`${origin}/courses/${courseId}`);
    await poll(() => owner.getByRole("heading", { name: "Learning platform (LTI)" }).isVisible()).toBe(true);
    await owner.getByRole("button", { name: "Sync roster from the LMS" }).click();
    await poll(() =>
      owner
        .getByText(/Roster synced: 3 new learners imported, 0 learners brought up to date, 1 skipped of 4/)
        .isVisible(),
    ).toBe(true);
    expect(await portal.axeViolations(owner)).toEqual([]);
    await owner.setViewportSize({ width: 375, height: 800 });
    await owner.screenshot({ path: path.join(ARTIFACTS, "portal-course-lms-375.png"), fullPage: true });
    expect(await portal.db.knex("course_learners").where({ course_id: courseId })).toHaveLength(3);
    await owner.context().close();
    await page.context().close();
  });
});
