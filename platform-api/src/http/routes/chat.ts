import {
  type ChatDoneEvent,
  ConversationQuery,
  CreateConversationRequest,
  type ErrorBody,
  SendMessageRequest,
  UpdateChatPreferencesRequest,
} from "@codeground/sdk";
import type Router from "@koa/router";
import type { Chat } from "../../services/tutor/chat.js";
import { codeActorOf } from "../actor.js";
import { principalOf } from "../auth.js";
import { ApiError } from "../errors.js";
import { newRouter } from "../router.js";
import { openEventStream } from "../sse.js";
import { body, parse } from "../validate.js";

/** The house error object for an `event: error`; only our own errors' words reach the client. */
function errorEvent(err: unknown, requestId: string): ErrorBody {
  if (err instanceof ApiError) {
    return {
      error: {
        type: err.type,
        code: err.code,
        message: err.message,
        ...(err.details !== undefined ? { details: err.details } : {}),
        requestId,
      },
    };
  }
  return {
    error: {
      type: "internal",
      code: "internal_error",
      message: "Something went wrong on our side; try again.",
      requestId,
    },
  };
}

/** Conversations with the AI tutor; a reply streams as Server-Sent Events. */
export function chatRoutes({ chat }: { chat: Chat }): Router {
  const router = newRouter();

  router.post("/chat/conversations", async (ctx) => {
    const conversation = await chat.create(codeActorOf(ctx, "write"), body(ctx, CreateConversationRequest));
    ctx.status = 201;
    ctx.set("Location", `/api/v1/chat/conversations/${conversation.id}`);
    ctx.body = conversation;
  });

  router.get("/chat/conversations", async (ctx) => {
    ctx.body = await chat.list(codeActorOf(ctx), parse(ConversationQuery, ctx.query));
  });

  router.get("/chat/conversations/:id", async (ctx) => {
    ctx.body = await chat.get(codeActorOf(ctx), ctx.params.id ?? "");
  });

  /**
   * `event: token` per piece of the reply, then `event: done` (`{ messageId, usage }`) or
   * `event: error` (the house error object). Refusals (validation, 404, 429, no key) come
   * before the stream, as plain JSON errors. Leaving mid-reply cancels the provider call.
   */
  router.post("/chat/conversations/:id/messages", async (ctx) => {
    const actor = codeActorOf(ctx, "write");
    const request = body(ctx, SendMessageRequest);
    const turn = await chat.prepare(actor, ctx.params.id ?? "", request);
    const controller = new AbortController();
    let finished = false;
    // The response closing before the reply is done means the client left.
    ctx.res.once("close", () => {
      if (!finished) controller.abort();
    });
    const stream = openEventStream(ctx);
    const requestId = String(ctx.state.requestId ?? "");
    let dispatched: () => void = () => undefined;
    const accepted = new Promise<void>((resolve) => {
      dispatched = resolve;
    });
    const replying = turn
      .run({
        signal: controller.signal,
        onText: (text) => {
          dispatched();
          stream.send("token", { text });
        },
        onDispatched: () => dispatched(),
      })
      .then((result) => {
        if (result.status === "complete") {
          const done: ChatDoneEvent = { messageId: result.messageId, usage: result.usage };
          stream.send("done", done);
        } else stream.send("error", errorEvent(result.error, requestId));
      })
      .catch((err) => stream.send("error", errorEvent(err, requestId)))
      .finally(() => {
        finished = true;
        stream.close();
      });
    // The response starts once the provider has the request, the first words came or the reply
    // ended: sooner would only delay the call. Its headers go out at once, so the client is ready
    // for the first words while the provider thinks.
    await Promise.race([accepted, replying]);
    if (!finished) ctx.flushHeaders();
  });

  router.get("/chat/preferences", async (ctx) => {
    ctx.body = await chat.preferences(principalOf(ctx));
  });

  router.put("/chat/preferences", async (ctx) => {
    const principal = principalOf(ctx, "write");
    ctx.body = await chat.setPreferences(principal, body(ctx, UpdateChatPreferencesRequest).tutorPolicy);
  });

  return router;
}
