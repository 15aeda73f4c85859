import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type ListKey = keyof typeof english;
export type ListCatalog = Catalog<ListKey>;

/** The messages of the course list (`<cg-courses>`): English bundled, the rest lazy. */
export const listMessages: MessageBundle<ListKey> = {
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
