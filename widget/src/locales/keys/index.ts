import type { Catalog, MessageBundle } from "../../i18n.js";
import english from "./en.js";

export type KeysKey = keyof typeof english;
export type KeysCatalog = Catalog<KeysKey>;

/** The messages of `<cg-keys>` and its frame: English bundled, the rest lazy. */
export const keysMessages: MessageBundle<KeysKey> = {
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
export const isKeysKey = (key: string): key is KeysKey => Object.hasOwn(english, key);
