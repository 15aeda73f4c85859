import type { MailMessageKey } from "./en.js";

/** Not translated yet: every message falls back to English. */
const messages: Partial<Record<MailMessageKey, string>> = {};
export default messages;
