import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentMessages } from "../portal/src/locales/courses/assignment/index.js";
import { courseMessages } from "../portal/src/locales/courses/course/index.js";
import { invitationMessages } from "../portal/src/locales/courses/invitation/index.js";
import { listMessages } from "../portal/src/locales/courses/list/index.js";
import { checkCatalogArea } from "./support/catalogs.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "a course language passphrase 42";

describe("the course list's message catalogs", () => {
  checkCatalogArea("courses/list", listMessages);
});

describe("a course page's message catalogs (assignments, members, invitations, the LMS link)", () => {
  checkCatalogArea("courses/course", courseMessages);
});

describe("the staff invitation page's message catalogs", () => {
  checkCatalogArea("courses/invitation", invitationMessages);
});

describe("the assignment page's message catalogs", () => {
  checkCatalogArea("courses/assignment", assignmentMessages);
});

describeBrowser("the course pages in Spanish and in Arabic", () => {
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

  /** A new user's page at `at`, its browser speaking `locale`. */
  async function pageAt(at: string, locale: string): Promise<Page> {
    const email = `idioma-${Math.random().toString(36).slice(2, 10)}@example.edu`;
    const { cookie } = await accountFor(portal, { email, password: PASSWORD });
    const page = await portal.newPage({ locale });
    await page.context().addCookies([{ name: "cg_session", value: cookie, url: origin }]);
    await page.goto(`${origin}${at}`);
    return page;
  }

  const title = (page: Page) => page.getByRole("heading", { level: 1 });

  it("runs a new course in Spanish: headings, buttons, a confirmation and its outcome", async () => {
    const page = await pageAt("/courses", "es-ES");
    await poll(() => title(page).textContent()).toBe("Cursos");
    expect(await page.getByRole("heading", { name: "Crear un curso" }).isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: "Unirse a un curso" }).isVisible()).toBe(true);
    expect(await page.getByLabel("Código de acceso").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Unirse al curso" }).isVisible()).toBe(true);
    await poll(() => page.getByText("Todavía no estás en ningún curso").isVisible()).toBe(true);

    await page.getByLabel("Nombre del curso").fill("Algoritmos");
    await page.getByRole("button", { name: "Crear curso" }).click();
    await poll(() => title(page).textContent()).toBe("Algoritmos");
    // The course page is a chunk of its own, its Spanish a chunk of that: the text follows the name.
    await poll(() => page.getByText("Eres el propietario de este curso.").isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "← Todos los cursos" }).isVisible()).toBe(true);
    for (const heading of ["Código de acceso", "Tareas", "Miembros", "Invitar al equipo docente"])
      await poll(() => page.getByRole("heading", { name: heading, exact: true }).isVisible()).toBe(true);
    await poll(() => page.getByText("Todavía no hay tareas.").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Copiar el código de acceso" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Crear enlace de invitación" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Eliminar curso" }).isVisible()).toBe(true);

    await page.getByRole("button", { name: "Nuevo código de acceso" }).click();
    const confirm = page.getByRole("group", { name: "Confirmar: crear un nuevo código de acceso" });
    await poll(() => confirm.isVisible()).toBe(true);
    expect(await confirm.textContent()).toContain("¿Crear un nuevo código de acceso?");
    await confirm.getByRole("button", { name: "Sí, crear un código nuevo" }).click();
    await poll(() =>
      page.getByRole("status").filter({ hasText: "Se creó un nuevo código de acceso" }).count(),
    ).toBe(1);
    // Dates follow the locale: the member table's "joined" column in Spanish order (day/month/year).
    const joined = (await page.locator("td[data-label='Se unió'] time").textContent()) ?? "";
    const today = new Date();
    expect(joined).toBe(today.toLocaleDateString("es-ES"));
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-i18n-es-course.png"), fullPage: true });

    // Back on the list, the course is a row: its headers and the role in Spanish.
    await page.getByRole("link", { name: "← Todos los cursos" }).click();
    await poll(() => page.locator("thead th").allTextContents()).toEqual(["Curso", "Tu rol"]);
    expect(await page.locator("tbody td").first().textContent()).toBe("Propietario");
    await page.context().close();
  }, 120_000);

  it("lays the course list out right to left in Arabic", async () => {
    const page = await pageAt("/courses", "ar");
    await poll(() => title(page).textContent()).toBe("المقررات");
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      "ar",
      "rtl",
    ]);
    const create = page.getByRole("button", { name: "إنشاء المقرر" });
    expect(await create.isVisible()).toBe(true);
    expect(await create.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    // The form's button sits at the inline start, which is the right in Arabic.
    const box = await create.boundingBox();
    const form = await page.locator("form").first().boundingBox();
    if (!box || !form) throw new Error("no layout");
    expect(box.x + box.width).toBeGreaterThan(form.x + form.width / 2);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-i18n-ar-courses.png"), fullPage: true });
    await page.context().close();
  }, 120_000);
});
