/** The tutor domain's public face: what the rest of the API imports from here. */

export * from "./chat.js";
export * from "./chat-context.js";
export * from "./feedback.js";
export * from "./llm/index.js";
export * from "./redact.js";
export * from "./tutor-policy.js";
