import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manageMessages } from "../portal/src/locales/manage/index.js";
import { checkCatalogArea } from "./support/catalogs.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "a manage language passphrase 42";

const TWO_PROBLEMS = `slug: idioma-suma
title: Suma
statement: Print the sum of two integers.
difficulty: easy
languages: [python]
judge: { mode: stdio, compare: tokens }
tests:
  - { input: "1 2\\n", expected: "3\\n", sample: true }
---
slug: idioma-eco
title: Eco
statement: Print the line you read.
difficulty: hard
languages: [python]
judge: { mode: stdio, compare: trim }
tests:
  - { input: "hi\\n", expected: "hi\\n", sample: true }
`;

describe("the portal's managing views' message catalogs (problems, authoring, embeds, security, audit, users)", () => {
  checkCatalogArea("manage", manageMessages);
});

describeBrowser("the portal's managing views in Spanish and in Arabic", () => {
  let portal: Portal;
  let origin: string;
  let db: Portal["db"];

  beforeAll(async () => {
    // Roles change in the database below: no cached principal may outlive that.
    portal = await startPortal({ authCacheTtlMs: 0 });
    ({ origin, db } = portal);
  });

  afterAll(async () => {
    await portal?.close();
  });

  async function signUp(role: "learner" | "author" | "admin") {
    const email = `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`;
    harvestSecrets({ password: PASSWORD });
    const { cookie, user } = await accountFor(portal, { email, password: PASSWORD });
    if (role !== "learner") await db.knex("users").where({ id: user.id }).update({ role });
    return { id: user.id, email, cookie };
  }

  async function pageAs(user: { cookie: string }, at: string, locale: string): Promise<Page> {
    const page = await portal.newPage({ locale });
    await page.context().addCookies([{ name: "cg_session", value: user.cookie, url: origin }]);
    await page.goto(`${origin}${at}`);
    return page;
  }

  const title = (page: Page) => page.getByRole("heading", { level: 1 });

  it("lets an admin manage users in Spanish: headings, buttons, confirmations and status lines", async () => {
    const admin = await signUp("admin");
    const other = await signUp("learner");
    const page = await pageAs(admin, "/admin", "es-ES");
    await poll(() => title(page).textContent()).toBe("Usuarios");
    await page.getByLabel("Buscar por correo o nombre").fill(other.email);
    await page.getByRole("button", { name: "Buscar", exact: true }).click();
    await poll(() => page.locator("tbody tr").count()).toBe(1);
    expect(await page.locator("thead th").allTextContents()).toEqual([
      "Usuario",
      "Rol",
      "Estado",
      "Acciones",
    ]);
    const role = page.getByLabel(`Rol de ${other.email}`);
    expect(await role.locator("option").allTextContents()).toEqual(["Estudiante", "Autor", "Administrador"]);
    await role.selectOption("author");
    await page.getByRole("button", { name: `Guardar rol de ${other.email}` }).click();
    const status = page.locator("p.ok[role=status]");
    await poll(() => status.textContent()).toBe(`${other.email} ahora es autor.`);

    await page.getByRole("button", { name: `Desactivar ${other.email}` }).click();
    const confirm = page.getByRole("group", { name: `Confirmar: desactivar ${other.email}` });
    await poll(() => confirm.isVisible()).toBe(true);
    expect(await confirm.textContent()).toContain("¿Desactivar");
    await confirm.getByRole("button", { name: `Sí, desactivar ${other.email}` }).click();
    await poll(() => status.textContent()).toBe(
      `Se desactivó ${other.email}: sus sesiones y tokens de acceso han terminado.`,
    );
    expect(await page.locator("tbody tr .disabled").textContent()).toBe("Desactivada");
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-i18n-es-users.png"), fullPage: true });

    await page.getByRole("link", { name: "Seguridad" }).click();
    await poll(() => title(page).textContent()).toBe("Seguridad");
    expect(
      await page.getByRole("button", { name: "Configurar la verificación en dos pasos" }).isVisible(),
    ).toBe(true);
    expect(await page.getByRole("button", { name: "Crear token" }).isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: "Tokens de acceso personal" }).isVisible()).toBe(true);
    await page.context().close();
  });

  it("imports problems in Spanish, counting them in the plural, and lists them with Spanish difficulties", async () => {
    const author = await signUp("author");
    const page = await pageAs(author, "/author", "es-ES");
    await poll(() => title(page).textContent()).toBe("Autoría");
    expect(await page.getByRole("button", { name: "Crear problema" }).isVisible()).toBe(true);
    await page.getByLabel("Archivo").setInputFiles({
      name: "problemas.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(TWO_PROBLEMS),
    });
    await page.getByRole("button", { name: "Importar", exact: true }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "Se importaron" }).textContent()).toBe(
      "Se importaron 2 problemas de problemas.yaml.",
    );
    expect(
      await page.getByRole("list", { name: "Problemas importados" }).getByRole("listitem").allTextContents(),
    ).toEqual(["idioma-suma: creado, versión 1", "idioma-eco: creado, versión 1"]);

    await page.getByRole("link", { name: "Problemas", exact: true }).click();
    await poll(() => title(page).textContent()).toBe("Problemas");
    expect(await page.getByRole("button", { name: "Filtrar" }).isVisible()).toBe(true);
    await poll(() => page.getByRole("row", { name: /Suma/ }).isVisible()).toBe(true);
    expect(await page.getByRole("row", { name: /Suma/ }).locator("td").first().textContent()).toBe("fácil");
    expect(await page.getByRole("row", { name: /Eco/ }).locator("td").first().textContent()).toBe("difícil");

    // The problem page hands the portal's language to the widget's editor and tutor.
    await page.getByRole("link", { name: "Suma" }).click();
    await poll(() => page.getByRole("link", { name: "← Todos los problemas" }).isVisible()).toBe(true);
    expect(await page.locator("section#exercise").getAttribute("aria-label")).toBe("Ejercicio");
    await poll(() => page.locator("cg-problem").getAttribute("lang")).toBe("es");
    expect(await page.locator("cg-chat").getAttribute("lang")).toBe("es");
    await page.context().close();
  });

  it("shows the audit log right to left in Arabic, its columns starting on the right", async () => {
    const admin = await signUp("admin");
    const page = await pageAs(admin, "/audit", "ar");
    await poll(() => title(page).textContent()).toBe("سجل التدقيق");
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      "ar",
      "rtl",
    ]);
    await poll(() => page.locator("tbody tr").count()).toBeGreaterThan(0);
    const first = await page.getByRole("columnheader", { name: "الوقت" }).boundingBox();
    const last = await page.getByRole("columnheader", { name: "IP" }).boundingBox();
    expect(first && last && first.x > last.x).toBe(true);
    await page.getByRole("button", { name: "افحص السلسلة" }).click();
    await poll(() => page.locator(".verdict").textContent()).toMatch(/^السلسلة سليمة: /);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-i18n-ar-audit.png"), fullPage: true });
    await page.context().close();
  });
});
