/** The vault domain's public face: what the rest of the API imports from here. */
export * from "./key-grants.js";
export * from "./key-list-cache.js";
export * from "./keys.js";
export * from "./private-origins.js";
export * from "./provider-url.js";
export * from "./providers.js";
export * from "./rewrap.js";
export * from "./secret-box.js";
