import { directionOf, LOCALES, type Locale, pickLocale } from "@codeground/widget/i18n";

/** Where the language a user chose in the portal is kept, on this browser. */
const STORAGE_KEY = "cg:portal-locale";

/** The language the user chose here, if any. */
function chosen(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The language a keys frame asks its connect window for (`/connect?lang=`): the window speaks the
 * course page's language, whatever this browser chose for the portal.
 */
function askedByFrame(): string | null {
  if (typeof location === "undefined" || location.pathname !== "/connect") return null;
  return new URLSearchParams(location.search).get("lang");
}

/**
 * The portal's interface language: the one a keys frame asks its connect window for, else the
 * one chosen in the language menu on this browser, else the browser's languages in their order,
 * else English.
 */
export function portalLocale(): Locale {
  return pickLocale(
    askedByFrame(),
    chosen(),
    ...(typeof navigator === "undefined" ? [] : navigator.languages),
  );
}

/** Keeps a choice from the language menu and shows the page again in it. */
export function choosePortalLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage refused: the choice lasts for this page only.
  }
  if (askedByFrame()) {
    // A connect window speaks what its address asks for: ask for the choice instead.
    const url = new URL(location.href);
    url.searchParams.set("lang", locale);
    location.replace(url.href);
    return;
  }
  location.reload();
}

/** The document speaks the portal's language: `lang` for screen readers, `dir` for Arabic. */
export function applyPortalLocale(root: HTMLElement = document.documentElement): Locale {
  const locale = portalLocale();
  root.lang = locale;
  root.dir = directionOf(locale);
  return locale;
}

/** Each language's name in itself, for the language menu. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: "English",
  es: "Español",
  fr: "Français",
  de: "Deutsch",
  "pt-BR": "Português (Brasil)",
  "zh-CN": "简体中文",
  ar: "العربية",
};

export { LOCALES };
