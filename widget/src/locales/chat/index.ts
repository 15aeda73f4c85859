import type { Catalog, MessageBundle, Translator } from "../../i18n.js";
import type { ErrorDetail } from "../../protocol.js";
import english from "./en.js";

export type ChatKey = keyof typeof english;
export type ChatCatalog = Catalog<ChatKey>;

/** The messages of `<cg-chat>`: English bundled, the rest lazy. */
export const chatMessages: MessageBundle<ChatKey> = {
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

/** Whether `key` names a message of the catalog (error codes come from the API). */
export const isChatKey = (key: string): key is ChatKey => Object.hasOwn(english, key);

/** An error in the learner's language: the catalog's words for its code where it has them, else the API's. */
export function chatErrorText(t: Translator<ChatKey>, detail: ErrorDetail): string {
  const key = `error.${detail.code}`;
  return isChatKey(key) ? t.t(key) : detail.message;
}
