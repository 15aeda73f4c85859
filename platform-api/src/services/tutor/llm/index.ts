export { createLlmGateway, type LlmGatewayDeps } from "./gateway.js";

export interface LlmMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export type LlmChunk =
  | { type: "text"; text: string }
  | { type: "done"; usage: LlmUsage; keyId: string; provider: string; model: string };

export interface LlmRequest {
  /** Whose vault key pays: the learner's user id, or an embed owner's when the embed sponsors chat. */
  payerUserId: string;
  task: "chat" | "feedback";
  messages: LlmMessage[];
  signal: AbortSignal;
  /** Set when an embed sponsors the call: usage is also counted against the embed's budget. */
  embedId?: string;
  maxOutputTokens?: number;
  /**
   * Called once the request is on its way to the provider (written to its connection, or at the
   * latest answered; after the I/O already waiting) — on a retry, again. Work that need not precede the
   * call (storing the learner's message, starting the response) can start here.
   */
  onDispatched?: () => void;
  /** What `lookAhead` started for this payer; the call uses it instead of reading the keys again. */
  lookedAhead?: LlmLookAhead;
}

/** Who pays for a call and for what: everything the gateway needs to find the keys. */
export type LlmPayer = Pick<LlmRequest, "payerUserId" | "task" | "embedId">;

/** The payer's keys being looked up ahead of a call (opaque to callers). */
export interface LlmLookAhead {
  readonly payer: LlmPayer;
  readonly keys: Promise<unknown>;
}

export interface LlmGateway {
  /** Tokens as they come, then one "done". */
  stream(request: LlmRequest): AsyncIterable<LlmChunk>;
  /**
   * Starts reading the payer's keys (nothing is decrypted, nothing is called) while the caller
   * does its own reads; pass the result as `lookedAhead` to the `stream` that follows.
   */
  lookAhead?(payer: LlmPayer): LlmLookAhead;
  complete(
    request: LlmRequest,
  ): Promise<{ text: string; usage: LlmUsage; keyId: string; provider: string; model: string }>;
}
