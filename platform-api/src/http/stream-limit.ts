import type { Context, Middleware } from "koa";
import { ApiError } from "./errors.js";

/** Open event streams one user or learner may hold on one instance, unless configured otherwise. */
export const DEFAULT_STREAMS_PER_ACTOR = 5;

/** The routes that answer with an event stream (and hold a connection until it ends). */
const EVENT_STREAM_ROUTES: readonly { method: string; path: RegExp }[] = [
  { method: "GET", path: /^\/api\/v1\/submissions\/[^/]+\/events$/ },
  { method: "POST", path: /^\/api\/v1\/chat\/conversations\/[^/]+\/messages$/ },
  { method: "GET", path: /^\/api\/v1\/courses\/[^/]+\/gradebook\/events$/ },
];

const opensEventStream = (ctx: Context) =>
  EVENT_STREAM_ROUTES.some((r) => r.method === ctx.method && r.path.test(ctx.path));

/** Whose streams these are: a user, or a learner of an embed; undefined for anyone else (a 401 follows). */
function actorKey(ctx: Context): string | undefined {
  if (ctx.state.principal) return `user:${ctx.state.principal.user.id}`;
  const learner = ctx.state.learner;
  if (learner) return `learner:${learner.embedId}:${learner.learnerRef}`;
  return undefined;
}

/**
 * Caps the event streams (submission events, tutor replies) each actor holds open at once on
 * this instance: each holds a connection, timers and listeners for as long as it lasts. One
 * more is a 429 before the route does anything (nothing is charged or started). A stream counts
 * until its response closes, whichever side ends it.
 */
export function limitEventStreams({ perActor = DEFAULT_STREAMS_PER_ACTOR } = {}): Middleware {
  const open = new Map<string, number>();
  return async (ctx, next) => {
    const key = opensEventStream(ctx) ? actorKey(ctx) : undefined;
    if (!key) return next();
    const count = open.get(key) ?? 0;
    if (count >= perActor) {
      throw new ApiError(
        429,
        "rate_limit",
        "too_many_streams",
        `You have ${perActor} event streams open already; close one (or let it finish), then try again.`,
        { retryAfter: 1, limit: perActor },
        { "Retry-After": "1" },
      );
    }
    open.set(key, count + 1);
    ctx.res.once("close", () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
    await next();
  };
}
