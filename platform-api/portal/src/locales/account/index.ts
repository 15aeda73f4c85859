import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type AccountKey = keyof typeof english;
export type AccountCatalog = Catalog<AccountKey>;

/**
 * The pages an emailed link opens (verify the address, reset the password), the forgotten-password
 * form, and the account settings (address, mail, data): English bundled, the rest lazy.
 */
export const accountMessages: MessageBundle<AccountKey> = {
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
