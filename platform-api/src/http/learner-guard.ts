import type { Context, Middleware } from "koa";
import { embedOriginOk } from "../services/embeds/embed-origins.js";
import { fail } from "./errors.js";

/** Where a learner token is accepted: the routes that serve learners inside an embed. */
export const LEARNER_PATHS = [
  "/api/v1/problems",
  "/api/v1/submissions",
  "/api/v1/executions",
  "/api/v1/chat",
  "/api/v1/embed/",
  "/api/v1/assignments",
] as const;

export const servesLearners = (path: string): boolean =>
  LEARNER_PATHS.some((p) => path === p || path.startsWith(p.endsWith("/") ? p : `${p}/`));

/**
 * Keeps learner tokens to their place: only on the routes that serve learners, and, when the
 * request says where it comes from, only from the embed's allowed origins.
 */
export function guardLearners(publicUrl: string): Middleware {
  const ownOrigin = new URL(publicUrl).origin;
  return async (ctx: Context, next) => {
    const learner = ctx.state.learner;
    if (learner) {
      const origin = ctx.get("Origin");
      if (origin && !embedOriginOk(origin, ctx.state.embedOrigins ?? [], ownOrigin)) {
        throw fail.authorization(
          "origin_not_allowed",
          `This embed is not allowed on ${origin.slice(0, 300)}; its owner can add the origin in the embed's settings.`,
        );
      }
      if (!servesLearners(ctx.path)) {
        throw fail.authorization(
          "learner_token_not_accepted",
          "A learner token works only for problems, runs, submissions, assignments and chat; sign in for anything else.",
        );
      }
    }
    await next();
  };
}
