/** The problems domain's public face: what the rest of the API imports from here. */
export * from "./problem-access.js";
export * from "./problem-documents.js";
export * from "./problem-seed.js";
export * from "./problem-store.js";
export * from "./problems.js";
export * from "./statement-html.js";
