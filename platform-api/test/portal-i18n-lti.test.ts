import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMessages } from "../portal/src/locales/lti/connect/index.js";
import { platformsMessages } from "../portal/src/locales/lti/platforms/index.js";
import { checkCatalogArea } from "./support/catalogs.js";
import { harvestSecrets } from "./support/leaks.js";
import { accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "an lti language passphrase 42";

describe("the LTI page's message catalogs", () => {
  checkCatalogArea("lti/platforms", platformsMessages);
});

describe("the LMS registration window's message catalogs", () => {
  checkCatalogArea("lti/connect", connectMessages);
});

describeBrowser("the LTI pages in Spanish and in German", () => {
  let portal: Portal;
  let origin: string;

  beforeAll(async () => {
    portal = await startPortal();
    ({ origin } = portal);
    harvestSecrets({ password: PASSWORD });
  });

  afterAll(async () => {
    await portal?.close();
  });

  async function pageAt(at: string, locale: string): Promise<Page> {
    const email = `lti-${Math.random().toString(36).slice(2, 10)}@example.edu`;
    const { cookie } = await accountFor(portal, { email, password: PASSWORD });
    const page = await portal.newPage({ locale });
    await page.context().addCookies([{ name: "cg_session", value: cookie, url: origin }]);
    await page.goto(`${origin}${at}`);
    return page;
  }

  it("shows the tool's addresses and the registration form in Spanish", async () => {
    const page = await pageAt("/lti", "es-MX");
    await poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Integración con LMS (LTI 1.3)",
    );
    expect(await page.getByRole("heading", { name: "Tus plataformas" }).isVisible()).toBe(true);
    await poll(() => page.getByText("Todavía no hay ninguna plataforma registrada.").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Copiar la URL de registro dinámico" }).textContent()).toBe(
      "Copiar",
    );
    expect(await page.getByLabel("Emisor").isVisible()).toBe(true);
    // A form sent empty: the API's objections stay as the API words them, under Spanish labels.
    await page.getByRole("button", { name: "Registrar plataforma" }).click();
    await poll(() => page.locator("#lti-issuer").getAttribute("aria-invalid")).toBe("true");
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it("tells in German that the registration window was opened without a platform", async () => {
    const page = await pageAt("/lti/connect", "de-DE");
    await poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Codeground in deinem LMS registrieren",
    );
    expect(
      await page.getByRole("alert").filter({ hasText: "hier gibt es nichts zu registrieren" }).count(),
    ).toBe(1);
    await page.context().close();
  }, 120_000);
});
