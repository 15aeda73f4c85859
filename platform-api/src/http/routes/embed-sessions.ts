import { CreateEmbedSessionRequest } from "@codeground/sdk";
import type Router from "@koa/router";
import type { EmbedSessions } from "../../services/embeds/embed-sessions.js";
import { metaOf } from "../auth.js";
import { newRouter } from "../router.js";
import { body } from "../validate.js";

/** Learner sessions inside an embed: `X-Embed-Key` from an allowed `Origin`. */
export function embedSessionRoutes({ sessions }: { sessions: EmbedSessions }): Router {
  const router = newRouter();

  router.post("/embed/sessions", async (ctx) => {
    const input = body(ctx, CreateEmbedSessionRequest);
    const origin = ctx.get("Origin") || undefined;
    ctx.status = 201;
    ctx.body = await sessions.create(ctx.get("X-Embed-Key"), origin, input, metaOf(ctx));
  });

  return router;
}
