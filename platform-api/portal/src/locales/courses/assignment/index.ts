import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type AssignmentKey = keyof typeof english;
export type AssignmentCatalog = Catalog<AssignmentKey>;

/** The messages of an assignment's page (`<cg-assignment-editor>`): English bundled, the rest lazy. */
export const assignmentMessages: MessageBundle<AssignmentKey> = {
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
