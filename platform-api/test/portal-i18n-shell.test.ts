import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shellMessages } from "../portal/src/locales/shell/index.js";
import { checkCatalogArea } from "./support/catalogs.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "a shell language passphrase 42";

describe("the portal shell's message catalogs (navigation, sign-in, shared messages)", () => {
  checkCatalogArea("shell", shellMessages);
});

describeBrowser("the portal's shell in the browser's language, and its language menu", () => {
  let portal: Portal;
  let origin: string;

  beforeAll(async () => {
    portal = await startPortal();
    ({ origin } = portal);
  });

  afterAll(async () => {
    await portal?.close();
  });

  const signIn = (page: Page) => page.getByRole("heading", { level: 1 });
  const documentLanguage = (page: Page) =>
    page.evaluate(() => ({
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      direction: getComputedStyle(document.documentElement).direction,
    }));

  it("speaks Spanish to a Spanish browser: the sign-in form, its buttons and the navigation", async () => {
    const page = await portal.newPage({ locale: "es-ES" });
    await page.goto(`${origin}/`);
    await poll(() => signIn(page).textContent()).toBe("Iniciar sesión");
    expect(await documentLanguage(page)).toEqual({ lang: "es", dir: "ltr", direction: "ltr" });
    await expect(page.getByLabel("Correo electrónico").isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Contraseña").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Iniciar sesión" }).isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Necesito una cuenta" }).click();
    await poll(() => signIn(page).textContent()).toBe("Crea tu cuenta");
    await expect(
      page.getByText("Al menos 10 caracteres; lo mejor es una frase de contraseña.").isVisible(),
    ).resolves.toBe(true);

    // Signing up says, in Spanish, to check the inbox; once verified, logging in lands in the
    // portal, its navigation in Spanish too.
    const email = `shell-${Math.random().toString(36).slice(2, 10)}@example.com`;
    harvestSecrets({ password: PASSWORD });
    await page.getByLabel("Correo electrónico").fill(email);
    await page.getByLabel("Contraseña").fill(PASSWORD);
    await page.getByRole("button", { name: "Registrarse" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "Revisa tu bandeja" }).textContent()).toBe(
      `Revisa tu bandeja de entrada: enviamos un enlace a ${email}. Ábrelo para verificar tu dirección y luego inicia sesión.`,
    );
    expect(await signIn(page).textContent()).toBe("Iniciar sesión");
    expect(await page.getByRole("link", { name: "¿Olvidaste tu contraseña?" }).isVisible()).toBe(true);
    await portal.db.knex("users").where({ email }).update({ email_verified_at: new Date().toISOString() });
    await page.getByLabel("Contraseña").fill(PASSWORD);
    await page.getByRole("button", { name: "Iniciar sesión" }).click();
    const nav = page.getByRole("navigation", { name: "Portal" });
    await poll(() => nav.isVisible()).toBe(true);
    const cookie = (await page.context().cookies()).find((c) => c.name === "cg_session")?.value;
    if (cookie) harvestSecrets({ session: cookie });
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "Problemas",
      "Cursos",
      "Claves",
      "Seguridad",
      "Inserciones",
      "LTI",
      "Registro de auditoría",
    ]);
    await expect(page.getByRole("button", { name: "Cerrar sesión" }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-i18n-es-problems.png"), fullPage: true });
    expect(await portal.axeViolations(page)).toEqual([]);
  });

  it("offers every language, each named in itself, and keeps the one chosen on this browser", async () => {
    const page = await portal.newPage({ locale: "en-US" });
    await page.goto(`${origin}/`);
    await poll(() => signIn(page).textContent()).toBe("Log in");
    const menu = page.getByLabel("Language");
    const options = await menu
      .locator("option")
      .evaluateAll((list) =>
        list.map((o) => [(o as HTMLOptionElement).value, o.getAttribute("lang"), o.textContent?.trim()]),
      );
    expect(options).toEqual([
      ["en", "en", "English"],
      ["es", "es", "Español"],
      ["fr", "fr", "Français"],
      ["de", "de", "Deutsch"],
      ["pt-BR", "pt-BR", "Português (Brasil)"],
      ["zh-CN", "zh-CN", "简体中文"],
      ["ar", "ar", "العربية"],
    ]);
    expect(await menu.inputValue()).toBe("en");

    await menu.selectOption("de");
    await poll(() => signIn(page).textContent()).toBe("Anmelden");
    expect((await documentLanguage(page)).lang).toBe("de");
    expect(await page.getByLabel("Sprache").inputValue()).toBe("de");
    // A new page on this browser keeps the choice over the browser's own language.
    await page.reload();
    await poll(() => signIn(page).textContent()).toBe("Anmelden");

    await page.getByLabel("Sprache").selectOption("en");
    await poll(() => signIn(page).textContent()).toBe("Log in");
  });

  it("lays the portal out right to left in Arabic", async () => {
    const page = await portal.newPage({ locale: "ar" });
    await page.goto(`${origin}/`);
    await poll(() => signIn(page).textContent()).toBe("تسجيل الدخول");
    expect(await documentLanguage(page)).toEqual({ lang: "ar", dir: "rtl", direction: "rtl" });
    // The header starts on the right: the brand sits to the right of the language menu.
    const brand = await page.locator("a.brand").boundingBox();
    const menu = await page.getByLabel("اللغة").boundingBox();
    expect(brand && menu && brand.x > menu.x).toBe(true);
    // Fields line up on the right edge of the form.
    const label = await page.getByText("البريد الإلكتروني", { exact: true }).boundingBox();
    const field = await page.getByLabel("البريد الإلكتروني").boundingBox();
    expect(label && field && Math.abs(label.x + label.width - (field.x + field.width)) < 2).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-i18n-ar-login.png"), fullPage: true });
    expect(await portal.axeViolations(page)).toEqual([]);
  });
});
