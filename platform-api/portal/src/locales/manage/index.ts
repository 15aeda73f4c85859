import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type ManageKey = keyof typeof english;
export type ManageCatalog = Catalog<ManageKey>;

/** The views that manage problems, embeds, security, the audit log and users: English bundled, the rest lazy. */
export const manageMessages: MessageBundle<ManageKey> = {
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
