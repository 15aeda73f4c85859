import type { Context, Middleware } from "koa";
import { originAllowed } from "../services/embeds/embed-origins.js";
import { servesLearners } from "./learner-guard.js";

const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE";
const ALLOW_HEADERS =
  "Authorization, Content-Type, X-Embed-Key, Idempotency-Key, Last-Event-ID, X-Request-Id";
const EXPOSE_HEADERS = "X-Request-Id, Retry-After";
const MAX_AGE_SECONDS = "600";

export interface EmbedCorsDeps {
  /** The origins the embed a publishable key names allows, or undefined for an unknown key. */
  originsOf(publishableKey: string): Promise<readonly string[] | undefined>;
  /** Whether any embed allows this origin (a preflight carries no key or token to go by). */
  anyAllows(origin: string): Promise<boolean>;
}

/**
 * CORS, per embed, for embed requests only: those carrying `X-Embed-Key` or a learner token, on the
 * routes that serve learners. A response grants the request's `Origin` only when that embed allows
 * it; a preflight, which carries neither, when some embed does (the real request is then checked
 * against its own embed). For everything else CORS stays closed.
 */
export function embedCors({ originsOf, anyAllows }: EmbedCorsDeps): Middleware {
  const grant = (ctx: Context, origin: string) => {
    ctx.set("Access-Control-Allow-Origin", origin);
    ctx.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  };

  return async (ctx, next) => {
    const origin = ctx.get("Origin");
    if (!origin || !servesLearners(ctx.path)) return next();

    if (ctx.method === "OPTIONS" && ctx.get("Access-Control-Request-Method")) {
      ctx.vary("Origin");
      if (await anyAllows(origin)) {
        grant(ctx, origin);
        ctx.set("Access-Control-Allow-Methods", ALLOW_METHODS);
        ctx.set("Access-Control-Allow-Headers", ALLOW_HEADERS);
        ctx.set("Access-Control-Max-Age", MAX_AGE_SECONDS);
      }
      ctx.status = 204;
      return;
    }

    const embedKey = ctx.get("X-Embed-Key");
    const learnerToken = /^Bearer cgl_/.test(ctx.get("Authorization"));
    if (!embedKey && !learnerToken) return next();
    ctx.vary("Origin");
    try {
      await next();
    } finally {
      // After the request: identify has resolved the learner's embed by then (or refused the token).
      try {
        const allowed = ctx.state.embedOrigins ?? (embedKey ? await originsOf(embedKey) : undefined);
        if (allowed ? originAllowed(origin, allowed) : await anyAllows(origin)) grant(ctx, origin);
      } catch {
        // No grant: the browser then withholds the answer, which is the safe side.
      }
    }
  };
}
