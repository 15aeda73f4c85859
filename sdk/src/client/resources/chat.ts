import {
  ChatDoneEvent,
  ChatPreferences,
  ChatTokenEvent,
  Conversation,
  ConversationList,
  type ConversationQuery,
  ConversationWithMessages,
  type CreateConversationRequest,
  type SendMessageRequest,
} from "../../schemas/chat.js";
import { ErrorBody } from "../../schemas/errors.js";
import { apiErrorFor, ConnectionError, statusOfType } from "../errors.js";
import { type HttpClient, type QueryParams, type RequestOptions, validate } from "../http.js";
import { serverSentEvents } from "../streams.js";

const conversationPath = (id: string) => `/chat/conversations/${encodeURIComponent(id)}`;

/**
 * A tutor reply as it streams: iterate it for the text, piece by piece. Leaving the loop early
 * or aborting the signal stops the reply (the HTTP request ends, so the provider call is
 * cancelled). `result` resolves with the stored message's id and usage once the reply is complete.
 */
export class ChatReply implements AsyncIterable<string> {
  /** The reply so far. */
  text = "";
  readonly #source: AsyncGenerator<string, ChatDoneEvent, undefined>;
  readonly #result: Promise<ChatDoneEvent>;
  #settle!: { resolve: (done: ChatDoneEvent) => void; reject: (err: unknown) => void };
  #started = false;

  constructor(source: AsyncGenerator<string, ChatDoneEvent, undefined>) {
    this.#source = source;
    this.#result = new Promise<ChatDoneEvent>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Nobody has to await `result`; an unread failure must not become an unhandled rejection.
    this.#result.catch(() => undefined);
  }

  /** The stored reply's `messageId` and token `usage`, once complete; rejects if it failed or was stopped. */
  get result(): Promise<ChatDoneEvent> {
    if (!this.#started) void this.#drain();
    return this.#result;
  }

  [Symbol.asyncIterator](): AsyncGenerator<string, void, undefined> {
    if (this.#started) throw new Error("A chat reply can be read once.");
    this.#started = true;
    return this.#read();
  }

  async *#read(): AsyncGenerator<string, void, undefined> {
    let settled = false;
    try {
      for (;;) {
        const next = await this.#source.next();
        if (next.done) {
          settled = true;
          this.#settle.resolve(next.value);
          return;
        }
        this.text += next.value;
        yield next.value;
      }
    } catch (err) {
      settled = true;
      this.#settle.reject(err);
      throw err;
    } finally {
      if (!settled) {
        await this.#source.return(undefined as never);
        this.#settle.reject(new DOMException("The reply was stopped before it ended.", "AbortError"));
      }
    }
  }

  async #drain(): Promise<void> {
    try {
      for await (const _ of this) {
        // read to the end; `result` settles
      }
    } catch {
      // `result` carries the failure
    }
  }
}

/** Conversations with the AI tutor. */
export class ChatResource {
  readonly conversations: ConversationsResource;
  readonly preferences: ChatPreferencesResource;

  constructor(private readonly http: HttpClient) {
    this.conversations = new ConversationsResource(http);
    this.preferences = new ChatPreferencesResource(http);
  }

  /**
   * Sends a message (with the learner's current code, if any) and streams the tutor's reply:
   * `for await (const chunk of cg.chat.send(id, { content: "hint?" })) process.stdout.write(chunk)`.
   * Refusals before the reply starts (validation, 404, 429) throw typed errors; a failure during
   * the reply (`event: error`) throws the matching `ApiError` from the loop. Never retried.
   */
  send(conversationId: string, input: SendMessageRequest, options: RequestOptions = {}): ChatReply {
    const call = {
      method: "POST" as const,
      path: `${conversationPath(conversationId)}/messages`,
      body: input,
    };
    const http = this.http;
    async function* tokens(): AsyncGenerator<string, ChatDoneEvent, undefined> {
      for await (const message of serverSentEvents(http, call, options)) {
        const context = {
          where: `${call.method} ${call.path} (${message.event})`,
          status: 200,
          requestId: message.requestId,
        };
        const json = parseJson(message.data);
        if (message.event === "token") yield validate(ChatTokenEvent, json, context).text;
        else if (message.event === "done") return validate(ChatDoneEvent, json, context);
        else if (message.event === "error") {
          const { error } = validate(ErrorBody, json, context);
          throw apiErrorFor({
            ...error,
            status: statusOfType(error.type),
            requestId: error.requestId || message.requestId,
          });
        }
      }
      throw new ConnectionError(`The tutor's reply stream ended before the reply was complete.`);
    }
    return new ChatReply(tokens());
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class ConversationsResource {
  constructor(private readonly http: HttpClient) {}

  /** A conversation about one problem (its slug), or none. */
  create(input: CreateConversationRequest = {}, options?: RequestOptions): Promise<Conversation> {
    return this.http.request(
      { method: "POST", path: "/chat/conversations", body: input, schema: Conversation },
      options,
    );
  }

  /** The conversation with every message, oldest first. */
  get(id: string, options?: RequestOptions): Promise<ConversationWithMessages> {
    return this.http.request(
      { method: "GET", path: conversationPath(id), schema: ConversationWithMessages },
      options,
    );
  }

  /** Your conversations, most recently active first. */
  list(query: QueryParams<ConversationQuery> = {}, options?: RequestOptions): Promise<ConversationList> {
    return this.http.request(
      { method: "GET", path: "/chat/conversations", query, schema: ConversationList },
      options,
    );
  }
}

/** How far the tutor goes for you on the portal: `hints` or `open`. */
export class ChatPreferencesResource {
  constructor(private readonly http: HttpClient) {}

  get(options?: RequestOptions): Promise<ChatPreferences> {
    return this.http.request({ method: "GET", path: "/chat/preferences", schema: ChatPreferences }, options);
  }

  update(input: ChatPreferences, options?: RequestOptions): Promise<ChatPreferences> {
    return this.http.request(
      { method: "PUT", path: "/chat/preferences", body: input, schema: ChatPreferences },
      options,
    );
  }
}
