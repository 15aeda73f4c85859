import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type GradebookKey = keyof typeof english;
export type GradebookCatalog = Catalog<GradebookKey>;

/** The messages of a course's gradebook (`<cg-gradebook>`, its grid, statistics and a learner's submissions): English bundled, the rest lazy. */
export const gradebookMessages: MessageBundle<GradebookKey> = {
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

/** Whether `key` names a message of the catalog (verdicts come from the API). */
export const isGradebookKey = (key: string): key is GradebookKey => Object.hasOwn(english, key);
