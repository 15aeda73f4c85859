/** The audit domain's public face: what the rest of the API imports from here. */

export * from "./audit.js";
export * from "./audit-key.js";
