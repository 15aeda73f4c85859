import { describe, expect, it } from "vitest";
import { announcement, dateLocale, formatCountdown, formatMinutes } from "../src/assignment-time.js";
import { type Locale, Translator } from "../src/i18n.js";
import { type ProblemKey, problemMessages } from "../src/locales/problem/index.js";
import { verdictText } from "../src/verdicts.js";

async function translator(locale: Locale): Promise<Translator<ProblemKey>> {
  const messages = locale === "en" ? problemMessages.english : (await problemMessages.load[locale]()).default;
  return new Translator(locale, messages, problemMessages.english);
}

describe("the exercise's messages", () => {
  it("names verdicts in Spanish, and leaves a verdict it has no word for as the judge wrote it", async () => {
    const es = await translator("es");
    expect(verdictText(es, "accepted")).toBe("Aceptado");
    expect(verdictText(es, "wrong_answer")).toBe("Respuesta incorrecta");
    expect(verdictText(es, "time_limit_exceeded")).toBe("Límite de tiempo excedido");
    expect(verdictText(es, null)).toBe("Evaluando…");
    expect(verdictText(es, "presentation_error")).toBe("presentation_error");
    const en = await translator("en");
    expect(verdictText(en, "internal_error")).toBe("Judging failed");
    expect(verdictText(en, undefined)).toBe("Judging…");
  });

  it("chooses Arabic's six plural forms for minutes, hours and tests", async () => {
    const ar = await translator("ar");
    const minutes = [0, 1, 2, 3, 10, 11, 99, 100].map((count) => ar.t("duration.minutes", { count }));
    expect(minutes).toEqual([
      "0 دقيقة",
      "دقيقة واحدة",
      "دقيقتان",
      "3 دقائق",
      "10 دقائق",
      "11 دقيقة",
      "99 دقيقة",
      "100 دقيقة",
    ]);
    expect(formatMinutes(ar, 120)).toBe("ساعتان");
    expect(formatMinutes(ar, 90)).toBe("ساعة واحدة و30 دقيقة");
    expect(ar.t("progress", { done: 1, total: 2, count: 2 })).toBe("جارٍ التقييم: 1 من اختبارين");
    expect(ar.t("progress", { done: 4, total: 12, count: 12 })).toBe("جارٍ التقييم: 4 من 12 اختبارًا");
    expect(announcement(ar, 20)).toBe("الوقت المتبقي: 30 ثانية.");
  });

  it("treats zero and one alike in French, and counts in English as before", async () => {
    const fr = await translator("fr");
    expect([0, 1, 2].map((count) => fr.t("duration.minutes", { count }))).toEqual([
      "0 minute",
      "1 minute",
      "2 minutes",
    ]);
    const verdict = verdictText(fr, "wrong_answer");
    expect(fr.t("result.submission", { verdict, passed: 1, total: 3, count: 1 })).toBe(
      "Soumission\u00a0: Mauvaise réponse — 1 test réussi sur 3",
    );
    expect(fr.t("result.submission", { verdict, passed: 2, total: 3, count: 2 })).toBe(
      "Soumission\u00a0: Mauvaise réponse — 2 tests réussis sur 3",
    );
    expect(announcement(fr, 61)).toBe("Temps restant\u00a0: 2 minutes.");
    const en = await translator("en");
    expect([1, 2].map((m) => announcement(en, m * 60))).toEqual(["1 minute left.", "2 minutes left."]);
    expect(formatMinutes(en, 61)).toBe("1 hour 1 minute");
    expect(en.t("result.run", { verdict: "Accepted", passed: 3, total: 5, count: 3 })).toBe(
      "Sample tests: Accepted — 3 of 5 passed",
    );
  });

  it("writes numbers the German way", async () => {
    const de = await translator("de");
    expect(de.t("progress", { done: 1200, total: 1500, count: 1500 })).toBe(
      "Bewertung: 1.200 von 1.500 Tests",
    );
    expect(de.number(0.1, { style: "percent" })).toBe("10\u00a0%");
    expect(formatCountdown(de, 3909)).toBe("1:05:09");
    expect(formatMinutes(de, 90)).toBe("1 Stunde und 30 Minuten");
    expect(de.t("late.penalty", { penalty: de.number(0.1, { style: "percent" }) })).toBe(
      "Wenn du jetzt einreichst, ist die Abgabe verspätet: 10\u00a0% Abzug pro Tag Verspätung.",
    );
  });

  it("writes dates in the page's own tag while it is the messages' language, else in theirs", () => {
    expect(dateLocale("en-GB", "en")).toBe("en-GB");
    expect(dateLocale("pt-PT", "pt-BR")).toBe("pt-PT");
    expect(dateLocale("ja-JP", "en")).toBe("en");
    expect(dateLocale("", "fr")).toBe("fr");
  });

  it("has every English key in every locale, each with the English placeholders", async () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const english = problemMessages.english;
    for (const locale of Object.keys(problemMessages.load) as Exclude<Locale, "en">[]) {
      const catalog = (await problemMessages.load[locale]()).default;
      for (const [key, source] of Object.entries(english)) {
        const message = catalog[key as ProblemKey];
        expect(message, `${locale} ${key}`).toBeDefined();
        const wanted = names(typeof source === "string" ? source : source.other);
        const other = typeof message === "string" ? message : (message?.other ?? "");
        expect(names(other), `${locale} ${key}: ${other}`).toEqual(wanted);
        // The other forms may name their number in words ("دقيقة واحدة", "اختبارين").
        for (const form of typeof message === "string" ? [] : Object.values(message ?? {})) {
          for (const name of names(form)) expect(wanted, `${locale} ${key}: ${form}`).toContain(name);
        }
      }
    }
  });
});
