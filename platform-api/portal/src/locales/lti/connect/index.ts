import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type ConnectKey = keyof typeof english;
export type ConnectCatalog = Catalog<ConnectKey>;

/** The messages of the LMS's registration window (`<cg-lti-connect>`): English bundled, the rest lazy. */
export const connectMessages: MessageBundle<ConnectKey> = {
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
