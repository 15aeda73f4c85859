/** The LTI 1.3 domain's public face: what the rest of the API imports from here. */
export * from "./deep-linking.js";
export * from "./dynamic-registration.js";
export * from "./launch.js";
export * from "./launch-claims.js";
export * from "./launch-outcome.js";
export * from "./login.js";
export * from "./lti-refusal.js";
export * from "./platform-keys.js";
export * from "./registrations.js";
export * from "./roles.js";
export * from "./roster.js";
export * from "./tool-keys.js";
