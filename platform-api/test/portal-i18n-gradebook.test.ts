import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradebookMessages } from "../portal/src/locales/gradebook/index.js";
import { checkCatalogArea } from "./support/catalogs.js";
import { insertCourseProblem } from "./support/courses.js";
import { harvestSecrets } from "./support/leaks.js";
import { ARTIFACTS, accountFor, describeBrowser, type Portal, poll, startPortal } from "./support/portal.js";

const PASSWORD = "a gradebook language passphrase 42";

describe("the gradebook's message catalogs (grid, statistics, a learner's submissions)", () => {
  checkCatalogArea("gradebook", gradebookMessages);
});

describeBrowser("the gradebook in Spanish and in Arabic", () => {
  let portal: Portal;
  let origin: string;
  let gradebookPath = "";
  let owner: Person;

  afterAll(async () => {
    await portal?.close();
  });

  async function signUp(name: string) {
    const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}@example.edu`;
    const { cookie, user } = await accountFor(portal, { email, password: PASSWORD, displayName: name });
    return { id: user.id, cookie };
  }
  type Person = Awaited<ReturnType<typeof signUp>>;

  async function call(who: Person, method: string, url: string, body?: unknown) {
    const response = await fetch(`${origin}/api/v1${url}`, {
      method,
      headers: { Cookie: `cg_session=${who.cookie}`, Origin: origin, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed = (await response.json()) as Record<string, string>;
    harvestSecrets(parsed);
    return parsed;
  }

  beforeAll(async () => {
    portal = await startPortal();
    origin = portal.origin;
    const db = portal.db.knex;
    harvestSecrets({ password: PASSWORD });
    const [olga, ana, beto] = await Promise.all(["Olga", "Ana", "Beto"].map(signUp));
    if (!olga || !ana || !beto) throw new Error("no users");
    owner = olga;
    const course = await call(owner, "POST", "/courses", { name: "Programación" });
    gradebookPath = `/courses/${course.id}/gradebook`;
    for (const learner of [ana, beto])
      await call(learner, "POST", "/courses/join", { joinCode: course.joinCode });
    const at = new Date(portal.clock.now()).toISOString();
    const problem = await insertCourseProblem(db, {
      slug: "suma",
      authorId: owner.id,
      courseId: course.id ?? "",
      at,
    });
    const assignment = randomUUID();
    await db("assignments").insert({
      id: assignment,
      course_id: course.id,
      title: "Semana 1",
      problems: JSON.stringify([{ slug: "suma", points: 10 }]),
      position: 0,
      tutor: "hints",
      created_at: at,
      updated_at: at,
    });
    for (const [who, verdict] of [
      [ana, "accepted"],
      [beto, "wrong_answer"],
    ] as const) {
      const id = randomUUID();
      await db("submissions").insert({
        id,
        problem_id: problem,
        user_id: who.id,
        language: "python",
        code: "print(1)",
        state: "done",
        verdict,
        created_at: at,
        finished_at: at,
        assignment_id: assignment,
      });
      await db("submission_results").insert({
        id: randomUUID(),
        submission_id: id,
        ordinal: 1,
        name: "grande",
        verdict,
        time_ms: 7,
        memory_kb: 1,
        hidden: true,
      });
    }
  }, 120_000);

  async function gradebookIn(locale: string): Promise<Page> {
    const page = await portal.newPage({ locale });
    await page.context().addCookies([{ name: "cg_session", value: owner.cookie, url: origin }]);
    await page.goto(`${origin}${gradebookPath}`);
    await poll(() => page.locator("cg-gradebook-grid table").isVisible()).toBe(true);
    return page;
  }

  const cells = (page: Page) =>
    page
      .locator("cg-gradebook-grid tbody tr")
      .evaluateAll((rows) =>
        rows.map((row) =>
          [...row.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim()),
        ),
      );

  it("shows verdicts, counts and statistics in Spanish, worded as the widget words them", async () => {
    const page = await gradebookIn("es-ES");
    await poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Libro de calificaciones");
    await poll(() => page.locator("cg-gradebook-grid thead th button").allTextContents()).toEqual([
      expect.stringContaining("Estudiante"),
      expect.stringContaining("Total"),
    ]);
    await poll(() => cells(page)).toEqual([
      ["Ana", "10", "10 Resuelto , 1 intento"],
      ["Beto", "0", "0 Respuesta incorrecta , 1 intento"],
    ]);
    expect(await page.getByText("2 estudiantes.").isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "Descargar CSV" }).isVisible()).toBe(true);
    const stats = page.locator("cg-gradebook-stats li");
    await poll(async () => (await stats.first().textContent())?.replace(/\s+/g, " ")).toContain(
      "Tasa de resolución",
    );
    const text = ((await stats.first().textContent()) ?? "").replace(/\s+/g, " ");
    expect(text).toContain("50 %");
    expect(text).toContain("(1 de 2 estudiantes que lo intentaron)");
    expect(text).toContain("prueba n.º 1 (grande): falló 1 vez");

    await page.getByRole("button", { name: "Beto" }).click();
    const panel = page.locator("cg-learner-submissions");
    await poll(() => panel.getByRole("heading", { level: 2 }).textContent()).toBe("Beto: todos los envíos");
    await poll(() => panel.locator("ol > li").count()).toBe(1);
    const submission = ((await panel.locator("ol > li").textContent()) ?? "").replace(/\s+/g, " ");
    expect(submission).toContain("suma en Semana 1");
    expect(submission).toContain("Respuesta incorrecta");
    expect(submission).toContain("Prueba n.º 1 (grande), oculta:");
    expect(await panel.getByRole("button", { name: "Cerrar envíos de Beto" }).isVisible()).toBe(true);
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-i18n-es-gradebook.png"), fullPage: true });
    await page.context().close();
  }, 120_000);

  it("lays the gradebook out right to left in Arabic, with the widget's Arabic verdicts", async () => {
    const page = await gradebookIn("ar");
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("سجل الدرجات");
    await poll(() => cells(page)).toEqual([
      ["Ana", "10", "10 محلولة ، محاولة واحدة"],
      ["Beto", "0", "0 إجابة خاطئة ، محاولة واحدة"],
    ]);
    const heading = page.getByRole("heading", { level: 1 });
    expect(await heading.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    expect(await portal.axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "portal-i18n-ar-gradebook.png"), fullPage: true });
    await page.context().close();
  }, 120_000);
});
