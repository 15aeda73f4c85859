import type { Catalog, MessageBundle } from "../../i18n.js";
import english from "./en.js";

export type ProblemKey = keyof typeof english;
export type ProblemCatalog = Catalog<ProblemKey>;

/** The messages of `<cg-problem>` and `<cg-assignment-bar>`: English bundled, the rest lazy. */
export const problemMessages: MessageBundle<ProblemKey> = {
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

/** Whether `key` names a message of the catalog (verdicts and error codes come from the API). */
export const isProblemKey = (key: string): key is ProblemKey => Object.hasOwn(english, key);
