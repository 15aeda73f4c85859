import type { ReactiveController, ReactiveControllerHost } from "lit";

/**
 * The interface languages: English (the source, always loaded) and six more, each a lazy chunk
 * per element. Arabic is written right to left.
 */
export const LOCALES = ["en", "es", "fr", "de", "pt-BR", "zh-CN", "ar"] as const;
export type Locale = (typeof LOCALES)[number];

const RTL: ReadonlySet<string> = new Set(["ar"]);

/** `ltr` or `rtl`, for a locale's script. */
export const directionOf = (locale: string): "ltr" | "rtl" =>
  RTL.has(locale.split("-")[0]?.toLowerCase() ?? "") ? "rtl" : "ltr";

/**
 * A message: text with `{name}` placeholders, or one text per plural category (`one`, `few`,
 * `other`… as `Intl.PluralRules` names them) chosen by the `count` parameter.
 */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);
export type Catalog<K extends string = string> = Readonly<Record<K, Message>>;

/** Chinese written in Traditional characters is not served the Simplified catalog. */
const TRADITIONAL = /^zh-(hant|tw|hk|mo)\b/i;

/**
 * The first supported locale among the candidates (the element's `lang`, the page's, the
 * browser's), matching the exact tag first and then its language (`pt-PT` reads `pt-BR`,
 * `es-MX` reads `es`); English when none is supported.
 */
export function pickLocale(...candidates: readonly (string | null | undefined)[]): Locale {
  for (const raw of candidates) {
    const tag = raw?.trim().replace(/_/g, "-");
    if (!tag) continue;
    const exact = LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    if (TRADITIONAL.test(tag)) continue;
    const language = tag.split("-")[0]?.toLowerCase();
    const near = LOCALES.find((l) => l.split("-")[0] === language);
    if (near) return near;
  }
  return "en";
}

/** The language of the element's nearest `lang` (itself, an ancestor, `<html>`), else the browser's. */
export function requestedLocale(element: Element): string {
  const own = element.closest("[lang]")?.getAttribute("lang");
  return own || (typeof navigator === "undefined" ? "" : navigator.language);
}

export type Params = Readonly<Record<string, string | number>>;

/** Looks messages up in one locale, falling back to English, and formats values with `Intl`. */
export class Translator<K extends string> {
  private readonly plurals: Intl.PluralRules;
  private readonly numbers: Intl.NumberFormat;

  constructor(
    readonly locale: Locale,
    private readonly messages: Partial<Catalog<K>>,
    private readonly english: Catalog<K>,
  ) {
    this.plurals = new Intl.PluralRules(locale);
    this.numbers = new Intl.NumberFormat(locale);
  }

  get dir(): "ltr" | "rtl" {
    return directionOf(this.locale);
  }

  /** The message for `key` with `{name}` replaced (numbers written for the locale). */
  t(key: K, params: Params = {}): string {
    const message = this.messages[key] ?? this.english[key] ?? key;
    const text =
      typeof message === "string"
        ? message
        : (message[this.plurals.select(Number(params.count ?? 0))] ?? message.other);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? this.numbers.format(value) : value;
    });
  }

  /** A number written for the locale (`1 234,5` in French). */
  number(value: number, options?: Intl.NumberFormatOptions): string {
    return options ? new Intl.NumberFormat(this.locale, options).format(value) : this.numbers.format(value);
  }

  /** A date and time written for the locale. */
  date(value: Date | number, options?: Intl.DateTimeFormatOptions): string {
    return new Intl.DateTimeFormat(this.locale, options).format(value);
  }
}

/**
 * An element's messages: English is bundled with it; every other locale is a chunk of its own,
 * loaded on demand (`load`). Modules export their catalog as `default`.
 */
export interface MessageBundle<K extends string> {
  readonly english: Catalog<K>;
  readonly load: Readonly<Record<Exclude<Locale, "en">, () => Promise<{ default: Partial<Catalog<K>> }>>>;
}

const loaded = new WeakMap<object, Map<Locale, Promise<Partial<Catalog>>>>();

/** A locale's catalog of a bundle, loaded once per page; English when the chunk fails to load. */
export function loadCatalog<K extends string>(
  bundle: MessageBundle<K>,
  locale: Locale,
): Promise<Partial<Catalog<K>>> {
  if (locale === "en") return Promise.resolve(bundle.english);
  let cache = loaded.get(bundle);
  if (!cache) {
    cache = new Map();
    loaded.set(bundle, cache);
  }
  let pending = cache.get(locale);
  if (!pending) {
    pending = bundle.load[locale]().then(
      (module) => module.default,
      () => ({}),
    );
    cache.set(locale, pending);
  }
  return pending as Promise<Partial<Catalog<K>>>;
}

/**
 * Keeps an element's `Translator` for the locale it asks for (`update(requested)` on every
 * render is cheap): English until the locale's chunk arrives, then a new render.
 */
export class I18nController<K extends string> implements ReactiveController {
  private translator: Translator<K>;
  private wanted: Locale = "en";

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly bundle: MessageBundle<K>,
  ) {
    this.translator = new Translator("en", bundle.english, bundle.english);
    host.addController(this);
  }

  hostConnected(): void {}

  /** The translator for the locale last asked for (English while it loads). */
  get current(): Translator<K> {
    return this.translator;
  }

  /** Asks for the first supported locale among the candidates; renders again once it is loaded. */
  request(...candidates: readonly (string | null | undefined)[]): Translator<K> {
    const locale = pickLocale(...candidates);
    if (locale === this.wanted) return this.translator;
    this.wanted = locale;
    void loadCatalog(this.bundle, locale).then((messages) => {
      if (this.wanted !== locale) return;
      this.translator = new Translator(locale, messages, this.bundle.english);
      this.host.requestUpdate();
    });
    return this.translator;
  }

  /** Resolves once the locale asked for is in use (tests, and frames that wait before showing). */
  async ready(): Promise<Translator<K>> {
    if (this.wanted !== this.translator.locale) await loadCatalog(this.bundle, this.wanted);
    await this.host.updateComplete;
    return this.translator;
  }
}
