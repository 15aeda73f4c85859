import type { Catalog, MessageBundle } from "@codeground/widget/i18n";
import english from "./en.js";

export type CourseKey = keyof typeof english;
export type CourseCatalog = Catalog<CourseKey>;

/** The messages of a course's page (`<cg-course>` and its sections): English bundled, the rest lazy. */
export const courseMessages: MessageBundle<CourseKey> = {
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
