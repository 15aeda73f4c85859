import type { Middleware } from "koa";
import type { Logger } from "pino";
import { SandboxError } from "../errors.js";
import type { ErrorBody, ErrorType } from "../schemas.js";

/** The one place errors become responses, in the shared `{ error: { type, code, message, requestId } }` shape. */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new SandboxError(
          404,
          "not_found",
          "route_not_found",
          `No route for ${ctx.method} ${ctx.path.slice(0, 200)}.`,
        );
      }
    } catch (thrown) {
      const err = toSandboxError(thrown);
      if (err.status >= 500) logger.error({ err: thrown, requestId: ctx.state.requestId }, "request failed");
      const body: ErrorBody = {
        error: {
          type: err.type,
          code: err.code,
          message: err.message,
          ...(err.details !== undefined ? { details: err.details } : {}),
          requestId: String(ctx.state.requestId ?? ""),
        },
      };
      if (typeof (err.details as { retryAfter?: unknown })?.retryAfter === "number") {
        ctx.set("Retry-After", String((err.details as { retryAfter: number }).retryAfter));
      }
      ctx.status = err.status;
      ctx.body = body;
    }
  };
}

/** Koa's own errors carry `status`/`expose`; anything else is an internal error whose text stays private. */
export function toSandboxError(thrown: unknown): SandboxError {
  if (thrown instanceof SandboxError) return thrown;
  const e = thrown as { status?: number; expose?: boolean; message?: string };
  const status = typeof e?.status === "number" ? e.status : 500;
  if (status >= 400 && status < 500) {
    const type: ErrorType =
      status === 401 ? "authentication" : status === 403 ? "authorization" : "validation";
    return new SandboxError(status, type, "bad_request", e.expose && e.message ? e.message : "Bad request.");
  }
  return new SandboxError(
    500,
    "internal",
    "internal_error",
    "Something went wrong in the sandbox; try again.",
  );
}
