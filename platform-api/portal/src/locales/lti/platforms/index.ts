import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type PlatformsKey = keyof typeof english;
export type PlatformsCatalog = Catalog<PlatformsKey>;

/** The messages of the LTI page (`<cg-lti>`): English bundled, the rest lazy. */
export const platformsMessages: MessageBundle<PlatformsKey> = {
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
