/** Account data: its export, the account's deletion, staff erasing a learner, the audit log's pseudonyms. */

export * from "./audit-pseudonyms.js";
export * from "./coverage.js";
export * from "./delete-account.js";
export * from "./erase-learner.js";
export * from "./export.js";
