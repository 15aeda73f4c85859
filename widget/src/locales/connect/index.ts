import type { Catalog, MessageBundle } from "../../i18n.js";
import english from "./en.js";

export type ConnectKey = keyof typeof english;
export type ConnectCatalog = Catalog<ConnectKey>;

/** The messages of the portal's connect window (`/connect`): English bundled, the rest lazy. */
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

/** Whether `key` names a message of the catalog (error codes come from the API). */
export const isConnectKey = (key: string): key is ConnectKey => Object.hasOwn(english, key);
