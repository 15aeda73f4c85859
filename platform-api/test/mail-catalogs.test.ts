import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LOCALES } from "@codeground/widget/i18n";
import { describe, expect, it } from "vitest";
import { en, type MailMessageKey, mailCatalogs } from "../src/services/mail/messages/index.js";
import { MAIL_KINDS, renderMail } from "../src/services/mail/render.js";

const MESSAGES_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "src",
  "services",
  "mail",
  "messages",
);
const TRANSLATED = LOCALES.filter((l) => l !== "en") as Exclude<(typeof LOCALES)[number], "en">[];

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const paragraphs = (text: string) => text.split("\n").length;

/**
 * What is wrong with a translated mail catalog next to English: a key missing or extra, an empty
 * text, a placeholder added, lost or renamed (the value would not be filled in, or a raw `{name}`
 * would reach the reader), or a different number of paragraphs (the HTML part makes one `<p>` of
 * each line). Empty when the catalog follows English.
 */
export function catalogProblems(
  english: Readonly<Record<string, string>>,
  catalog: Readonly<Record<string, string | undefined>>,
): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) if (!(key in catalog)) problems.push(`${key} is missing`);
  for (const key of Object.keys(catalog)) if (!(key in english)) problems.push(`${key} is not in English`);
  for (const [key, source] of Object.entries(english)) {
    const text = catalog[key];
    if (text === undefined) continue;
    if (text.trim() === "") problems.push(`${key} is empty`);
    const want = placeholders(source).join(", ");
    const got = placeholders(text).join(", ");
    if (got !== want) problems.push(`${key} has placeholders [${got}] instead of [${want}]`);
    if (paragraphs(text) !== paragraphs(source))
      problems.push(`${key} has ${paragraphs(text)} paragraph(s) instead of ${paragraphs(source)}`);
  }
  return problems;
}

describe("the mail catalogs follow the English one", () => {
  it("has a module for every interface language, and no other", () => {
    const files = readdirSync(MESSAGES_DIR)
      .filter((f) => f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(files).toEqual([...LOCALES].sort());
    expect(Object.keys(mailCatalogs).sort()).toEqual([...TRANSLATED].sort());
  });

  it.each(TRANSLATED)(
    "%s has every key English has, no other, each with its placeholders and paragraphs",
    async (locale) => {
      const catalog = (await mailCatalogs[locale]()).default as Record<string, string>;
      expect(catalogProblems(en, catalog)).toEqual([]);
    },
  );

  it.each(TRANSLATED)("%s is translated, not English copied over", async (locale) => {
    const catalog = (await mailCatalogs[locale]()).default as Record<MailMessageKey, string>;
    const copied = (Object.keys(en) as MailMessageKey[]).filter((key) => catalog[key] === en[key]);
    expect(copied).toEqual([]);
  });

  it("notices a key missing or extra, a placeholder changed, and a paragraph lost", () => {
    const english = { "a.subject": "Hello {name}", "a.body": "One.\nTwo {count}.", "a.action": "Go" };
    expect(catalogProblems(english, english)).toEqual([]);
    expect(
      catalogProblems(english, {
        "a.subject": "Hola {nombre}",
        "a.body": "Uno y dos {count}.",
        "a.extra": "Sobra",
      }),
    ).toEqual([
      "a.action is missing",
      "a.extra is not in English",
      "a.subject has placeholders [nombre] instead of [name]",
      "a.body has 1 paragraph(s) instead of 2",
    ]);
    expect(catalogProblems(english, { ...english, "a.action": " ", "a.subject": "Hola" })).toEqual([
      "a.subject has placeholders [] instead of [name]",
      "a.action is empty",
    ]);
  });
});

describe("mail in the recipient's language", () => {
  const link = "https://codeground.test/reset-password?token=cg_reset_0123456789abcdef";
  const to = "ada@example.com";

  it("writes a password reset in Spanish, its link in the text part and the HTML part", async () => {
    const mail = await renderMail("password_reset", { locale: "es", link, to });
    expect(mail.locale).toBe("es");
    expect(mail.subject).toBe("Restablece tu contraseña de Codeground");
    expect(mail.text.split("\n")[0]).toBe(
      "Alguien pidió restablecer la contraseña de la cuenta de Codeground de esta dirección.",
    );
    expect(mail.text).toContain(`Elegir una contraseña nueva: ${link}`);
    expect(mail.text).toContain("Codeground envió este mensaje a ada@example.com.");
    expect(mail.html).toContain('<html lang="es" dir="ltr">');
    expect(mail.html).toContain(`<a href="${link}"`);
    expect(mail.html).toContain(">Elegir una contraseña nueva</a>");
    expect(mail.html).toContain("Si el botón no funciona, copia esta dirección en tu navegador:");
    expect(mail.html).toContain(`>${link}</span>`);
  });

  it("lays Arabic mail out right to left, with the written-out link kept left to right", async () => {
    const mail = await renderMail("password_reset", { locale: "ar", link, to });
    expect(mail.locale).toBe("ar");
    expect(mail.subject).toBe("إعادة تعيين كلمة مرورك على Codeground");
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toMatch(new RegExp(`<span dir="ltr"[^>]*>${link.replace(/[.?]/g, "\\$&")}</span>`));
    expect(mail.html).toContain(`<a href="${link}"`);
    expect(mail.text).toContain(`اختيار كلمة مرور جديدة: ${link}`);
  });

  it.each(["tlh", "zh-TW", "zh-Hant", "", null])("writes English for %j", async (locale) => {
    const mail = await renderMail("password_reset", { locale, link, to });
    expect(mail.locale).toBe("en");
    expect(mail.subject).toBe(en["password_reset.subject"]);
    expect(mail.html).toContain('<html lang="en" dir="ltr">');
    expect(mail.text).toContain(`${en["password_reset.action"]}: ${link}`);
  });

  it("reads Brazilian Portuguese for pt-PT, and Spanish for es-MX", async () => {
    const portuguese = await renderMail("password_reset", { locale: "pt-PT", link, to });
    expect(portuguese.locale).toBe("pt-BR");
    expect(portuguese.subject).toBe("Redefina sua senha do Codeground");
    expect(portuguese.html).toContain('<html lang="pt-BR" dir="ltr">');
    const spanish = await renderMail("password_reset", { locale: "es_MX", link, to });
    expect(spanish.subject).toBe("Restablece tu contraseña de Codeground");
  });

  it("fills the nested role, budget and browser names from the same language", async () => {
    const invitation = await renderMail("course_invitation", {
      locale: "fr",
      link,
      to,
      params: { course: "Algo 1", inviter: "Grace", role: { key: "role.ta" } },
    });
    expect(invitation.text.split("\n")[0]).toBe(
      "Grace vous a invité à rejoindre le cours Algo 1 comme assistant.",
    );
    const budget = await renderMail("budget_warning", {
      locale: "de",
      link,
      to,
      params: {
        budget: { key: "budget.course", params: { course: "Algo 1" } },
        percent: 80,
        used: 8000,
        limit: 10000,
      },
    });
    expect(budget.subject).toBe(
      "Der Kurs Algo 1: 80\u00a0% des Tutor-Budgets für diesen Monat sind verbraucht",
    );
    expect(budget.text).toContain("(8.000 von 10.000 Tokens)");
    const signIn = await renderMail("new_sign_in", {
      locale: "zh-CN",
      link,
      to,
      params: {
        browser: { key: "new_sign_in.browserOn", params: { browser: "Firefox", system: "Linux" } },
        date: "2026-12-05",
        ip: "203.0.113.7",
      },
    });
    expect(signIn.subject).toBe("Codeground 新登录：Linux 上的 Firefox");
    expect(signIn.text).toContain("浏览器：Linux 上的 Firefox\nIP 地址：203.0.113.7");
  });

  it.each(TRANSLATED)("writes every kind of mail in %s with every placeholder filled", async (locale) => {
    for (const kind of MAIL_KINDS) {
      const names = (Object.keys(en) as MailMessageKey[])
        .filter((key) => [`${kind}.subject`, `${kind}.body`, `${kind}.action`].includes(key))
        .flatMap((key) => placeholders(en[key]));
      const params = Object.fromEntries(names.map((name) => [name, `«${name}»`]));
      const english = await renderMail(kind, { locale: "en", params, link, to });
      const mail = await renderMail(kind, { locale, params, link, to });
      expect(mail.locale).toBe(locale);
      expect(`${mail.subject}\n${mail.text}`, `${locale} ${kind}`).not.toMatch(/\{\w+\}/);
      expect(mail.subject, `${locale} ${kind} subject`).not.toBe(english.subject);
      expect(mail.text.split("\n").length, `${locale} ${kind} lines`).toBe(english.text.split("\n").length);
      for (const name of names)
        expect(`${mail.subject}\n${mail.text}`, `${locale} ${kind} shows {${name}}`).toContain(`«${name}»`);
    }
  });
});
