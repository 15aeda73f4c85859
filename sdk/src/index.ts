export * from "./schemas/audit.js";
export * from "./schemas/auth.js";
export * from "./schemas/chat.js";
export * from "./schemas/embeds.js";
export * from "./schemas/errors.js";
export * from "./schemas/keys.js";
export * from "./schemas/problems.js";
export * from "./schemas/submissions.js";
