import { type Catalog, loadCatalog, type MessageBundle, Translator } from "@codeground/widget/i18n";
import { portalLocale } from "../../locale.js";
import english from "./en.js";

export type ShellKey = keyof typeof english;
export type ShellCatalog = Catalog<ShellKey>;

/** The portal's frame (navigation, sign-in, shared messages): English bundled, the rest lazy. */
export const shellMessages: MessageBundle<ShellKey> = {
  english,
  load: {
    es: () => import("./es.js"),
    fr: () => import("./fr.js"),
    de: () => import("./de.js"),
    "pt-BR": () => import("./pt-BR.js"),
    "zh-CN": () => import("./zh-CN.js"),
    ar: () => import("./ar.js"),
  },
};

/** The shell's messages in the portal's language, for code outside an element (API errors, the clipboard). */
export async function shellText(): Promise<Translator<ShellKey>> {
  const locale = portalLocale();
  return new Translator(locale, await loadCatalog(shellMessages, locale), english);
}
