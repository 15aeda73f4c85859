import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Catalog, LOCALES, type Message, type MessageBundle } from "@codeground/widget/i18n";
import { expect, it } from "vitest";

const LOCALES_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "portal",
  "src",
  "locales",
);

const texts = (message: Message): string[] =>
  typeof message === "string" ? [message] : Object.values(message);
const placeholders = (message: Message) =>
  new Set(texts(message).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));

/**
 * The checks every portal catalog area passes: a module per locale and no other, each with exactly
 * English's keys, no empty text, the same placeholders, and every plural form its language has.
 */
export function checkCatalogArea(area: string, bundle: MessageBundle<string>) {
  it("lists a module for every locale, and no other", () => {
    const files = readdirSync(path.join(LOCALES_DIR, area))
      .filter((f) => f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(files).toEqual([...LOCALES].sort());
    expect(Object.keys(bundle.load).sort()).toEqual(LOCALES.filter((l) => l !== "en").sort());
  });

  it.each(LOCALES.filter((l) => l !== "en"))(
    "%s has every key English has, no other, with the same placeholders",
    async (locale) => {
      const english = bundle.english;
      const catalog: Partial<Catalog> = (await bundle.load[locale as Exclude<typeof locale, "en">]()).default;
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
      const plurals = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [key, message] of Object.entries(english)) {
        const translated = catalog[key] as Message;
        expect(
          texts(translated).every((t) => t.trim().length > 0),
          `${locale} ${key} is empty`,
        ).toBe(true);
        expect(placeholders(translated), `${locale} ${key} keeps its placeholders`).toEqual(
          placeholders(message),
        );
        // A count shown in a language with more than one plural form is written in those forms.
        if (placeholders(message).has("count") && plurals.length > 1)
          expect(typeof translated, `${locale} ${key} has plural forms`).toBe("object");
        if (typeof translated === "string") continue;
        // Romance languages' "many" is for whole millions, which falls back to "other".
        for (const category of plurals) {
          if (category === "many" && ["fr", "es", "pt-BR"].includes(locale)) continue;
          expect(translated[category], `${locale} ${key} has its "${category}" form`).toBeTruthy();
        }
      }
    },
  );
}
