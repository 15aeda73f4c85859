/** The accounts domain's public face: what the rest of the API imports from here. */
export * from "./accounts.js";
export * from "./end-credentials.js";
export * from "./passwords.js";
export * from "./principal-cache.js";
export * from "./recovery-codes.js";
export * from "./second-factor-attempts.js";
export * from "./tokens.js";
export * from "./totp.js";
