import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type Catalog,
  directionOf,
  LOCALES,
  type Message,
  type MessageBundle,
  pickLocale,
  Translator,
} from "../src/i18n.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOCALES_DIR = path.join(here, "..", "src", "locales");
/** Every catalog folder: one per element area (problem, chat, keys, connect…). */
const AREAS = readdirSync(LOCALES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const texts = (message: Message): string[] =>
  typeof message === "string" ? [message] : Object.values(message);
const placeholders = (message: Message) =>
  new Set(texts(message).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));

describe("the interface's message catalogs", () => {
  it("has catalogs for the problem, the tutor and the keys manager", () => {
    expect(AREAS).toEqual(expect.arrayContaining(["problem", "chat", "keys"]));
  });

  describe.each(AREAS)("%s", (area) => {
    const load = async () => {
      const { [`${area}Messages`]: bundle } = (await import(`../src/locales/${area}/index.ts`)) as Record<
        string,
        MessageBundle<string>
      >;
      if (!bundle) throw new Error(`src/locales/${area}/index.ts exports no ${area}Messages`);
      return bundle;
    };

    it("lists a module for every locale, and no other", async () => {
      const files = readdirSync(path.join(LOCALES_DIR, area))
        .filter((f) => f !== "index.ts")
        .map((f) => f.replace(/\.ts$/, ""))
        .sort();
      expect(files).toEqual([...LOCALES].sort());
      expect(Object.keys((await load()).load).sort()).toEqual(LOCALES.filter((l) => l !== "en").sort());
    });

    it.each(LOCALES.filter((l) => l !== "en"))(
      "%s has every key English has, no other, with the same placeholders",
      async (locale) => {
        const bundle = await load();
        const english = bundle.english;
        const catalog: Partial<Catalog> = (await bundle.load[locale as Exclude<typeof locale, "en">]())
          .default;
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
          // A count English writes in plural forms is written in every form the locale has
          // (Romance languages' "many" is for whole millions, which falls back to "other").
          if (typeof message !== "string") {
            expect(typeof translated, `${locale} ${key} has plural forms`).toBe("object");
            const forms = translated as Exclude<Message, string>;
            for (const category of plurals) {
              if (category === "many" && ["fr", "es", "pt-BR"].includes(locale)) continue;
              expect(forms[category], `${locale} ${key} has its "${category}" form`).toBeTruthy();
            }
          }
        }
      },
    );
  });
});

describe("choosing the interface's language", () => {
  it("takes the first candidate there is a catalog for, matching the exact tag, then its language", () => {
    expect(pickLocale("es")).toBe("es");
    expect(pickLocale("es-MX")).toBe("es");
    expect(pickLocale("pt-PT")).toBe("pt-BR");
    expect(pickLocale("pt_br")).toBe("pt-BR");
    expect(pickLocale("zh")).toBe("zh-CN");
    expect(pickLocale("zh-Hans-CN")).toBe("zh-CN");
    expect(pickLocale("de-AT")).toBe("de");
    expect(pickLocale("ar-EG")).toBe("ar");
    // The element's lang first, then the page's, then the browser's.
    expect(pickLocale("", undefined, "fr-CA", "de")).toBe("fr");
    expect(pickLocale("nl", "fr")).toBe("fr");
  });

  it("falls back to English for a language without a catalog, Traditional Chinese or nonsense", () => {
    expect(pickLocale("nl")).toBe("en");
    expect(pickLocale("zh-TW")).toBe("en");
    expect(pickLocale("zh-Hant")).toBe("en");
    expect(pickLocale("zh-TW", "ja", "zh-CN")).toBe("zh-CN");
    expect(pickLocale("<script>", "\u0000", "")).toBe("en");
    expect(pickLocale()).toBe("en");
  });

  it("writes Arabic right to left and the others left to right", () => {
    expect(directionOf("ar")).toBe("rtl");
    expect(directionOf("ar-EG")).toBe("rtl");
    for (const locale of LOCALES.filter((l) => l !== "ar")) expect(directionOf(locale)).toBe("ltr");
  });
});

describe("a translator", () => {
  const english = {
    passed: { one: "{count} test passed", other: "{count} tests passed" },
    hello: "Hello, {name}",
    only: "Only in English",
  } as const;
  const french = {
    passed: { one: "{count} test réussi", other: "{count} tests réussis" },
    hello: "Bonjour, {name}",
  };

  it("falls back to English for a missing message, and to the key for an unknown one", () => {
    const t = new Translator("fr", french, english);
    expect(t.t("only")).toBe("Only in English");
    expect(t.t("nowhere" as "only")).toBe("nowhere");
  });

  it("chooses the plural form by the locale's rules and writes numbers for it", () => {
    const fr = new Translator("fr", french, english);
    // French treats 0 and 1 alike; English does not.
    expect(fr.t("passed", { count: 0 })).toBe("0 test réussi");
    expect(fr.t("passed", { count: 1234 })).toBe(`${new Intl.NumberFormat("fr").format(1234)} tests réussis`);
    const en = new Translator("en", english, english);
    expect(en.t("passed", { count: 0 })).toBe("0 tests passed");
    expect(en.t("passed", { count: 1 })).toBe("1 test passed");
    expect(new Translator("de", {}, english).number(1234.5)).toBe("1.234,5");
  });

  it("puts text in as text, and leaves a placeholder it was not given", () => {
    const t = new Translator("en", english, english);
    expect(t.t("hello", { name: "{count} <b>x</b>" })).toBe("Hello, {count} <b>x</b>");
    expect(t.t("hello")).toBe("Hello, {name}");
  });
});
