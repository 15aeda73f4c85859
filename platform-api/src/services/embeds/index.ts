/** The embeds domain's public face: what the rest of the API imports from here. */
export * from "./embed-limits.js";
export * from "./embed-origins.js";
export * from "./embed-session-limits.js";
export * from "./embed-sessions.js";
export * from "./embeds.js";
export * from "./webhooks.js";
