import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type InvitationKey = keyof typeof english;
export type InvitationCatalog = Catalog<InvitationKey>;

/** The messages of a staff invitation's page (`<cg-invitation>`): English bundled, the rest lazy. */
export const invitationMessages: MessageBundle<InvitationKey> = {
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
