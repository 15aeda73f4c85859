import { randomUUID } from "node:crypto";
import type { Frame } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp } from "./support/accounts.js";
import { blockThirdPartyCookies } from "./support/browser.js";
import { insertPublicProblem } from "./support/courses.js";
import { harvestSecrets } from "./support/leaks.js";
import { LTI, type LtiSigner, ROLE, startLtiSigner } from "./support/lti-signer.js";
import { describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

/**
 * Real Chromium: a course page on the platform's site (localhost) frames the tool (127.0.0.1, another
 * site) with third-party cookies blocked; login, the platform's auth answer and the launch all
 * happen inside that frame, and the learner ends up in the problem's editor.
 */
describeBrowser("an LTI launch in Chromium, inside the platform's frame", () => {
  let portal: Portal;
  let platform: LtiSigner;
  let clientId: string;
  const slug = "lti-browser-echo";

  beforeAll(async () => {
    platform = await startLtiSigner({ host: "localhost" });
    const port = new URL(platform.origin).port;
    portal = await startPortal({
      allowPrivateProviderUrls: [platform.origin, `http://127.0.0.1:${port}`],
    });
    const { token } = await signUp(
      { url: portal.origin, db: portal.db.knex },
      { email: `lti-${Date.now()}@example.edu` },
    );
    clientId = `client-${randomUUID()}`;
    const registered = await fetch(`${portal.origin}/api/v1/lti/registrations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        issuer: platform.issuer,
        clientId,
        deploymentIds: ["deployment-1"],
        authLoginUrl: platform.authUrl,
        authTokenUrl: platform.tokenUrl,
        keysetUrl: platform.jwksUrl,
      }),
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
    await insertPublicProblem(portal.db.knex, {
      slug,
      title: "Echo in the LMS",
      at: new Date().toISOString(),
    });

    const nowS = () => Math.floor(portal.clock.now() / 1000);
    platform.authorize = async (q) => ({
      iss: platform.issuer,
      aud: clientId,
      sub: "lms-learner-7",
      name: "Grace Hopper",
      iat: nowS(),
      exp: nowS() + 300,
      nonce: q.get("nonce"),
      [`${LTI}message_type`]: "LtiResourceLinkRequest",
      [`${LTI}version`]: "1.3.0",
      [`${LTI}deployment_id`]: "deployment-1",
      [`${LTI}target_link_uri`]: `${portal.origin}/lti/launch`,
      [`${LTI}resource_link`]: { id: "link-echo", title: "Echo" },
      [`${LTI}context`]: { id: "context-browser", title: "Programming 1" },
      [`${LTI}roles`]: [ROLE.learner],
      [`${LTI}custom`]: { codeground_problem: slug },
    });
  }, 60_000);

  afterAll(async () => {
    await portal?.close();
    await platform?.close();
  });

  /** The platform's course page: frames the tool's login; with `storage`, it is the storage frame too. */
  function coursePage(path: string, storage: boolean) {
    const login = new URLSearchParams({
      iss: platform.issuer,
      login_hint: "learner-7",
      target_link_uri: `${portal.origin}/lti/launch`,
      client_id: clientId,
      lti_deployment_id: "deployment-1",
      ...(storage ? { lti_storage_target: "_parent" } : {}),
    });
    // The LTI client-side storage a platform offers: put_data / get_data by postMessage, per origin.
    const storageScript = `<script>
      const stored = new Map();
      window.addEventListener("message", (event) => {
        const m = event.data || {};
        const key = event.origin + " " + m.key;
        if (m.subject === "lti.put_data") {
          stored.set(key, m.value);
          event.source.postMessage({ subject: "lti.put_data.response", message_id: m.message_id, key: m.key, value: m.value }, event.origin);
        } else if (m.subject === "lti.get_data") {
          event.source.postMessage({ subject: "lti.get_data.response", message_id: m.message_id, key: m.key, value: stored.get(key) }, event.origin);
        }
      });
    </script>`;
    platform.pages.set(
      path,
      `<!doctype html><title>Course</title>${storage ? storageScript : ""}<iframe title="Codeground" src="${portal.origin}/lti/login?${login}" style="width:1100px;height:800px"></iframe>`,
    );
    return `${platform.origin}${path}`;
  }

  async function expectEditor(frame: () => Frame | undefined) {
    await poll(() => Boolean(frame())).toBe(true);
    const tool = frame() as Frame;
    await poll(() =>
      tool
        .getByText("Echo in the LMS")
        .first()
        .isVisible()
        .catch(() => false),
    ).toBe(true);
    const token = await tool.locator("#app").getAttribute("data-token");
    harvestSecrets({ token });
    expect(token).toMatch(/^cgl_/);
  }

  /** A page whose browser refuses third-party cookies (those not partitioned), as Chrome's setting does. */
  async function blockingPage() {
    return blockThirdPartyCookies(await portal.newPage());
  }

  it("through the platform's postMessage storage, with third-party cookies blocked", async () => {
    const page = await blockingPage();
    await page.goto(coursePage("/course-storage", true));
    const toolFrame = () =>
      page.frames().find((f) => f.url().startsWith(`${portal.origin}/lti/launch`) && f !== page.mainFrame());
    await expectEditor(toolFrame);
    const launched = await portal.db.knex("audit_log").where({ action: "lti.launched" });
    expect(launched.length).toBeGreaterThanOrEqual(1);
    expect(await portal.db.knex("audit_log").where({ action: "lti.launch_refused" })).toEqual([]);
    await page.context().close();
  });

  it("through a partitioned cookie, with third-party cookies blocked", async () => {
    const page = await blockingPage();
    const before = (await portal.db.knex("audit_log").where({ action: "lti.launched" })).length;
    await page.goto(coursePage("/course-cookie", false));
    const toolFrame = () =>
      page.frames().find((f) => f.url().startsWith(`${portal.origin}/lti/launch`) && f !== page.mainFrame());
    await expectEditor(toolFrame);
    expect(await portal.db.knex("audit_log").where({ action: "lti.launched" })).toHaveLength(before + 1);
    expect(await portal.db.knex("audit_log").where({ action: "lti.launch_refused" })).toEqual([]);
    await page.context().close();
  });

  it("speaks the language the LMS names for the user, whatever the browser's", async () => {
    const authorize = platform.authorize;
    if (!authorize) throw new Error("the platform answers launches with the learner's claims");
    platform.authorize = async (q) => ({
      ...(await authorize(q)),
      [`${LTI}launch_presentation`]: { document_target: "iframe", locale: "es_ES" },
    });
    try {
      const page = await blockingPage();
      await page.goto(coursePage("/course-spanish", true));
      const toolFrame = () =>
        page
          .frames()
          .find((f) => f.url().startsWith(`${portal.origin}/lti/launch`) && f !== page.mainFrame());
      await expectEditor(toolFrame);
      const tool = toolFrame() as Frame;
      expect(await tool.locator("#app").getAttribute("data-lang")).toBe("es-ES");
      await poll(() => tool.locator('[part~="submit-button"]').textContent()).toContain("Enviar");
      expect(await tool.evaluate(() => document.documentElement.lang)).toBe("es");
      await page.context().close();
    } finally {
      platform.authorize = authorize;
    }
  });
});
