/** The shared domain's public face: what the rest of the API imports from here. */
export * from "./clock.js";
export * from "./invalidation-channel.js";
export * from "./pinned-dispatcher.js";
export * from "./throttle.js";
