import type { Catalog, Locale } from "@codeground/widget/i18n";
import en, { type MailMessageKey } from "./en.js";

export type { MailMessageKey };
export { en };

/** Every locale's mail catalog, loaded when first needed; English is always here. */
export const mailCatalogs: Readonly<
  Record<Exclude<Locale, "en">, () => Promise<{ default: Partial<Catalog<MailMessageKey>> }>>
> = {
  es: () => import("./es.js"),
  fr: () => import("./fr.js"),
  de: () => import("./de.js"),
  "pt-BR": () => import("./pt-BR.js"),
  "zh-CN": () => import("./zh-CN.js"),
  ar: () => import("./ar.js"),
};
