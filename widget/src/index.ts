/**
 * The elements as ES modules, for bundlers and trusted pages that render them in place (no
 * frame): give `<cg-problem>` a `client` made with `createLearnerClient({ baseUrl, embedKey })`
 * or `({ baseUrl, token })`.
 */
export { createLearnerClient, type LearnerClient, type LearnerClientOptions, WidgetApiError } from "./api.js";
export { CgChat } from "./cg-chat.js";
export { CgProblem } from "./cg-problem.js";
export { createDraftStore, type DraftStore, memoryDrafts } from "./drafts.js";
export type { ErrorDetail, ReadyDetail, ResultDetail, RunDetail } from "./protocol.js";
