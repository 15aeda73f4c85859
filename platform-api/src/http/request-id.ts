import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";

const safeId = /^[A-Za-z0-9._:-]{8,128}$/;

/** Every request gets an id (a well-formed `X-Request-Id` is kept), echoed on the response and in logs. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get("X-Request-Id");
    ctx.state.requestId = safeId.test(incoming) ? incoming : randomUUID();
    ctx.set("X-Request-Id", ctx.state.requestId);
    await next();
  };
}
