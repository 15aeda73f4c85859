import { type Locale, pickLocale } from "@codeground/widget/i18n";

/**
 * The tag dates, numbers and sorting follow for an interface language: the browser's own regional
 * variant when it speaks that language (British dates under English, Mexican under Spanish), else
 * the language itself.
 */
export function formatLocale(locale: Locale): string {
  const own = typeof navigator === "undefined" ? [] : navigator.languages;
  return own.find((tag) => pickLocale(tag) === locale) ?? locale;
}
