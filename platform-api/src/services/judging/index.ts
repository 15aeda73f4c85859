/** The judging domain's public face: what the rest of the API imports from here. */
export * from "./execution-limit.js";
export * from "./executions.js";
export * from "./judging.js";
export * from "./judging-source.js";
export * from "./sandbox.js";
export * from "./submission-queue.js";
export * from "./submissions.js";
